/**
 * The MSSP App credential's test: a token for the test tenant and one alert read, each failure
 * turned into a sentence saying what is wrong and what to do. Runs as the credential's
 * `preAuthentication` (only `helpers.httpRequest` exists there), so it talks to the token endpoint
 * itself; the secret goes to that endpoint only and never into a message.
 */
import type {
	ICredentialDataDecryptedObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { adviceForTokenError } from './aadsts';
import { resolveEndpoints, tokenUrl } from './clouds';
import {
	isPortalAuthorizationMissing,
	parseDefenderError,
	portalAuthorizationFix,
	redact,
	tenantName,
} from './errors';
import { USER_AGENT } from './http';
import { assertTenantId } from './tenant';
import { configuredTenants } from './tenants';
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

/** Throws an Error whose message says exactly what is wrong; resolves when the tenant works. */
export async function checkAppAccess(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<void> {
	const secret = String(credentials.clientSecret ?? '');
	if (!String(credentials.clientId ?? '').trim() || !secret) {
		throw new Error('Enter the client ID and the client secret of the MSSP app registration.');
	}
	const tenant = testTenant(credentials);
	const endpoints = resolveEndpoints(credentials, tenant.region);
	const who = tenantName(tenant);

	const token = await send(helper, {
		method: 'POST',
		url: tokenUrl(endpoints.loginBaseUrl, tenant.tenantId),
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': USER_AGENT },
		body: {
			grant_type: 'client_credentials',
			client_id: String(credentials.clientId).trim(),
			client_secret: secret,
			scope: endpoints.scope,
		},
	});
	if (!token.ok) {
		throw new Error(
			`Could not reach ${endpoints.loginBaseUrl} (${redact(token.reason, [secret])}). Check the Microsoft cloud (and for Custom endpoints the login base URL).`,
		);
	}
	const tokenBody = (token.body ?? {}) as Record<string, unknown>;
	if (token.status !== 200 || typeof tokenBody.access_token !== 'string') {
		throw new Error(`Tenant ${who}: ${adviceForTokenError(token.body, who, token.status).advice}`);
	}
	const accessToken = tokenBody.access_token;

	const probe = await send(helper, {
		method: 'GET',
		url: `${endpoints.apiBaseUrl}/api/alerts`,
		qs: { $top: 1 },
		headers: { Authorization: `Bearer ${accessToken}`, 'User-Agent': USER_AGENT },
	});
	const secrets = [secret, accessToken];
	if (!probe.ok) {
		throw new Error(
			`Tenant ${who}: the token works but ${endpoints.apiBaseUrl} could not be reached (${redact(probe.reason, secrets)}). Check the API region (and for Custom endpoints the API base URL).`,
		);
	}
	if (probe.status === 200) return;
	const apiError = parseDefenderError(probe.body);
	const detail = apiError.message ? ` Defender said: ${redact(apiError.message, secrets)}` : '';
	let advice: string;
	if (probe.status === 401) {
		advice =
			"Defender rejected the token. Check that the Microsoft cloud on the credential matches the tenant's cloud.";
	} else if (
		probe.status === 403 &&
		apiError.code === 'DisabledFeature' &&
		isPortalAuthorizationMissing(apiError.message)
	) {
		advice = `the app is consented but not yet authorized in the customer's Defender portal. ${portalAuthorizationFix(tenant.tenantId, String(credentials.clientId).trim())}`;
	} else if (probe.status === 403 && apiError.code === 'DisabledFeature') {
		advice =
			'Defender for Endpoint is not enabled in this tenant. Ask the customer to activate it.';
	} else if (probe.status === 403) {
		advice =
			"the app has no permission to read alerts here. Add the WindowsDefenderATP permission Alert.Read.All (or Alert.ReadWrite.All) to the app registration and ask the customer's admin to consent again.";
	} else if (probe.status === 429) {
		advice =
			'Defender is throttling this tenant right now; the credential itself is fine. Test again in a minute.';
	} else {
		advice = `Defender answered HTTP ${probe.status}. Retry later; if it persists, check the API region.`;
	}
	throw new Error(`Tenant ${who}: ${advice}${detail}`);
}
