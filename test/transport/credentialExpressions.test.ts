/**
 * The credentials' URL expressions (credentialFields.ts) are what n8n-core signs in, refreshes and
 * tests with ("Connect my account", the token refresh, the credential test); resolveEndpoints
 * (clouds.ts) is what the nodes use. Both must decide alike, above all on which custom base URLs
 * may go out over plain http://. The expressions are evaluated with n8n's own engines: the legacy
 * one in-process, and QuickJS, a sandboxed engine like the server's default isolated-vm (which has
 * no native build for this Node), in a child process.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { resolveEndpoints } from '../../nodes/shared/transport/clouds';
import { REFUSED_BASE_URLS } from '../../nodes/shared/transport/credentialFields';
import { credentialUrls, TENANT } from './credentialExpressions';
import type { CredentialUrls } from './credentialExpressions';

jest.setTimeout(120_000);

const ACCEPTED = [
	'https://127.0.0.1:8443',
	'https://127.0.0.1:8443/',
	'  HTTPS://Proxy.Corp.example:443/defender//  ',
	'https://[::1]:8443',
	'http://127.0.0.1:8080',
	'http://LOCALHOST:1/',
	'http://[::1]:9',
	'http://localhost',
	'HTTP://127.0.0.1/',
];
const REFUSED_HTTP = [
	'http://proxy.example.com',
	'http://10.0.0.5:8080',
	'http://127.0.0.2',
	'HTTP://login.microsoftonline.com',
	'http://localhost.evil.example',
	'http://127.0.0.1.nip.io',
	// Loopback to WHATWG URL parsing, but not as written: refused by both, so both agree.
	'http://127.1',
	'http://2130706433',
	'http://[0:0:0:0:0:0:0:1]',
];
const NOT_A_BASE_URL = [
	'',
	'not a url',
	'proxy.example.com',
	'ftp://127.0.0.1',
	'https://proxy.example/?a=1',
	'https://proxy.example/#top',
	'https://user:secret@proxy.example',
	'http://127.0.0.1@evil.example',
	'http://localhost\\@evil.example',
	'https://proxy example',
];
// Shaped like base URLs but not URLs: refused by resolveEndpoints, unusable from the expressions.
const UNPARSEABLE = [
	'https://proxy.example:99999',
	'http://localhost:99999',
	'http://localhost:8080.evil.example',
	'https://[zz]',
];
const MIXED = {
	cloud: 'custom',
	loginBaseUrl: 'https://127.0.0.1:8443',
	apiBaseUrl: 'http://x.example',
};
const CLOUDS: ICredentialDataDecryptedObject[] = [
	{ cloud: 'global' },
	...['us', 'eu', 'uk', 'au', 'api-us', 'api-eu', 'api-uk'].map((apiRegion) => ({
		cloud: 'global',
		apiRegion,
	})),
	{ cloud: 'gcc' },
	{ cloud: 'gccHigh' },
	{ cloud: 'dod' },
	// Custom URLs count only in the custom cloud, for both.
	{ cloud: 'gcc', loginBaseUrl: 'http://proxy.example.com', apiBaseUrl: 'http://x.example' },
];

function custom(base: string): ICredentialDataDecryptedObject {
	return { cloud: 'custom', loginBaseUrl: base, apiBaseUrl: base };
}

const ALL: ICredentialDataDecryptedObject[] = [
	...[...ACCEPTED, ...REFUSED_HTTP, ...NOT_A_BASE_URL, ...UNPARSEABLE].map(custom),
	MIXED,
	...CLOUDS,
];

/** Results per engine, in the order of ALL. */
const evaluated: Record<'legacy' | 'quickjs', CredentialUrls[]> = { legacy: [], quickjs: [] };

beforeAll(async () => {
	for (const settings of ALL) evaluated.legacy.push(await credentialUrls(settings));
	const script = join(__dirname, 'credentialExpressions.ts');
	const tsNode = require.resolve('ts-node/dist/bin.js');
	const { stdout } = await promisify(execFile)(
		process.execPath,
		[tsNode, '--transpile-only', script, 'quickjs', JSON.stringify(ALL)],
		{ maxBuffer: 16 * 1024 * 1024 },
	);
	evaluated.quickjs = JSON.parse(stdout) as CredentialUrls[];
});

