/**
 * Per-tenant token of the MSSP app (client-credentials grant). The request goes through
 * `httpRequestWithAuthentication('defenderMsspAppApi')`, whose `authenticate` adds the client ID
 * and secret to the body of this tenant's token request only; this file never sees the secret
 * except as part of the (hashed) cache key. One token request serves every caller that needs the
 * same token at once, so it runs on the policy's own timeouts: a caller with a deadline waits for
 * it only as long as its own time allows (request.ts).
 */
import { sleep } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { adviceForTokenError } from './aadsts';
import type { ResolvedEndpoints } from './clouds';
import { buildApiError } from './errors';
import { tenantName } from './tenant';
import { exchange } from './http';
import { backoffMs, isTransientNetworkCode } from './retry';
import { getToken, toCachedToken, tokenCacheKey } from './tokenCache';
import { clientCredentialsRequest, issuedToken } from './tokenRequest';
import type { CachedToken } from './tokenCache';
import type { DefenderFunctions, RetryPolicy, Tenant } from './types';

/** Token errors that mean the client secret itself was refused (wrong or expired). */
const rejectedSecretErrors = new WeakSet<object>();

/** True for the error of a token request whose client secret Entra ID refused. */
export function isRejectedSecret(error: unknown): boolean {
	return typeof error === 'object' && error !== null && rejectedSecretErrors.has(error);
}

export function appTokenKey(
	credentials: ICredentialDataDecryptedObject,
	endpoints: ResolvedEndpoints,
	tenant: Tenant,
): string {
	return tokenCacheKey({
		loginBaseUrl: endpoints.loginBaseUrl,
		clientId: String(credentials.clientId ?? ''),
		clientSecret: String(credentials.clientSecret ?? ''),
		tenantId: tenant.tenantId,
		scope: endpoints.scope,
	});
}

/** A cached or freshly requested token for `tenant`; concurrent callers share one request. */
export async function acquireAppToken(
	ctx: DefenderFunctions,
	credentials: ICredentialDataDecryptedObject,
	target: { endpoints: ResolvedEndpoints; tenant: Tenant; tokenKey?: string },
	policy: RetryPolicy,
	itemIndex?: number,
): Promise<CachedToken> {
	const { endpoints, tenant } = target;
	const secrets = [String(credentials.clientSecret ?? '')];
	const key = target.tokenKey ?? appTokenKey(credentials, endpoints, tenant);
	return await getToken(key, async () => {
		let failures = 0;
		for (;;) {
			const outcome = await exchange(ctx, 'defenderMsspAppApi', {
				...clientCredentialsRequest(endpoints, tenant.tenantId),
				form: true,
				timeoutMs: policy.timeoutMs,
				credentials,
			});
			const transient =
				outcome.kind === 'network'
					? isTransientNetworkCode(outcome.code)
					: outcome.status >= 500 || outcome.status === 429;
			const issued =
				outcome.kind === 'response' ? issuedToken(outcome.status, outcome.body) : undefined;
			if (issued) return toCachedToken(issued.accessToken, issued.expiresIn, Date.now());
			if (transient && failures < policy.maxRetries) {
				await sleep(backoffMs(failures++, policy));
				continue;
			}
			if (outcome.kind === 'network') {
				throw buildApiError({
					node: ctx.getNode(),
					tenant,
					itemIndex,
					secrets,
					message: `Could not reach Microsoft Entra ID for tenant ${tenantName(tenant)}`,
					description: `The connection to ${endpoints.loginBaseUrl} failed (${outcome.code}). Check the network path and the credential's cloud, then retry.`,
					failure: { cause: 'temporarily-unavailable' },
				});
			}
			const advice = adviceForTokenError(outcome.body, tenantName(tenant), outcome.status);
			const error = buildApiError({
				node: ctx.getNode(),
				tenant,
				itemIndex,
				secrets,
				status: outcome.status,
				code: advice.code !== undefined ? `AADSTS${advice.code}` : advice.error,
				message: `Could not get a token for tenant ${tenantName(tenant)}`,
				description: advice.advice,
				failure: advice.transient
					? { cause: 'temporarily-unavailable' }
					: advice.problem === 'wrongSecret' || advice.problem === 'expiredSecret'
						? { cause: 'credential-invalid' }
						: { cause: 'configuration-invalid' },
			});
			if (advice.problem === 'wrongSecret' || advice.problem === 'expiredSecret') {
				rejectedSecretErrors.add(error);
			}
			throw error;
		}
	});
}
