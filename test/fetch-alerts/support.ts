/**
 * Shared setup of the Fetch Alerts contract tests: the sandbox tenant, both credentials as n8n
 * stores them, and `run()` — the node executed through n8n-core (test/harness).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { DefenderMsspAppApi } from '../../credentials/DefenderMsspAppApi.credentials';
import { DefenderMsspOAuth2Api } from '../../credentials/DefenderMsspOAuth2Api.credentials';
import { DefenderFetchAlerts } from '../../nodes/DefenderFetchAlerts/DefenderFetchAlerts.node';
import { runNode, trustCa } from '../harness';
import type { HarnessCredentials, RunNodeResult } from '../harness';
import { sandboxHttp, signIn } from '../sandbox/client';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';

export const REDIRECT = 'http://localhost:5678/rest/oauth2-credential/callback';

export interface Env {
	sb: Sandbox;
	untrust: () => void;
}

export async function startEnv(): Promise<Env> {
	const sb = await startSandbox();
	const untrust = trustCa(sb.caPem);
	return { sb, untrust };
}

export async function stopEnv(env: Env | undefined): Promise<void> {
	if (!env) return;
	env.untrust();
	await env.sb.stop();
}

export function appCredentials(
	sb: Sandbox,
	tenants: Array<{ tenantId: string; label?: string }>,
): HarnessCredentials {
	return {
		defenderMsspAppApi: {
			id: 'app-cred',
			data: {
				cloud: 'custom',
				loginBaseUrl: sb.loginBaseUrl,
				apiBaseUrl: sb.apiBaseUrl,
				clientId: sb.credentials.clientId,
				clientSecret: sb.credentials.clientSecret,
				tenants: { tenant: tenants },
			},
		},
	};
}

/** Signs in as the tenant's admin (authorization code), as n8n's "Connect" button would. */
export async function oauthCredentials(sb: Sandbox, tenantId: string): Promise<HarnessCredentials> {
	const { clientId, clientSecret } = sb.credentials;
	const scope = 'https://api.securitycenter.microsoft.com/.default offline_access';
	const authorize = new URL(`${sb.loginBaseUrl}/${tenantId}/oauth2/v2.0/authorize`);
	authorize.search = new URLSearchParams({
		client_id: clientId,
		response_type: 'code',
		redirect_uri: REDIRECT,
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
			redirect_uri: REDIRECT,
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

export function run(
	parameters: INodeParameters,
	credentials: HarnessCredentials,
	extra: {
		continueOnFail?: boolean;
		onError?: 'continueRegularOutput' | 'continueErrorOutput';
		inputItems?: IDataObject[];
	} = {},
): Promise<RunNodeResult> {
	return runNode({
		nodeType: new DefenderFetchAlerts(),
		credentialTypes: [new DefenderMsspAppApi(), new DefenderMsspOAuth2Api()],
		credentials,
		parameters,
		...extra,
	});
}

/** Items of the node's first output (throws with n8n's error if the node failed). */
export function itemsOf(result: RunNodeResult): IDataObject[] {
	if (!result.output)
		throw new Error(`node failed: ${result.error?.message} ${result.error?.description ?? ''}`);
	return result.output[0].map((i) => i.json);
}
