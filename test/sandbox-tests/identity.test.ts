/** Identity endpoints: discovery, JWKS, client credentials, auth code + PKCE, refresh, admin consent, AADSTS errors. */
import { createHash } from 'node:crypto';
import { signIn } from '../sandbox/client';
import { startSandbox, Sandbox } from '../sandbox/server';
import { aadCode, decodeJwt, http } from './helpers';

const SCOPE = 'https://api.securitycenter.microsoft.com/.default';
const REDIRECT = 'http://localhost/callback';
const DAY = 86_400_000;
let sb: Sandbox;
let req: ReturnType<typeof http>;
beforeAll(async () => {
	sb = await startSandbox();
	req = http(sb);
});
afterAll(async () => {
	await sb.stop();
});
beforeEach(async () => {
	await sb.control.reset();
});

const cc = (tenant: string, o: Record<string, string> = {}, v1 = false) =>
	req('POST', `/${tenant}/oauth2/${v1 ? '' : 'v2.0/'}token`, {
		form: {
			grant_type: 'client_credentials',
			client_id: sb.credentials.clientId,
			client_secret: sb.credentials.clientSecret,
			...(v1 ? { resource: 'https://api.securitycenter.microsoft.com' } : { scope: SCOPE }),
			...o,
		},
	});

function authorizeUrl(
	tenant: string,
	o: Record<string, string> = {},
	path = 'oauth2/v2.0/authorize',
): string {
	const q = new URLSearchParams({
		client_id: sb.credentials.clientId,
		response_type: 'code',
		redirect_uri: REDIRECT,
		scope: `${SCOPE} offline_access openid`,
		state: 's1',
		...o,
	});
	return `${sb.loginBaseUrl}/${tenant}/${path}?${q}`;
}

async function codeFor(
	tenant: string,
	o: Record<string, string> = {},
	login?: string,
): Promise<string> {
	const r = await signIn(authorizeUrl(tenant, o), sb.caPem, { login });
	expect(r.status).toBe(302);
	const code = r.params.get('code');
	if (!code) throw new Error(`no code: ${r.location}`);
	return code;
}

const redeem = (tenant: string, code: string, o: Record<string, string> = {}) =>
	req('POST', `/${tenant}/oauth2/v2.0/token`, {
		form: {
			grant_type: 'authorization_code',
			client_id: sb.credentials.clientId,
			client_secret: sb.credentials.clientSecret,
			code,
			redirect_uri: REDIRECT,
			scope: `${SCOPE} offline_access openid`,
			...o,
		},
	});
const refresh = (tenant: string, rt: string) =>
	req('POST', `/${tenant}/oauth2/v2.0/token`, {
		form: {
			grant_type: 'refresh_token',
			client_id: sb.credentials.clientId,
			client_secret: sb.credentials.clientSecret,
			refresh_token: rt,
			scope: `${SCOPE} offline_access`,
		},
	});

