/**
 * The MSSP App credential's test: a token for the test tenant and one alert read, judged by the
 * same verdict as Verify Access (accessVerdict.ts), its first failure said in one sentence. Runs as the credential's
 * `preAuthentication` (only `helpers.httpRequest` exists there), so it talks to the token endpoint
 * itself; the secret goes to that endpoint only and never into a message.
 */
import type {
	ICredentialDataDecryptedObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { firstFailure, probeChecks, tokenFailureChecks } from './accessVerdict';
import type { AccessCheck, AccessContext } from './accessVerdict';
import { resolveEndpoints } from './clouds';
import { redact } from './errors';
import { USER_AGENT } from './http';
import type { Exchange } from './http';
import { assertTenantId, tenantName } from './tenant';
import { configuredTenants } from './tenants';
import { clientCredentialsRequest, issuedToken } from './tokenRequest';
import type { Tenant } from './types';

type Outcome = { ok: true; status: number; body: unknown } | { ok: false; reason: string };

async function send(helper: IHttpRequestHelper, options: IHttpRequestOptions): Promise<Outcome> {
	return await helper.helpers
		.httpRequest({
			...options,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 30_000,
		})
		.then(
			(response: { statusCode: number; body: unknown }) => ({
				ok: true as const,
				status: response.statusCode,
				body: response.body,
			}),
			// Keep only the socket code: the client's error object holds the request, secret included.
			(error: { code?: unknown; cause?: { code?: unknown } }) => ({
				ok: false as const,
				reason: String(error?.code ?? error?.cause?.code ?? 'the connection failed'),
			}),
		);
}

/** Which tenant the test uses: "Tenant to Test With", else the first listed customer tenant. */
export function testTenant(credentials: ICredentialDataDecryptedObject): Tenant {
	const explicit =
		typeof credentials.testTenantId === 'string' ? credentials.testTenantId.trim() : '';
	const listed = configuredTenants(credentials);
	if (explicit) {
		const tenantId = assertTenantId(explicit, 'Tenant to Test With');
		return listed.find((t) => t.tenantId === tenantId) ?? { tenantId };
	}
	if (listed.length === 0) {
		throw new Error(
			'Add at least one customer tenant (or fill in "Tenant to Test With") so the test can request a token for it.',
		);
	}
	return listed[0];
}

/** The check's answers as the verdict reads them (it knows no status-less "ok: false"). */
function asExchange(outcome: Outcome): Exchange {
	return outcome.ok
		? { kind: 'response', status: outcome.status, headers: {}, body: outcome.body }
		: { kind: 'network', code: outcome.reason, message: '' };
}

/** Throws an Error whose message says exactly what is wrong; resolves when the tenant works. */
export async function checkAppAccess(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<void> {
	const clientId = String(credentials.clientId ?? '').trim();
	const secret = String(credentials.clientSecret ?? '');
	if (!clientId || !secret) {
		throw new Error('Enter the client ID and the client secret of the MSSP app registration.');
	}
	const tenant = testTenant(credentials);
	const endpoints = resolveEndpoints(credentials, tenant.region);
	const access: AccessContext = {
		who: tenantName(tenant),
		tenantId: tenant.tenantId,
		clientId,
		loginBaseUrl: endpoints.loginBaseUrl,
		apiBaseUrl: endpoints.apiBaseUrl,
		again: 'test the credential again',
	};
	// preAuthentication has no credential-aware helper, so the test adds the app's ID and secret
	// to the token request itself.
	const tokenRequest = clientCredentialsRequest(endpoints, tenant.tenantId);
	const token = asExchange(
		await send(helper, {
			...tokenRequest,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': USER_AGENT },
			body: { ...tokenRequest.body, client_id: clientId, client_secret: secret },
		}),
	);
	const issued = token.kind === 'response' ? issuedToken(token.status, token.body) : undefined;
	let checks: AccessCheck[];
	let secrets = [secret];
	if (!issued) {
		checks = tokenFailureChecks(access, token);
	} else {
		secrets = [secret, issued.accessToken];
		const probe = await send(helper, {
			method: 'GET',
			url: `${endpoints.apiBaseUrl}/api/alerts`,
			qs: { $top: 1 },
			headers: { Authorization: `Bearer ${issued.accessToken}`, 'User-Agent': USER_AGENT },
		});
		checks = probeChecks(access, issued.accessToken, asExchange(probe));
	}
	const failure = firstFailure(checks);
	if (failure !== undefined) throw new Error(redact(failure, secrets));
}
