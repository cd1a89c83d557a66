/**
 * The one request function every node uses to reach a customer tenant's Defender API.
 */
import type { DefenderFunctions, DefenderRequest } from './types';

/**
 * Sends one Defender API request for one tenant and returns the parsed JSON body.
 * - base URL from the credential's cloud/region, partner `User-Agent`;
 * - bearer token for `tenant` from the node's credential (app: per-tenant client-credentials
 *   token, cached; OAuth2: n8n's stored token, refreshed by n8n on 401);
 * - waits for the tenant's request budget, honours 429 `Retry-After` (up to
 *   `maxRetryWaitSeconds`), retries 5xx/resets/timeouts with capped jittered backoff, refreshes
 *   the token once on 401, never retries other 4xx;
 * - throws `NodeApiError` with Defender's `error.code`, message, request id, tenant and advice;
 *   tokens and secrets never appear in it.
 */
export async function defenderApiRequest<T = unknown>(
	this: DefenderFunctions,
	request: DefenderRequest,
): Promise<T> {
	void request;
	throw new Error('defenderApiRequest: implementation lands in the next commit');
}