describe('discovery and keys', () => {
	test('v2 and v1 OpenID configuration by GUID, by domain, and for common', async () => {
		const f = sb.tenants.fabrikam;
		for (const seg of [f.id, f.domain, f.domain.toUpperCase()]) {
			const r = await req('GET', `/${seg}/v2.0/.well-known/openid-configuration`);
			expect(r.status).toBe(200);
			expect(r.json).toMatchObject({
				issuer: `${sb.origin}/${f.id}/v2.0`,
				token_endpoint: `${sb.origin}/${f.id}/oauth2/v2.0/token`,
				jwks_uri: `${sb.origin}/${f.id}/discovery/v2.0/keys`,
				tenant_region_scope: 'EU',
			});
		}
		expect((await req('GET', '/common/v2.0/.well-known/openid-configuration')).json.issuer).toBe(
			`${sb.origin}/{tenantid}/v2.0`,
		);
		expect((await req('GET', `/${f.domain}/.well-known/openid-configuration`)).json).toMatchObject({
			issuer: `https://sts.windows.net/${f.id}/`,
			token_endpoint: `${sb.origin}/${f.id}/oauth2/token`,
		});
		const bad = await req('GET', '/nosuch.onmicrosoft.com/v2.0/.well-known/openid-configuration');
		expect(bad.status).toBe(400);
		expect(aadCode(bad)).toBe(90002);
	});

	test('JWKS publishes the key that signs tokens', async () => {
		const tok = (await cc(sb.tenants.fabrikam.id)).json.access_token as string;
		const kid = JSON.parse(Buffer.from(tok.split('.')[0], 'base64url').toString()).kid;
		const keys = (await req('GET', `/${sb.tenants.fabrikam.id}/discovery/v2.0/keys`)).json.keys;
		expect(keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', kid });
		expect((await req('GET', '/common/discovery/keys')).json.keys[0].kid).toBe(kid);
	});
});

describe('client credentials', () => {
	test('v2: token with roles, tid, aud, exp; a domain resolves to its tenant', async () => {
		const r = await cc(sb.tenants.tailspin.domain);
		expect(r.status).toBe(200);
		expect(r.json).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
		expect(r.json.refresh_token).toBeUndefined();
		const c = decodeJwt(r.json.access_token);
		expect(c).toMatchObject({
			tid: sb.tenants.tailspin.id,
			aud: 'https://api.securitycenter.microsoft.com',
			appid: sb.credentials.clientId,
			iss: `https://sts.windows.net/${sb.tenants.tailspin.id}/`,
		});
		expect(c.roles).toEqual(expect.arrayContaining(['Alert.Read.All', 'Alert.ReadWrite.All']));
		expect(c.exp - c.iat).toBe(3599);
		expect(c.oid).toBeTruthy();
	});

	test('v1: resource, expires_on and not_before as strings', async () => {
		const r = await cc(sb.tenants.fabrikam.id, {}, true);
		expect(r.status).toBe(200);
		expect(r.json).toMatchObject({
			token_type: 'Bearer',
			expires_in: '3599',
			resource: 'https://api.securitycenter.microsoft.com',
			expires_on: expect.stringMatching(/^\d+$/),
			not_before: expect.stringMatching(/^\d+$/),
		});
	});

	test.each([
		['bad tenant', () => cc('nosuchtenant.onmicrosoft.com'), 400, 'invalid_request', 90002],
		['/common', () => cc('common'), 400, 'invalid_request', 9001023],
		['not consented', () => cc(sb.tenants.woodgrove.id), 400, 'unauthorized_client', 700016],
		[
			'unknown app',
			() => cc(sb.tenants.fabrikam.id, { client_id: '11111111-2222-4333-8444-555555555555' }),
			400,
			'unauthorized_client',
			700016,
		],
		['no Defender licence', () => cc(sb.tenants.litware.id), 400, 'invalid_resource', 500011],
		[
			'wrong secret',
			() => cc(sb.tenants.fabrikam.id, { client_secret: 'not-the-secret' }),
			401,
			'invalid_client',
			7000215,
		],
		[
			'expired secret',
			() => cc(sb.tenants.fabrikam.id, { client_secret: sb.credentials.expiredClientSecret }),
			401,
			'invalid_client',
			7000222,
		],
		[
			'missing secret',
			() => cc(sb.tenants.fabrikam.id, { client_secret: '' }),
			401,
			'invalid_client',
			7000218,
		],
		[
			'non-.default scope',
			() =>
				cc(sb.tenants.fabrikam.id, {
					scope: 'https://api.securitycenter.microsoft.com/Alert.Read.All',
				}),
			400,
			'invalid_scope',
			1002012,
		],
		[
			'missing client_id',
			() => cc(sb.tenants.fabrikam.id, { client_id: '' }),
			400,
			'invalid_request',
			900144,
		],
	])('%s → AADSTS error in the documented shape', async (_n, call, status, error, code) => {
		const r = await call();
		expect(r.status).toBe(status);
		expect(r.json.error).toBe(error);
		expect(aadCode(r)).toBe(code);
		expect(r.json.error_uri).toBe(`${sb.origin}/error?code=${code}`);
	});

	test('control: a secret set expired → 7000222; consent toggled on → token', async () => {
		await sb.control.expireSecret(sb.credentials.clientId, sb.credentials.clientSecret);
		expect(aadCode(await cc(sb.tenants.fabrikam.id))).toBe(7000222);
		await sb.control.reset();
		await sb.control.updateTenant(sb.tenants.woodgrove.id, { consented: true });
		expect((await cc(sb.tenants.woodgrove.id)).status).toBe(200);
	});
});

describe('authorization code', () => {
	test('sign-in page → code → delegated token with scp, id_token, refresh_token', async () => {
		const page = await req('GET', authorizeUrl(sb.tenants.fabrikam.id));
		expect(page.status).toBe(200);
		expect(page.text).toContain('<form method="post"');
		expect(page.text).toMatch(/Accept[\s\S]*Cancel/);
		const code = await codeFor(sb.tenants.fabrikam.id);
		const r = await redeem(sb.tenants.fabrikam.id, code);
		expect(r.status).toBe(200);
		const c = decodeJwt(r.json.access_token);
		expect(c).toMatchObject({
			tid: sb.tenants.fabrikam.id,
			aud: 'https://api.securitycenter.microsoft.com',
			upn: 'admin@fabrikam.onmicrosoft.com',
			appid: sb.credentials.clientId,
		});
		expect(c.scp.split(' ')).toEqual(expect.arrayContaining(['Alert.Read', 'Alert.ReadWrite']));
		expect(c.roles).toBeUndefined();
		expect(decodeJwt(r.json.id_token)).toMatchObject({
			aud: sb.credentials.clientId,
			tid: sb.tenants.fabrikam.id,
			ver: '2.0',
		});
		expect(r.json.refresh_token).toBeTruthy();
		expect(r.json.scope).toContain('https://api.securitycenter.microsoft.com/Alert.Read');
	});

	test('Cancel → access_denied with AADSTS65004 and state', async () => {
		const r = await signIn(authorizeUrl(sb.tenants.fabrikam.id), sb.caPem, { action: 'cancel' });
		expect(r.status).toBe(302);
		expect(r.location?.startsWith(REDIRECT)).toBe(true);
		expect(r.params.get('error')).toBe('access_denied');
		expect(r.params.get('error_description')).toMatch(/^AADSTS65004: /);
		expect(r.params.get('state')).toBe('s1');
	});

	test('code is single use (54005) and expires after 10 minutes of sandbox clock (70008)', async () => {
		const code = await codeFor(sb.tenants.fabrikam.id);
		expect((await redeem(sb.tenants.fabrikam.id, code)).status).toBe(200);
		const again = await redeem(sb.tenants.fabrikam.id, code);
		expect(again.json.error).toBe('invalid_grant');
		expect(aadCode(again)).toBe(54005);
		const code2 = await codeFor(sb.tenants.fabrikam.id);
		await sb.control.advanceClock(10 * 60_000 + 1000);
		expect(aadCode(await redeem(sb.tenants.fabrikam.id, code2))).toBe(70008);
	});

	test('redirect URI must match the one of the code; unregistered URI → error page, no redirect', async () => {
		const code = await codeFor(sb.tenants.fabrikam.id);
		expect(
			aadCode(
				await redeem(sb.tenants.fabrikam.id, code, { redirect_uri: 'http://localhost/other' }),
			),
		).toBe(500112);
		const page = await req(
			'GET',
			authorizeUrl(sb.tenants.fabrikam.id, { redirect_uri: 'https://evil.example/cb' }),
		);
		expect(page.status).toBe(400);
		expect(page.text).toContain('AADSTS50011');
		expect(page.headers.location).toBeUndefined();
		// loopback redirect URIs match with any port, as in Entra
		await codeFor(sb.tenants.fabrikam.id, { redirect_uri: 'http://localhost:31337/callback' });
	});

	test('PKCE S256 and plain; wrong or missing verifier → invalid_grant', async () => {
		const verifier = 'v'.repeat(50);
		const challenge = createHash('sha256').update(verifier).digest('base64url');
		const t = sb.tenants.fabrikam.id;
		const c1 = await codeFor(t, { code_challenge: challenge, code_challenge_method: 'S256' });
		expect(aadCode(await redeem(t, c1, { code_verifier: 'w'.repeat(50) }))).toBe(501481);
		const c2 = await codeFor(t, { code_challenge: challenge, code_challenge_method: 'S256' });
		expect((await redeem(t, c2, { code_verifier: verifier })).status).toBe(200);
		const c3 = await codeFor(t, { code_challenge: verifier, code_challenge_method: 'plain' });
		expect((await redeem(t, c3, { code_verifier: verifier })).status).toBe(200);
		const c4 = await codeFor(t, { code_challenge: challenge, code_challenge_method: 'S256' });
		expect((await redeem(t, c4)).json.error).toBe('invalid_grant');
	});

	test('unconsented tenant: an admin consents on the page; a non-admin gets 90094', async () => {
		const w = sb.tenants.woodgrove;
		const denied = await signIn(authorizeUrl(w.id), sb.caPem, { login: `analyst@${w.domain}` });
		expect(denied.params.get('error')).toBe('consent_required');
		expect(denied.params.get('error_description')).toMatch(/^AADSTS90094/);
		const page = await req('GET', authorizeUrl(w.id));
		expect(page.text).toContain('Permissions requested');
		const code = await codeFor(w.id, {}, `admin@${w.domain}`);
		expect((await redeem(w.id, code)).status).toBe(200);
		expect((await sb.control.world()).tenants.find((t) => t.id === w.id)?.consentedApps).toContain(
			sb.credentials.clientId,
		);
	});

	test('/organizations: the account decides the tenant; a user of another tenant on a tenant URL is refused', async () => {
		const r = await signIn(authorizeUrl('organizations'), sb.caPem, {
			login: 'admin@tailspintoys.onmicrosoft.com',
		});
		const tok = await redeem('organizations', r.params.get('code') as string);
		expect(decodeJwt(tok.json.access_token).tid).toBe(sb.tenants.tailspin.id);
		const wrong = await signIn(authorizeUrl(sb.tenants.fabrikam.id), sb.caPem, {
			login: 'admin@tailspintoys.onmicrosoft.com',
		});
		expect(wrong.params.get('error_description')).toMatch(/^AADSTS50020/);
	});

	test('v1 authorize + token with resource', async () => {
		const url = authorizeUrl(
			sb.tenants.fabrikam.id,
			{ resource: 'https://api.securitycenter.microsoft.com', scope: '' },
			'oauth2/authorize',
		);
		const r = await signIn(url, sb.caPem);
		const tok = await req('POST', `/${sb.tenants.fabrikam.id}/oauth2/token`, {
			form: {
				grant_type: 'authorization_code',
				client_id: sb.credentials.clientId,
				client_secret: sb.credentials.clientSecret,
				code: r.params.get('code') as string,
				redirect_uri: REDIRECT,
				resource: 'https://api.securitycenter.microsoft.com',
			},
		});
		expect(tok.status).toBe(200);
		expect(tok.json).toMatchObject({
			resource: 'https://api.securitycenter.microsoft.com',
			expires_on: expect.any(String),
			refresh_token: expect.any(String),
		});
		expect(decodeJwt(tok.json.access_token).scp).toContain('Alert.Read');
	});
});

describe('refresh token', () => {
	async function firstRt(tenant = sb.tenants.fabrikam.id): Promise<string> {
		return (await redeem(tenant, await codeFor(tenant))).json.refresh_token;
	}

	test('rotation: each use returns a new refresh token; the old one still works', async () => {
		const rt1 = await firstRt();
		const r2 = await refresh(sb.tenants.fabrikam.id, rt1);
		expect(r2.status).toBe(200);
		expect(r2.json.refresh_token).not.toBe(rt1);
		expect((await refresh(sb.tenants.fabrikam.id, rt1)).status).toBe(200);
	});

	test('90 days of inactivity → 70008; using it at day 60 keeps the chain alive', async () => {
		const rtA = await firstRt();
		await sb.control.advanceClock(60 * DAY);
		const rtB = (await refresh(sb.tenants.fabrikam.id, rtA)).json.refresh_token;
		await sb.control.advanceClock(60 * DAY);
		expect((await refresh(sb.tenants.fabrikam.id, rtB)).status).toBe(200);
		const rtC = await firstRt();
		await sb.control.advanceClock(91 * DAY);
		const r = await refresh(sb.tenants.fabrikam.id, rtC);
		expect(r.json.error).toBe('invalid_grant');
		expect(aadCode(r)).toBe(70008);
	});

	test('consent withdrawn → 65001; licence removed → 500011; revoked → 50173', async () => {
		const t = sb.tenants.fabrikam.id;
		const rt = await firstRt();
		await sb.control.updateTenant(t, { consented: false });
		expect(aadCode(await refresh(t, rt))).toBe(65001);
		await sb.control.updateTenant(t, { consented: true, defenderLicensed: false });
		expect(aadCode(await refresh(t, rt))).toBe(500011);
		await sb.control.updateTenant(t, { defenderLicensed: true });
		await sb.control.revokeTokens({ tenantId: t });
		expect(aadCode(await refresh(t, rt))).toBe(50173);
	});
});

describe('admin consent', () => {
	const consentUrl = (tenant: string, o: Record<string, string> = {}) =>
		`${sb.loginBaseUrl}/${tenant}/v2.0/adminconsent?${new URLSearchParams({
			client_id: sb.credentials.clientId,
			scope: SCOPE,
			redirect_uri: REDIRECT,
			state: 'ac-1',
			...o,
		})}`;

	test('Accept → admin_consent=True&tenant&scope&state, and client credentials then work', async () => {
		const w = sb.tenants.woodgrove;
		expect(aadCode(await cc(w.id))).toBe(700016);
		const r = await signIn(consentUrl(w.domain), sb.caPem);
		expect(r.status).toBe(302);
		expect(Object.fromEntries(r.params)).toEqual({
			admin_consent: 'True',
			tenant: w.id,
			scope: SCOPE,
			state: 'ac-1',
		});
		expect((await cc(w.id)).status).toBe(200);
	});

	test('Cancel → error redirect; unlicensed tenant → error redirect; /common → error page', async () => {
		const w = sb.tenants.woodgrove;
		const c = await signIn(consentUrl(w.id), sb.caPem, { action: 'cancel' });
		expect(c.params.get('error')).toBe('access_denied');
		expect(c.params.get('error_description')).toMatch(
			/^AADSTS65004: The resource owner or authorization server denied the request/,
		);
		expect(c.params.get('state')).toBe('ac-1');
		expect(aadCode(await cc(w.id))).toBe(700016);
		const l = await signIn(consentUrl(sb.tenants.litware.id), sb.caPem);
		expect(l.params.get('error_description')).toMatch(/^AADSTS650052/);
		const common = await req('GET', consentUrl('common'));
		expect(common.status).toBe(400);
		expect(common.text).toContain('AADSTS90130');
	});

	test('a consent still replicating answers 700016 to client credentials until the delay has passed', async () => {
		const w = sb.tenants.woodgrove;
		await sb.control.updateTenant(w.id, { consentReplicationMs: 120_000 });
		expect((await signIn(consentUrl(w.id), sb.caPem)).params.get('admin_consent')).toBe('True');
		expect(aadCode(await cc(w.id))).toBe(700016);
		await sb.control.advanceClock(119_000);
		expect(aadCode(await cc(w.id))).toBe(700016);
		await sb.control.advanceClock(1_000);
		expect((await cc(w.id)).status).toBe(200);
		await expect(sb.control.updateTenant(w.id, { consentReplicationMs: -1 })).rejects.toThrow(
			/non-negative/,
		);
	});

	test("/organizations: the admin's account picks the tenant", async () => {
		const r = await signIn(consentUrl('organizations'), sb.caPem, {
			login: 'admin@woodgrovebank.onmicrosoft.com',
		});
		expect(r.params.get('tenant')).toBe(sb.tenants.woodgrove.id);
	});
});
