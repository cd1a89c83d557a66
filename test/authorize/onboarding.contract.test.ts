/**
 * Every operation of Defender Authorize Application through n8n-core against the sandbox tenant:
 * consent accepted, declined and refused; forged, tampered, expired and replayed states; Verify
 * Access over tenants that fail in every way the sandbox knows; the delegated code flow with
 * single use and PKCE. No output, error or log line may contain the secret or a token.
 */
import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import {
	deriveStateKey,
	signConsentState,
} from '../../nodes/DefenderAuthorizeApplication/helpers/consentState';
import type { ConsentStatePayload } from '../../nodes/DefenderAuthorizeApplication/helpers/consentState';
import type { RunNodeResult } from '../harness';
import { signIn } from '../sandbox/client';
import {
	sandboxAppCredentials,
	errorOf,
	expectNoSecrets,
	itemsOf,
	REDIRECT,
	run,
	startEnv,
	stopEnv,
	type Env,
} from './support';

let env: Env;
const results: RunNodeResult[] = [];
const record = async (pending: Promise<RunNodeResult>) => {
	const result = await pending;
	results.push(result);
	return result;
};
const tenants = () => {
	const t = env.sb.tenants;
	return [
		{ tenantId: t.fabrikam.id, label: 'Fabrikam' },
		{ tenantId: t.woodgrove.id, label: 'Woodgrove' },
		{ tenantId: t.litware.id, label: 'Litware' },
		{ tenantId: t.adatum.id, label: 'Adatum' },
	];
};
const creds = (over = {}) => sandboxAppCredentials(env.sb, tenants(), over);
const link = async (customerTenant: string, extra: IDataObject = {}) =>
	itemsOf(
		await record(
			run('createConsentLink', { customerTenant, redirectUri: REDIRECT, ...extra }, creds()),
		),
	)[0];
const complete = (
	query: IDataObject,
	extra: { staticData?: IDataObject; continueOnFail?: boolean } = {},
) => record(run('completeConsent', {}, creds(), { inputItems: [{ query }], ...extra }));
const verify = async (parameters: IDataObject, over = {}) =>
	itemsOf(await record(run('verifyAccess', parameters as never, creds(over))));
const checksOf = (row: IDataObject) =>
	Object.fromEntries(
		(row.checks as Array<{ check: string; ok: boolean | null }>).map((c) => [c.check, c.ok]),
	);
const fixOf = (row: IDataObject, check: string) =>
	(row.checks as Array<{ check: string; fix?: string }>).find((c) => c.check === check)?.fix ?? '';

beforeAll(async () => {
	env = await startEnv();
}, 120_000);
afterAll(async () => stopEnv(env));

describe('Create Consent Link', () => {
	it('resolves a domain to the tenant GUID and signs an expiring state into v2, v1 and sign-in links', async () => {
		const before = Date.now();
		const out = await link('WoodgroveBank.onmicrosoft.com', { validHours: 2 });
		expect(out).toMatchObject({
			tenantId: env.sb.tenants.woodgrove.id,
			tenantDomain: 'woodgrovebank.onmicrosoft.com',
			redirectUri: REDIRECT,
		});
		const v2 = new URL(out.consentUrl as string);
		expect(v2.pathname).toBe(`/${env.sb.tenants.woodgrove.id}/v2.0/adminconsent`);
		expect(v2.searchParams.get('scope')).toBe('https://api.securitycenter.microsoft.com/.default');
		expect(new URL(out.legacyConsentUrl as string).searchParams.get('prompt')).toBe('consent');
		const expiry = Date.parse(out.stateExpiresAt as string);
		expect(expiry).toBeGreaterThanOrEqual(before + 2 * 3_600_000 - 1000);
		expect(expiry).toBeLessThanOrEqual(Date.now() + 2 * 3_600_000);
	});

	it('reports an unknown tenant before any link is sent (AADSTS90002)', async () => {
		const message = errorOf(
			await record(
				run(
					'createConsentLink',
					{ customerTenant: 'nosuchcustomer.onmicrosoft.com', redirectUri: REDIRECT },
					creds(),
				),
			),
		);
		expect(message).toMatch(/not found.*Check the tenant ID or domain/s);
	});

	it('rejects a bad redirect URI and a multi-tenant alias with a fix', async () => {
		expect(
			errorOf(
				await run(
					'createConsentLink',
					{ customerTenant: env.sb.tenants.fabrikam.id, redirectUri: 'http://n8n.example.com/x' },
					creds(),
				),
			),
		).toMatch(/https.*Webhook node/s);
		expect(
			errorOf(
				await run(
					'createConsentLink',
					{ customerTenant: 'common', redirectUri: REDIRECT },
					creds(),
				),
			),
		).toMatch(/multi-tenant alias/);
	});
});

