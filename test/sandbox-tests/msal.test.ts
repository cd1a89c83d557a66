/** @azure/msal-node, unmodified, completes its flows against the sandbox tenant. */
import { ConfidentialClientApplication, CryptoProvider, LogLevel } from '@azure/msal-node';
import { signIn } from '../sandbox/client';
import { startSandbox, Sandbox } from '../sandbox/server';
import { bearer, decodeJwt, http } from './helpers';

const SCOPE = 'https://api.securitycenter.microsoft.com/.default';
let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox();
});
afterAll(async () => {
	await sb.stop();
});

function cca(tenant: string, secret = sb.credentials.clientSecret) {
	return new ConfidentialClientApplication({
		auth: {
			clientId: sb.credentials.clientId,
			clientSecret: secret,
			authority: `${sb.loginBaseUrl}/${tenant}`,
			knownAuthorities: [new URL(sb.loginBaseUrl).host],
		},
		system: {
			customAgentOptions: { ca: sb.caPem },
			loggerOptions: { logLevel: LogLevel.Error, loggerCallback: () => undefined },
		},
	});
}

test('client credentials (tenant GUID and domain authority) → token the API accepts', async () => {
	for (const tenant of [sb.tenants.fabrikam.id, sb.tenants.fabrikam.domain]) {
		const r = await cca(tenant).acquireTokenByClientCredential({ scopes: [SCOPE] });
		expect(r?.accessToken).toBeTruthy();
		const claims = decodeJwt(r!.accessToken);
		expect(claims).toMatchObject({
			tid: sb.tenants.fabrikam.id,
			aud: 'https://api.securitycenter.microsoft.com',
			appid: sb.credentials.clientId,
		});
		expect(claims.roles).toContain('Alert.Read.All');
		const api = await http(sb)('GET', '/api/alerts?$top=1', { headers: bearer(r!.accessToken) });
		expect(api.status).toBe(200);
	}
});

test('client credentials error surfaces the AADSTS code through msal', async () => {
	await expect(
		cca(sb.tenants.fabrikam.id, 'wrong-secret').acquireTokenByClientCredential({ scopes: [SCOPE] }),
	).rejects.toMatchObject({
		errorCode: 'invalid_client',
		errorMessage: expect.stringContaining('AADSTS7000215'),
	});
	await expect(
		cca(sb.tenants.woodgrove.id).acquireTokenByClientCredential({ scopes: [SCOPE] }),
	).rejects.toMatchObject({ errorMessage: expect.stringContaining('AADSTS700016') });
});

test('authorization code with PKCE, then refresh (rotation) through msal', async () => {
	const app = cca(sb.tenants.northwind.id);
	const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
	const redirectUri = 'http://localhost:5678/rest/oauth2-credential/callback';
	const scopes = [SCOPE, 'offline_access'];
	const url = await app.getAuthCodeUrl({
		scopes,
		redirectUri,
		codeChallenge: challenge,
		codeChallengeMethod: 'S256',
		state: 'st-1',
		loginHint: 'admin@northwindtraders.onmicrosoft.com',
	});
	expect(
		url.startsWith(`${sb.loginBaseUrl}/${sb.tenants.northwind.id}/oauth2/v2.0/authorize?`),
	).toBe(true);
	const r = await signIn(url, sb.caPem);
	expect(r.status).toBe(302);
	expect(r.params.get('state')).toBe('st-1');
	const code = r.params.get('code') as string;
	const result = await app.acquireTokenByCode({
		code,
		scopes,
		redirectUri,
		codeVerifier: verifier,
	});
	expect(result.account?.username).toBe('admin@northwindtraders.onmicrosoft.com');
	expect(result.account?.tenantId).toBe(sb.tenants.northwind.id);
	const claims = decodeJwt(result.accessToken);
	expect(claims.scp).toContain('Alert.ReadWrite');
	expect(claims.tid).toBe(sb.tenants.northwind.id);

	// refresh: msal keeps the refresh token in its cache; forceRefresh makes it use it
	const refreshed = await app.acquireTokenSilent({
		account: result.account!,
		scopes,
		forceRefresh: true,
	});
	expect(refreshed.accessToken).not.toBe(result.accessToken);
	const cache = JSON.parse(app.getTokenCache().serialize());
	const rt = Object.values(cache.RefreshToken as Record<string, { secret: string }>)[0].secret;
	const viaRt = await app.acquireTokenByRefreshToken({ refreshToken: rt, scopes });
	expect(viaRt?.accessToken).toBeTruthy();
	const api = await http(sb)('GET', '/api/alerts?$top=1', { headers: bearer(viaRt!.accessToken) });
	expect(api.status).toBe(200);

	// the code is single use: msal surfaces AADSTS54005
	await expect(
		app.acquireTokenByCode({ code, scopes, redirectUri, codeVerifier: verifier }),
	).rejects.toMatchObject({ errorMessage: expect.stringContaining('AADSTS54005') });
});
