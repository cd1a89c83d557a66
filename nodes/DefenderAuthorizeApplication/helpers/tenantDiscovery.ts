/**
 * Turns a customer domain into its tenant GUID with the tenant's OpenID discovery document (no
 * credential needed). The consent state then signs the GUID — the value the admin-consent
 * redirect returns — and an unknown tenant (AADSTS90002) is reported before any link is sent.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { adviceForTokenError, buildApiError, exchange } from '../../shared/transport';
import type { AppCredential } from './appCredential';
import { CREDENTIAL, REQUEST_TIMEOUT_MS } from './appCredential';

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export async function discoverTenantId(
	this: IExecuteFunctions,
	app: AppCredential,
	tenant: string,
	itemIndex: number,
): Promise<string> {
	const url = `${app.endpoints.loginBaseUrl}/${encodeURIComponent(tenant)}/v2.0/.well-known/openid-configuration`;
	const answer = await exchange(this, CREDENTIAL, {
		method: 'GET',
		url,
		timeoutMs: REQUEST_TIMEOUT_MS,
		credentials: app.credentials,
	});
	if (answer.kind === 'response' && answer.status === 200) {
		const issuer = (answer.body as { issuer?: unknown } | undefined)?.issuer;
		const match = typeof issuer === 'string' ? GUID.exec(issuer) : null;
		if (match) return match[0].toLowerCase();
	}
	if (answer.kind === 'network') {
		throw buildApiError({
			node: this.getNode(),
			tenant: { tenantId: tenant },
			itemIndex,
			// The socket code stays out of the message: NodeApiError would swap the message for its
			// generic text for that code, losing the tenant (as in transport/appToken.ts).
			message: `Could not reach Microsoft Entra ID to look up tenant ${tenant}`,
			description: `The connection to ${app.endpoints.loginBaseUrl} failed (${answer.code}). Check the credential's Microsoft cloud and the network path, then retry.`,
		});
	}
	const advice = adviceForTokenError(answer.body, tenant, answer.status);
	return Promise.reject(
		buildApiError({
			node: this.getNode(),
			tenant: { tenantId: tenant },
			itemIndex,
			status: answer.status,
			code: advice.code !== undefined ? `AADSTS${advice.code}` : undefined,
			message: `Tenant ${tenant} was not found in Microsoft Entra ID`,
			description:
				advice.problem === 'wrongTenant' || advice.problem === 'unknown'
					? `Check the tenant ID or domain the customer gave you (Entra admin center → Overview) and the Microsoft cloud selected on the credential.`
					: advice.advice,
		}),
	);
}