describe('Verify Access before onboarding, and with broken credentials', () => {
	it('one row per tenant, each failure named with its fix', async () => {
		const rows = await verify({ tenantScope: 'all' });
		const byLabel = Object.fromEntries(rows.map((r) => [r.tenantLabel, r]));
		expect(rows).toHaveLength(4);
		expect(byLabel.Fabrikam).toMatchObject({ ok: true, failed: [] });
		expect(checksOf(byLabel.Fabrikam)).toEqual({
			token: true,
			apiReachable: true,
			readAlerts: true,
			licence: true,
			portalAuthorization: true,
		});
		expect(byLabel.Woodgrove).toMatchObject({ ok: false, failed: ['token'] });
		expect(fixOf(byLabel.Woodgrove, 'token')).toMatch(/consent link/);
		expect(byLabel.Litware).toMatchObject({ ok: false, failed: ['token', 'licence'] });
		expect(fixOf(byLabel.Litware, 'licence')).toMatch(/Defender for Endpoint licence/);
		expect(byLabel.Adatum).toMatchObject({ ok: false, failed: ['portalAuthorization'] });
		expect(fixOf(byLabel.Adatum, 'portalAuthorization')).toMatch(
			/SIEM → MSSP tab.*Authorize application/s,
		);
	});

	it('wrong and expired secrets, unknown tenant, missing alert role', async () => {
		const one = {
			tenantScope: 'one',
			tenant: { __rl: true, mode: 'id', value: env.sb.tenants.fabrikam.id },
		};
		const wrong = (await verify(one, { clientSecret: 'not-the-secret' }))[0];
		expect(wrong).toMatchObject({ ok: false, failed: ['token'] });
		expect(fixOf(wrong, 'token')).toMatch(/Value \(not its Secret ID\)/);
		const expired = (
			await verify(one, { clientSecret: env.sb.credentials.expiredClientSecret })
		)[0];
		expect(fixOf(expired, 'token')).toMatch(/expired.*new secret/s);
		const unknown = (
			await verify({ tenantScope: 'list', tenantIds: ['0badc0de-0000-4000-8000-000000000000'] })
		)[0];
		// The tenantLabel contract: a tenant without a label is labelled with its ID, never null.
		expect(unknown).toMatchObject({
			ok: false,
			tenantLabel: '0badc0de-0000-4000-8000-000000000000',
		});
		expect(fixOf(unknown, 'token')).toMatch(/not found/);
		const noRoles = env.sb.apps.msspNoRoles;
		const forbidden = (
			await verify(one, { clientId: noRoles.clientId, clientSecret: noRoles.secrets[0].value })
		)[0];
		expect(forbidden).toMatchObject({ failed: ['readAlerts'] });
		expect(fixOf(forbidden, 'readAlerts')).toMatch(/Alert\.Read\.All/);
	});
});

describe('Complete Consent', () => {
	let staticData: IDataObject = {};
	let accepted: IDataObject;

	it('accepted admin consent → consented; Verify Access then only misses the portal step', async () => {
		const out = await link('woodgrovebank.onmicrosoft.com');
		const redirect = await signIn(out.consentUrl as string, env.sb.caPem, { action: 'accept' });
		accepted = Object.fromEntries(redirect.params);
		expect(accepted).toMatchObject({ admin_consent: 'True', tenant: env.sb.tenants.woodgrove.id });
		const result = await complete(accepted);
		staticData = result.staticData;
		expect(itemsOf(result)[0]).toMatchObject({
			tenantId: env.sb.tenants.woodgrove.id,
			consented: true,
			outcome: 'consented',
			redirectUri: REDIRECT,
		});
		const row = (
			await verify({ tenantScope: 'list', tenantIds: [env.sb.tenants.woodgrove.id] })
		)[0];
		expect(row).toMatchObject({ tenantLabel: 'Woodgrove', failed: ['portalAuthorization'] });
	});

	it('the same redirect a second time is rejected as replayed', async () => {
		const message = errorOf(await complete(accepted, { staticData }));
		expect(message).toMatch(/replayed state.*already completed/s);
	});

	it('declined, non-admin and no-licence consents are refused with a reason and what to do', async () => {
		const cases: Array<[string, { login?: string; action: 'accept' | 'cancel' }, RegExp, RegExp]> =
			[
				['northwindtraders.onmicrosoft.com', { action: 'cancel' }, /declined/, /click Accept/],
				[
					'northwindtraders.onmicrosoft.com',
					{ login: 'analyst@northwindtraders.onmicrosoft.com', action: 'accept' },
					/not allowed to consent/,
					/administrator/,
				],
				[
					'litware.onmicrosoft.com',
					{ action: 'accept' },
					/did not complete/,
					/Defender for Endpoint licence/,
				],
			];
		for (const [tenant, action, reason, whatToDo] of cases) {
			const out = await link(tenant);
			const query = Object.fromEntries(
				(await signIn(out.consentUrl as string, env.sb.caPem, action)).params,
			);
			const item = itemsOf(await complete(query))[0];
			expect(item).toMatchObject({
				consented: false,
				outcome: 'refused',
				tenantId: out.tenantId,
				code: expect.stringMatching(/^AADSTS/),
			});
			expect(item.reason).toMatch(reason);
			expect(item.whatToDo).toMatch(whatToDo);
		}
	});

	it('forged, tampered-tenant and expired states are rejected; the query tenant is never believed', async () => {
		const out = await link(env.sb.tenants.adatum.id);
		const state = new URL(out.consentUrl as string).searchParams.get('state') as string;
		const [payload, mac] = state.split('.');
		const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString()) as ConsentStatePayload;
		const swapped = Buffer.from(
			JSON.stringify({ ...decoded, t: env.sb.tenants.fabrikam.id }),
		).toString('base64url');
		const base = { admin_consent: 'True', tenant: env.sb.tenants.fabrikam.id };
		expect(errorOf(await complete({ ...base, state: `${swapped}.${mac}` }))).toMatch(
			/forged state.*not signed/s,
		);
		expect(errorOf(await complete({ ...base, state }))).toMatch(/tenantMismatch.*not the tenant/s);
		expect(
			errorOf(await complete({ admin_consent: 'True', tenant: env.sb.tenants.adatum.id })),
		).toMatch(/malformed/);
		const key = deriveStateKey(env.sb.credentials.clientId, env.sb.credentials.clientSecret);
		const old = signConsentState(key, { ...decoded, e: Math.floor(Date.now() / 1000) - 60 });
		expect(
			errorOf(
				await complete({ admin_consent: 'True', tenant: env.sb.tenants.adatum.id, state: old }),
			),
		).toMatch(/expired.*new consent link/s);
	});

	it('with Continue On Fail a rejected state becomes an error item paired to its input', async () => {
		const result = await complete(
			{ admin_consent: 'True', state: 'a.b' },
			{ continueOnFail: true },
		);
		expect(result.output?.[0][0]).toMatchObject({
			json: { error: expect.stringMatching(/forged|malformed/) },
			pairedItem: { item: 0 },
		});
	});
});

