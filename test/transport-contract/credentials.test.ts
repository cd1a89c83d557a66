/**
 * Both credentials' tests through the harness's replica of n8n's credential tester.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { signIn, sandboxHttp } from '../sandbox/client';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';
import { trustCa } from '../harness';
import { appData, testCred } from './support';

jest.setTimeout(300_000);

let sb: Sandbox;
let untrust: () => void;
beforeAll(async () => {
	sb = await startSandbox();
	untrust = trustCa(sb.caPem);
});
afterAll(async () => {
	untrust();
	await sb.stop();
});

describe('Microsoft Defender MSSP App API test', () => {
	it('passes for a consented, licensed tenant', async () => {
		const r = await testCred('defenderMsspAppApi', appData(sb));
		expect(r.message).toMatch(/^Connection successful/i);
		expect(r.status).toBe('OK');
	});

	it('passes with base URLs entered in capitals, with a trailing slash', async () => {
		// The test request keeps the case as entered; the secret goes to it all the same, since it
		// is the credential's own token endpoint.
		const upper = (url: string) => `${url.replace(/^https:/, 'HTTPS:')}/`;
		const r = await testCred(
			'defenderMsspAppApi',
			appData(sb, { loginBaseUrl: upper(sb.loginBaseUrl), apiBaseUrl: upper(sb.apiBaseUrl) }),
		);
		expect(r.message).toMatch(/^Connection successful/i);
	});

	const failures: Array<[string, () => ICredentialDataDecryptedObject, RegExp]> = [
		['not consented', () => ({ testTenantId: sb.tenants.woodgrove.id }), /woodgrove|consent link/i],
		['no Defender licence', () => ({ testTenantId: sb.tenants.litware.id }), /licence/],
		[
			'app not authorized in the portal',
			() => ({ testTenantId: sb.tenants.adatum.id }),
			/not yet authorized.*MSSP tab.*Authorize application/,
		],
		['wrong secret', () => ({ clientSecret: 'wrong-secret-value' }), /Value \(not its Secret ID\)/],
		['expired secret', () => ({ clientSecret: sb.credentials.expiredClientSecret }), /expired/],
		[
			'unknown tenant',
			() => ({ testTenantId: 'nosuchtenant.onmicrosoft.com' }),
			/not found|consent/,
		],
		['invalid tenant', () => ({ testTenantId: 'common' }), /multi-tenant alias/],
		['no tenant', () => ({ tenants: {} }), /Add at least one customer tenant/],
		[
			'a plain-http login URL not on 127.0.0.1, ::1 or localhost',
			() => ({ loginBaseUrl: 'http://127.0.0.2:9' }),
			/does not use https:\/\/.*unencrypted/,
		],
	];
	it.each(failures)('explains %s', async (_name, patch, advice) => {
		const r = await testCred('defenderMsspAppApi', appData(sb, patch()));
		expect(r.status).toBe('Error');
		expect(r.message).toMatch(advice);
		expect(r.message).not.toContain(sb.credentials.clientSecret);
	});
});

describe('Microsoft Defender MSSP OAuth2 API test', () => {
	const REDIRECT = 'http://localhost/callback';
	async function connectedData(): Promise<ICredentialDataDecryptedObject> {
		const tenant = sb.tenants.fabrikam.id;
		const scope = 'https://api.securitycenter.microsoft.com/.default offline_access';
		const q = new URLSearchParams({
			client_id: sb.credentials.clientId,
			response_type: 'code',
			redirect_uri: REDIRECT,
			scope,
			state: 's',
		});
		const login = await signIn(
			`${sb.loginBaseUrl}/${tenant}/oauth2/v2.0/authorize?${q}`,
			sb.caPem,
			{},
		);
		const code = login.params.get('code') ?? '';
		const token = await sandboxHttp(sb.origin, sb.caPem, 'POST', `/${tenant}/oauth2/v2.0/token`, {
			form: {
				grant_type: 'authorization_code',
				client_id: sb.credentials.clientId,
				client_secret: sb.credentials.clientSecret,
				code,
				redirect_uri: REDIRECT,
				scope,
			},
		});
		return {
			cloud: 'custom',
			loginBaseUrl: sb.loginBaseUrl,
			apiBaseUrl: sb.apiBaseUrl,
			tenantId: tenant,
			clientId: sb.credentials.clientId,
			clientSecret: sb.credentials.clientSecret,
			oauthTokenData: token.json as ICredentialDataDecryptedObject,
		};
	}

	it('passes with a connected account', async () => {
		const r = await testCred('defenderMsspOAuth2Api', await connectedData());
		expect(r.status).toBe('OK');
	});

	it('sends nothing to a plain-http API base URL not on this machine', async () => {
		// n8n-core runs this test from the credential's own URL expression, not resolveEndpoints:
		// the expression turns the URL into a host that cannot resolve. (Nothing listens on
		// 127.0.0.2:9 either: before, this failed with ECONNREFUSED after sending the token there.)
		const data = { ...(await connectedData()), apiBaseUrl: 'http://127.0.0.2:9' };
		const r = await testCred('defenderMsspOAuth2Api', data);
		expect(r.status).toBe('Error');
		expect(r.message).toMatch(/^(ENOTFOUND|EAI_AGAIN)$/);
	});

	it('tells the user to reconnect when the sign-in was revoked', async () => {
		const data = await connectedData();
		await sb.control.revokeTokens({ tenantId: sb.tenants.fabrikam.id });
		const r = await testCred('defenderMsspOAuth2Api', data);
		expect(r.status).toBe('Error');
		expect(r.message).toMatch(/Reconnect|reconnect|sign/i);
	});
});