/** The login and API bases the expressions yield (the URLs minus their fixed paths). */
function bases(engine: 'legacy' | 'quickjs', settings: ICredentialDataDecryptedObject) {
	const at = ALL.findIndex((s) => JSON.stringify(s) === JSON.stringify(settings));
	const urls = evaluated[engine][at];
	const authSuffix = `/${TENANT}/oauth2/v2.0/authorize`;
	const tokenSuffix = `/${TENANT}/oauth2/v2.0/token`;
	expect(urls.authUrl.endsWith(authSuffix)).toBe(true);
	expect(urls.accessTokenUrl.endsWith(tokenSuffix)).toBe(true);
	expect(urls.appTestUrl.endsWith(tokenSuffix)).toBe(true);
	expect(urls.testUrl.endsWith('/api/alerts')).toBe(true);
	const login = urls.authUrl.slice(0, -authSuffix.length);
	expect(urls.accessTokenUrl.slice(0, -tokenSuffix.length)).toBe(login);
	expect(urls.appTestUrl.slice(0, -tokenSuffix.length)).toBe(login);
	return { login, api: urls.testUrl.slice(0, -'/api/alerts'.length), scope: urls.scope };
}

/** Where a request to `url` would go, or undefined when it cannot go anywhere. */
function reachable(url: string): string | undefined {
	try {
		const parsed = new URL(url);
		return parsed.hostname.endsWith('.invalid') ? undefined : parsed.href;
	} catch {
		return undefined;
	}
}

function refusal(settings: ICredentialDataDecryptedObject): string {
	try {
		resolveEndpoints(settings);
	} catch (error) {
		return (error as Error).message;
	}
	throw new Error(`resolveEndpoints accepted ${JSON.stringify(settings)}`);
}

describe.each(['legacy', 'quickjs'] as const)(
	'credential URL expressions (%s engine)',
	(engine) => {
		it.each(ACCEPTED)('use %j where the nodes do', (base) => {
			const endpoints = resolveEndpoints(custom(base));
			const ours = bases(engine, custom(base));
			expect(reachable(ours.login)).toBe(new URL(endpoints.loginBaseUrl).href);
			expect(reachable(ours.api)).toBe(new URL(endpoints.apiBaseUrl).href);
		});

		it.each(REFUSED_HTTP)('refuse plain-http %j, as the nodes do, naming why', (base) => {
			expect(refusal(custom(base))).toMatch(/does not use https:\/\//);
			const ours = bases(engine, custom(base));
			expect(ours.login).toBe(REFUSED_BASE_URLS.loginBaseUrl.http);
			expect(ours.api).toBe(REFUSED_BASE_URLS.apiBaseUrl.http);
		});

		it.each(NOT_A_BASE_URL)('refuse %j, as the nodes do, naming why', (base) => {
			expect(refusal(custom(base))).toMatch(/is not a URL/);
			const ours = bases(engine, custom(base));
			expect(ours.login).toBe(REFUSED_BASE_URLS.loginBaseUrl.shape);
			expect(ours.api).toBe(REFUSED_BASE_URLS.apiBaseUrl.shape);
		});

		it.each(UNPARSEABLE)('yield nothing reachable for %j, which the nodes refuse', (base) => {
			expect(refusal(custom(base))).toMatch(/is not a URL/);
			const ours = bases(engine, custom(base));
			expect(reachable(ours.login)).toBeUndefined();
			expect(reachable(ours.api)).toBeUndefined();
		});

		it('refuse one field and keep the other', () => {
			expect(refusal(MIXED)).toMatch(/API base URL "http:\/\/x\.example" does not use https/);
			const ours = bases(engine, MIXED);
			expect(ours.login).toBe('https://127.0.0.1:8443');
			expect(ours.api).toBe(REFUSED_BASE_URLS.apiBaseUrl.http);
		});

		it.each(CLOUDS)('yield the hosts and scope of %j', (settings) => {
			const endpoints = resolveEndpoints(settings);
			const ours = bases(engine, settings);
			expect(ours.login).toBe(endpoints.loginBaseUrl);
			expect(ours.api).toBe(endpoints.apiBaseUrl);
			expect(ours.scope).toBe(`${endpoints.scope} offline_access`);
		});
	},
);

it('name the refusal in a host that cannot resolve', () => {
	for (const url of Object.values(REFUSED_BASE_URLS).flatMap((r) => Object.values(r))) {
		const { protocol, hostname } = new URL(url);
		expect(protocol).toBe('https:');
		expect(hostname).toMatch(/^[a-z-]{1,63}\.invalid$/);
	}
});