describe('Redeem Authorization Code', () => {
	const redeem = (code: string, extra: IDataObject = {}) =>
		record(
			run(
				'redeemAuthorizationCode',
				{ customerTenant: env.sb.tenants.fabrikam.id, redirectUri: REDIRECT, code, ...extra },
				creds(),
			),
		);
	const codeFrom = async (url: string) => {
		const params = (await signIn(url, env.sb.caPem, { action: 'accept' })).params;
		const code = params.get('code');
		if (!code) throw new Error(`no code: ${params.toString()}`);
		return code;
	};

	it('exchanges the code once: account, scopes, expiry, no tokens unless asked; a reused code is refused', async () => {
		const out = await link('fabrikam.onmicrosoft.com');
		const code = await codeFrom(out.signInUrl as string);
		const item = itemsOf(await redeem(code))[0];
		expect(item).toMatchObject({
			tenantId: env.sb.tenants.fabrikam.id,
			account: { upn: 'admin@fabrikam.onmicrosoft.com', oid: expect.any(String) },
			scopes: expect.arrayContaining([expect.stringMatching(/Alert\.Read/)]),
			refreshTokenIssued: true,
		});
		expect(item).not.toHaveProperty('refreshToken');
		expect(Date.parse(item.accessTokenExpiresAt as string)).toBeGreaterThan(
			Date.now() + 50 * 60_000,
		);
		expect(JSON.stringify(item)).not.toMatch(/eyJ/);
		expect(errorOf(await redeem(code))).toMatch(/already redeemed.*sign-in link/s);
	});

	it('returns the refresh token only with Include Refresh Token; PKCE verifier enforced', async () => {
		const out = await link('fabrikam.onmicrosoft.com');
		const withRt = itemsOf(
			await redeem(await codeFrom(out.signInUrl as string), { includeRefreshToken: true }),
		)[0];
		expect(typeof withRt.refreshToken).toBe('string');
		const verifier = 'v'.repeat(50);
		const pkce = new URL(out.signInUrl as string);
		pkce.searchParams.set(
			'code_challenge',
			createHash('sha256').update(verifier).digest('base64url'),
		);
		pkce.searchParams.set('code_challenge_method', 'S256');
		const code = await codeFrom(pkce.toString());
		expect(errorOf(await redeem(code))).toMatch(/PKCE Code Verifier/);
		expect(itemsOf(await redeem(code, { codeVerifier: verifier }))[0]).toMatchObject({
			refreshTokenIssued: true,
		});
	});

	it('a redirect without a code (sign-in cancelled) says where to get one', async () => {
		const result = await record(
			run(
				'redeemAuthorizationCode',
				{
					customerTenant: env.sb.tenants.fabrikam.id,
					redirectUri: REDIRECT,
					code: '={{ $json.query.code }}',
				},
				creds(),
				{ inputItems: [{ query: { error: 'access_denied', state: 'x' } }] },
			),
		);
		expect(errorOf(result)).toMatch(/No authorization code.*Complete Consent/s);
	});
});

describe('secrets', () => {
	it('no output, error or log line holds the client secret, an access token or a code', () => {
		expect(results.length).toBeGreaterThan(20);
		expectNoSecrets(env.sb, results);
	});
});
