/**
 * What every contract suite sets up the same way: the sandbox tenant with its CA trusted, the MSSP
 * App and OAuth2 credentials as n8n stores them, the credential types, and a fresh transport
 * between tests (its caches are module-level, as in n8n). One definition each; the suites'
 * support files add only what is their own (their node's run(), their tuning).
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { DefenderMsspAppApi } from '../../credentials/DefenderMsspAppApi.credentials';
import { DefenderMsspOAuth2Api } from '../../credentials/DefenderMsspOAuth2Api.credentials';
import { resetBudgets } from '../../nodes/shared/transport/rateBudget';
import { clearTokenCache } from '../../nodes/shared/transport/tokenCache';
import { trustCa } from '../harness';
import type { HarnessCredentials } from '../harness';
import { sandboxHttp, signIn } from '../sandbox/client';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';

/** n8n's OAuth2 callback, as the Connect button sends it; the sandbox apps register it. */
const OAUTH2_REDIRECT = 'http://localhost:5678/rest/oauth2-credential/callback';

export const credentialTypes = [new DefenderMsspAppApi(), new DefenderMsspOAuth2Api()];

export interface Env {
	sb: Sandbox;
	untrust: () => void;
}

export async function startEnv(): Promise<Env> {
	const sb = await startSandbox();
	return { sb, untrust: trustCa(sb.caPem) };
}

export async function stopEnv(env: Env | undefined): Promise<void> {
	if (!env) return;
	env.untrust();
	await env.sb.stop();
}

/** Fresh transport state between tests: no cached token, every budget window empty. */
export function resetTransport(): void {
	clearTokenCache();
	resetBudgets();
}

export type SandboxTenant = { tenantId: string; label?: string; region?: string };

/** The MSSP App credential's data for the sandbox app, listing `tenants`. */
export function sandboxAppData(
	sb: Sandbox,
	tenants: SandboxTenant[],
	over: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		cloud: 'custom',
		loginBaseUrl: sb.loginBaseUrl,
		apiBaseUrl: sb.apiBaseUrl,
		clientId: sb.credentials.clientId,
		clientSecret: sb.credentials.clientSecret,
		tenants: { tenant: tenants },
		...over,
	};
}

/** The MSSP App credential as n8n hands it to a node. */
export function sandboxAppCredentials(
	sb: Sandbox,
	tenants: SandboxTenant[],
	over: { clientId?: string; clientSecret?: string } = {},
): HarnessCredentials {
	return { defenderMsspAppApi: { id: 'app-cred', data: sandboxAppData(sb, tenants, over) } };
}

/** Signs in as the tenant's admin (authorization code), as n8n's "Connect" button would. */
export async function oauthCredentials(sb: Sandbox, tenantId: string): Promise<HarnessCredentials> {
	const { clientId, clientSecret } = sb.credentials;
	const scope = 'https://api.securitycenter.microsoft.com/.default offline_access';
	const authorize = new URL(`${sb.loginBaseUrl}/${tenantId}/oauth2/v2.0/authorize`);
	authorize.search = new URLSearchParams({
		client_id: clientId,
		response_type: 'code',
		redirect_uri: OAUTH2_REDIRECT,
		scope,
	}).toString();
	const signed = await signIn(authorize.toString(), sb.caPem);
	const code = signed.params.get('code');
	if (!code)
		throw new Error(
			`sign-in gave no code: ${signed.status} ${signed.location ?? signed.page.text.slice(0, 300)}`,
		);
	const token = await sandboxHttp(sb.origin, sb.caPem, 'POST', `/${tenantId}/oauth2/v2.0/token`, {
		form: {
			grant_type: 'authorization_code',
			code,
			redirect_uri: OAUTH2_REDIRECT,
			client_id: clientId,
			client_secret: clientSecret,
			scope,
		},
	});
	if (token.status !== 200) throw new Error(`token exchange failed: ${token.status} ${token.text}`);
	return {
		defenderMsspOAuth2Api: {
			id: 'oauth-cred',
			data: {
				cloud: 'custom',
				loginBaseUrl: sb.loginBaseUrl,
				apiBaseUrl: sb.apiBaseUrl,
				tenantId,
				clientId,
				clientSecret,
				oauthTokenData: JSON.parse(token.text) as IDataObject,
			},
		},
	};
}
