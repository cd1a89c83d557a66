import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { adviceForTokenError } from '../../nodes/shared/transport/aadsts';
import { resolveEndpoints } from '../../nodes/shared/transport/clouds';
import { adviceForApiError, redact } from '../../nodes/shared/transport/errors';
import { PACKAGE_VERSION, USER_AGENT } from '../../nodes/shared/transport/http';
import {
	familyOf,
	release,
	resetBudgets,
	tryAcquire,
} from '../../nodes/shared/transport/rateBudget';
import {
	backoffMs,
	DEFAULT_RETRY_POLICY,
	isRetryableStatus,
	isTransientNetworkCode,
	parseRetryAfterSeconds,
	wasNotSent,
} from '../../nodes/shared/transport/retry';
import {
	assertTenantId,
	normaliseTenantId,
	tenantFields,
} from '../../nodes/shared/transport/tenant';
import {
	clearTokenCache,
	getToken,
	invalidateToken,
	tokenCacheKey,
	toCachedToken,
} from '../../nodes/shared/transport/tokenCache';

describe('clouds', () => {
	const COMMERCIAL_SCOPE = 'https://api.securitycenter.microsoft.com/.default';
	it.each([
		[
			'the commercial cloud',
			[{ cloud: 'global' }],
			{
				loginBaseUrl: 'https://login.microsoftonline.com',
				apiBaseUrl: 'https://api.securitycenter.microsoft.com',
				scope: COMMERCIAL_SCOPE,
			},
		],
		[
			'a geo region, same audience',
			[{ cloud: 'global', apiRegion: 'eu' }],
			{ apiBaseUrl: 'https://eu.api.security.microsoft.com', scope: COMMERCIAL_SCOPE },
		],
		[
			'a legacy region host',
			[{ cloud: 'global', apiRegion: 'api-uk' }],
			{ apiBaseUrl: 'https://api-uk.securitycenter.microsoft.com' },
		],
		[
			"a tenant's own region over the default",
			[{ cloud: 'global', apiRegion: 'us' }, 'au'],
			{ apiBaseUrl: 'https://au.api.security.microsoft.com' },
		],
		[
			'GCC',
			[{ cloud: 'gcc' }],
			{
				loginBaseUrl: 'https://login.microsoftonline.com',
				apiBaseUrl: 'https://api-gcc.securitycenter.microsoft.us',
				scope: 'https://api-gcc.securitycenter.microsoft.us/.default',
			},
		],
		...['gccHigh', 'dod'].map((cloud) => [
			`${cloud}, whose one host ignores the region`,
			[{ cloud, apiRegion: 'eu' }],
			{
				loginBaseUrl: 'https://login.microsoftonline.us',
				apiBaseUrl: 'https://api-gov.securitycenter.microsoft.us',
			},
		]),
		[
			'custom endpoints, a trailing slash dropped',
			[
				{
					cloud: 'custom',
					loginBaseUrl: 'https://127.0.0.1:8443/',
					apiBaseUrl: 'https://127.0.0.1:8444',
				},
			],
			{
				loginBaseUrl: 'https://127.0.0.1:8443',
				apiBaseUrl: 'https://127.0.0.1:8444',
				scope: COMMERCIAL_SCOPE,
			},
		],
	] as Array<[string, Parameters<typeof resolveEndpoints>, object]>)(
		'maps %s to its hosts and audience',
		(_name, args, expected) => {
			expect(resolveEndpoints(...args)).toMatchObject(expected);
		},
	);

	it('refuses a custom endpoint that is not a URL', () => {
		expect(() =>
			resolveEndpoints({ cloud: 'custom', loginBaseUrl: 'not a url', apiBaseUrl: '' }),
		).toThrow(/not a URL/);
	});

	it('refuses plain http:// custom endpoints except on this machine', () => {
		const https = 'https://127.0.0.1:8443';
		for (const loopback of ['http://127.0.0.1:8080', 'http://LOCALHOST:1/', 'http://[::1]:9']) {
			expect(() =>
				resolveEndpoints({ cloud: 'custom', loginBaseUrl: loopback, apiBaseUrl: loopback }),
			).not.toThrow();
		}
		for (const remote of ['http://proxy.example.com', 'http://10.0.0.5:8080', 'http://127.0.0.2']) {
			expect(() =>
				resolveEndpoints({ cloud: 'custom', loginBaseUrl: remote, apiBaseUrl: https }),
			).toThrow(/login base URL "http:.*does not use https:\/\/.*127\.0\.0\.1, ::1 or localhost/);
			expect(() =>
				resolveEndpoints({ cloud: 'custom', loginBaseUrl: https, apiBaseUrl: remote }),
			).toThrow(/API base URL "http:.*does not use https:\/\//);
		}
		expect(() => resolveEndpoints({ cloud: 'global', apiRegion: 'mars' })).toThrow(
			/Unknown API region/,
		);
	});

	it('returns custom base URLs as new URL() writes them, so next-page links compare with them', () => {
		expect(
			resolveEndpoints({
				cloud: 'custom',
				loginBaseUrl: ' HTTPS://Login.Proxy.Corp:443/ ',
				apiBaseUrl: 'HTTPS://Proxy.Corp/Defender//',
			}),
		).toMatchObject({
			loginBaseUrl: 'https://login.proxy.corp',
			apiBaseUrl: 'https://proxy.corp/Defender',
		});
		expect(
			resolveEndpoints({
				cloud: 'custom',
				loginBaseUrl: 'HTTP://LocalHost:80',
				apiBaseUrl: 'http://[::1]:8080/',
			}),
		).toMatchObject({ loginBaseUrl: 'http://localhost', apiBaseUrl: 'http://[::1]:8080' });
		// A user name would be dropped by the normalisation, and a bad port is no URL.
		for (const bad of ['https://user:pw@proxy.corp', 'https://proxy.corp:99999']) {
			expect(() =>
				resolveEndpoints({ cloud: 'custom', loginBaseUrl: bad, apiBaseUrl: bad }),
			).toThrow(/is not a URL/);
		}
	});
});

describe('tenant', () => {
	it('accepts GUIDs and domains, refuses aliases and path tricks with a helpful message', () => {
		expect(normaliseTenantId(' 72F988BF-86F1-41AF-91AB-2D7CD011DB47 ')).toBe(
			'72f988bf-86f1-41af-91ab-2d7cd011db47',
		);
		expect(normaliseTenantId('Contoso.onmicrosoft.com')).toBe('contoso.onmicrosoft.com');
		for (const bad of [
			'common',
			'organizations',
			'../common',
			'a/b.com',
			'contoso',
			'',
			'x.com/../y',
		]) {
			expect(normaliseTenantId(bad)).toBeUndefined();
		}
		expect(() => assertTenantId('common')).toThrow(/multi-tenant alias.*GUID/);
		expect(() => assertTenantId('nope')).toThrow(/contoso\.onmicrosoft\.com/);
	});
});

describe('aadsts', () => {
	const cases: Array<[number, RegExp]> = [
		[700016, /consent link/],
		[65001, /consent link/],
		[500011, /licence/],
		[7000215, /Value \(not its Secret ID\)/],
		[7000222, /expired/],
		[90002, /not found/],
		[700082, /Reconnect/],
		[70008, /Reconnect/],
		[53003, /Conditional Access/],
	];
	it.each(cases)('AADSTS%i → advice', (code, advice) => {
		const body = {
			error: 'x',
			error_description: `AADSTS${code}: secret-ish text kQF8Q~abc`,
			error_codes: [code],
		};
		const result = adviceForTokenError(body, 'Contoso (tid)', 400);
		expect(result.advice).toMatch(advice);
		expect(result.advice).not.toContain('kQF8Q');
	});
	it('falls back on the OAuth error class and the description code', () => {
		expect(adviceForTokenError({ error: 'invalid_client' }, 't').problem).toBe('wrongSecret');
		expect(adviceForTokenError({ error_description: 'AADSTS65001: x' }, 't').problem).toBe(
			'notConsented',
		);
		expect(adviceForTokenError('garbage', 't', 503).transient).toBe(true);
	});
});

describe('retry', () => {
	it('counts only failures that prove nothing was written as "not sent"', () => {
		for (const code of ['ECONNREFUSED', 'EHOSTUNREACH', 'ENOTFOUND', 'CERT_HAS_EXPIRED']) {
			expect(wasNotSent(code)).toBe(true);
		}
		for (const code of [
			'ECONNRESET',
			'ETIMEDOUT',
			'UNKNOWN',
			'ERR_CANCELED',
			'HPE_INVALID_CONSTANT',
		]) {
			expect(wasNotSent(code)).toBe(false);
		}
		expect(wasNotSent(undefined)).toBe(false);
		expect(isTransientNetworkCode('ENOTFOUND')).toBe(false);
	});

	it('retries only server faults', () => {
		expect([500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
		expect([400, 401, 403, 404, 409, 429].some(isRetryableStatus)).toBe(false);
	});
	it('backs off exponentially, capped, with jitter in [half, full]', () => {
		const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
		expect(backoffMs(0, p, () => 0)).toBe(50);
		expect(backoffMs(0, p, () => 1)).toBe(100);
		expect(backoffMs(3, p, () => 1)).toBe(800);
		expect(backoffMs(10, p, () => 1)).toBe(1000);
		expect(backoffMs(10, p, () => 0)).toBe(500);
	});
	it('parses Retry-After seconds, dates and the body sentence', () => {
		expect(parseRetryAfterSeconds('7', undefined)).toBe(7);
		expect(parseRetryAfterSeconds(['3'], undefined)).toBe(3);
		expect(
			parseRetryAfterSeconds(
				'Wed, 21 Oct 2015 07:28:10 GMT',
				undefined,
				Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'),
			),
		).toBe(10);
		expect(
			parseRetryAfterSeconds(undefined, {
				error: { message: 'Rate limit is exceeded. You can send requests again in 12 seconds.' },
			}),
		).toBe(12);
		expect(parseRetryAfterSeconds(undefined, {})).toBeUndefined();
	});
});

describe('rate budget', () => {
	beforeEach(resetBudgets);
	it('holds a slot from start until one window after completion, per key', () => {
		const policy = { limit: 2, windowMs: 1000 };
		const a = tryAcquire('a', policy, 0);
		const b = tryAcquire('a', policy, 0);
		expect(typeof a).toBe('object');
		expect(typeof b).toBe('object');
		// Both in flight: wait and re-check.
		expect(tryAcquire('a', policy, 5000)).toBe(50);
		expect(typeof tryAcquire('b', policy, 0)).toBe('object');
		release(a as Exclude<typeof a, number>, policy, 100);
		expect(tryAcquire('a', policy, 600)).toBe(500);
		expect(typeof tryAcquire('a', policy, 1100)).toBe('object');
	});
});

describe('token cache', () => {
	beforeEach(clearTokenCache);
	it('shares one fetch between concurrent callers and keys by secret', async () => {
		let fetches = 0;
		const fetch = async () => {
			fetches++;
			await new Promise((r) => setTimeout(r, 20));
			return toCachedToken(`t${fetches}`, 3599, Date.now());
		};
		const parts = {
			loginBaseUrl: 'l',
			clientId: 'c',
			clientSecret: 's1',
			tenantId: 't',
			scope: 'x',
		};
		const key = tokenCacheKey(parts);
		const tokens = await Promise.all(
			Array.from({ length: 50 }, async () => await getToken(key, fetch)),
		);
		expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(['t1']));
		expect(fetches).toBe(1);
		expect(tokenCacheKey({ ...parts, clientSecret: 's2' })).not.toBe(key);
		expect(key).not.toContain('s1');
		invalidateToken(key, 'stale');
		await getToken(key, fetch);
		expect(fetches).toBe(1);
		invalidateToken(key, 't1');
		await getToken(key, fetch);
		expect(fetches).toBe(2);
	});
	it('expires five minutes early, half-life for short tokens, and does not cache failures', async () => {
		expect(toCachedToken('a', 3600, 0).usableUntil).toBe(3_300_000);
		expect(toCachedToken('a', 60, 0).usableUntil).toBe(30_000);
		const key = 'k';
		await expect(
			getToken(key, async () => {
				throw new Error('no');
			}),
		).rejects.toThrow('no');
		expect((await getToken(key, async () => toCachedToken('ok', 60, Date.now()))).accessToken).toBe(
			'ok',
		);
	});
});

describe('redaction and identity', () => {
	it('removes secrets, bearer tokens and JWTs', () => {
		const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJ0aWQiOiJ4In0.c2lnbmF0dXJl';
		const text = redact(
			`Authorization: Bearer abc.def client_secret=s3cr3t&x=1 ${jwt} "refresh_token":"rt-1" mysecret`,
			['mysecret'],
		);
		expect(text).not.toMatch(/abc\.def|s3cr3t|eyJ|rt-1|mysecret/);
	});
	it('sends the partner User-Agent with the package version', () => {
		const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
			version: string;
		};
		expect(PACKAGE_VERSION).toBe(pkg.version);
		expect(USER_AGENT).toMatch(/^MdePartner-[A-Za-z0-9]+-[A-Za-z0-9]+\/\d+\.\d+\.\d+$/);
	});
	it.each([
		['/api/alerts/batchUpdate', 'alertsBatchUpdate'],
		['/api/alerts/x', 'alerts'],
		['/api/machines/abc/isolate', 'machineActions'],
		['/api/machines', 'machines'],
		['/api/indicators/import', 'indicatorsImport'],
	])('puts %s in the quota family %s', (path, family) => {
		expect(familyOf(path)).toBe(family);
	});
});

describe('API error advice', () => {
	const tenant = { tenantId: '11111111-2222-3333-4444-555555555555', label: 'Contoso' };
	// Defender's two DisabledFeature messages (as the sandbox sends them): only the text differs.
	const notAuthorized =
		'Application x is not authorized to access data of tenant y. An administrator must authorize it in Settings > Endpoints > APIs > SIEM > MSSP.';
	const notLicensed =
		"Tenant feature isn't enabled: Microsoft Defender for Endpoint is not enabled for tenant y.";
	it('sends a customer who has not authorized the app in the portal to the MSSP tab', () => {
		const advice = adviceForApiError(403, 'DisabledFeature', tenant, notAuthorized);
		expect(advice).toMatch(/not yet authorized in tenant Contoso/);
		expect(advice).toContain(`https://security.microsoft.com/?tid=${tenant.tenantId}`);
		expect(advice).toMatch(/MSSP tab.*Authorize application/);
	});
	it('keeps the licence advice for a tenant without Defender', () => {
		const advice = adviceForApiError(403, 'DisabledFeature', tenant, notLicensed);
		expect(advice).toMatch(/not enabled in tenant Contoso/);
		expect(advice).not.toMatch(/MSSP tab/);
	});
});

describe('the tenantLabel contract', () => {
	it('every item names its tenant: the label, or the tenant ID when there is none', () => {
		const id = '11111111-2222-3333-4444-555555555555';
		expect(tenantFields({ tenantId: id, label: 'Contoso' })).toEqual({
			tenantId: id,
			tenantLabel: 'Contoso',
		});
		expect(tenantFields({ tenantId: id })).toEqual({ tenantId: id, tenantLabel: id });
		expect(tenantFields({ tenantId: id, label: '' })).toEqual({ tenantId: id, tenantLabel: id });
	});
});
