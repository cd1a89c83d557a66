/**
 * The one request function every node uses to reach a customer tenant's Defender API.
 */
import { NodeOperationError, sleep } from 'n8n-workflow';

import { acquireAppToken, isRejectedSecret } from './appToken';
import {
	mayHaveBeenAppliedError,
	signInError,
	unreachableError,
	unreadableAnswerError,
} from './attemptErrors';
import type { AttemptContext } from './attemptErrors';
import { adviceForApiError, buildApiError, echoed, parseDefenderError, tenantName } from './errors';
import { loadCredentials, reloadCredentials } from './credentialCache';
import {
	assertTimeFor,
	attemptTimeoutMs,
	DeadlineReached,
	timeLeft,
	withinDeadline,
} from './deadline';
import { exchange } from './http';
import type { Exchange } from './http';
import { acquire, blockUntil, DEFAULT_BUDGET, FAMILY_LIMITS } from './rateBudget';
import { isDeletedByLostAttempt, isSafeToResend } from './resend';
import {
	backoffMs,
	isRetryableStatus,
	isTransientNetworkCode,
	mergeRetryPolicy,
	parseRetryAfterSeconds,
	wasNotProcessed,
	wasNotSent,
} from './retry';
import { tenantPlan } from './requestPlan';
import type { TenantPlan } from './requestPlan';
import { invalidateToken } from './tokenCache';
import type { BudgetPolicy, DefenderFunctions, DefenderRequest, EndpointFamily } from './types';

/** The quota family of a path: Microsoft documents a separate quota per endpoint family. */
export function familyOf(path: string): EndpointFamily {
	const p = path.toLowerCase();
	if (p.startsWith('/api/alerts/batchupdate')) return 'alertsBatchUpdate';
	if (p.startsWith('/api/alerts')) return 'alerts';
	if (p.startsWith('/api/machineactions') || /^\/api\/machines\/[^/]+\/[a-z]/.test(p)) {
		return 'machineActions';
	}
	if (p.startsWith('/api/machines')) return 'machines';
	if (p.startsWith('/api/indicators/import')) return 'indicatorsImport';
	if (p.startsWith('/api/indicators')) return 'indicators';
	if (p.startsWith('/api/advancedqueries')) return 'advancedHunting';
	return 'other';
}

export { loadCredentials } from './credentialCache';

/** The response's `Date` header (Defender's clock, to the second), or undefined. */
function serverDateOf(headers: Record<string, unknown>): number | undefined {
	const raw = Array.isArray(headers.date) ? headers.date[0] : headers.date;
	const ms = typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
	return Number.isFinite(ms) ? ms : undefined;
}

function isJsonBody(body: unknown): boolean {
	return body === undefined || body === null || body === '' || typeof body === 'object';
}

/**
 * Sends one Defender API request for one tenant and returns the parsed JSON body.
 * - base URL from the credential's cloud/region, partner `User-Agent`;
 * - bearer token for `tenant` from the node's credential (app: per-tenant client-credentials
 *   token, cached; OAuth2: n8n's stored token, refreshed by n8n on 401);
 * - waits for the tenant's request budget, honours 429 `Retry-After` (up to
 *   `maxRetryWaitSeconds`), retries 5xx/resets/timeouts with capped jittered backoff, refreshes
 *   the token once on 401, never retries other 4xx;
 * - resends a change that is not safe to send twice (resend.ts) only after a failure that proves
 *   it was not sent or a 503; else the error says the change may have been applied and how to
 *   check; a 404 to a DELETE resent after a lost answer means the lost attempt deleted it;
 * - throws `NodeApiError` with Defender's `error.code`, message, request id, tenant and advice;
 *   tokens and secrets (this attempt's token included) never appear in it, server text is capped.
 */
export async function defenderApiRequest<T = unknown>(
	this: DefenderFunctions,
	request: DefenderRequest,
): Promise<T> {
	const { authentication, itemIndex } = request;
	const node = this.getNode();
	const { deadline } = request;
	let credentials = await loadCredentials(this, authentication, itemIndex ?? 0);
	const planFor = (copy: typeof credentials): TenantPlan => {
		try {
			return tenantPlan(copy, authentication, request.tenant);
		} catch (error) {
			throw new NodeOperationError(node, (error as Error).message, { itemIndex, level: 'warning' });
		}
	};
	let plan = planFor(credentials);
	const { tenant, endpoints } = plan;
	const policy = mergeRetryPolicy({
		...request.tuning?.retry,
		...(request.maxRetryWaitSeconds !== undefined
			? { maxRetryWaitSeconds: request.maxRetryWaitSeconds }
			: {}),
	});
	const family = request.family ?? familyOf(request.path);
	const resendable = isSafeToResend(request, family);
	const budget: BudgetPolicy = {
		limit: FAMILY_LIMITS[family] ?? DEFAULT_BUDGET.limit,
		windowMs: DEFAULT_BUDGET.windowMs,
		...request.tuning?.budget,
	};
	const budgetKey = [
		endpoints.apiBaseUrl,
		String(credentials.clientId ?? ''),
		tenant.tenantId,
		family,
	].join('|');
	let url: string;
	if (/^https?:\/\//i.test(request.path)) {
		// An @odata.nextLink: follow it only on the API host, or the token would go elsewhere.
		if (!request.path.startsWith(`${endpoints.apiBaseUrl}/`)) {
			throw new NodeOperationError(
				node,
				`Defender returned a next-page link outside ${endpoints.apiBaseUrl}; it was not followed.`,
				{ itemIndex },
			);
		}
		url = request.path;
	} else {
		url = endpoints.apiBaseUrl + (request.path.startsWith('/') ? request.path : `/${request.path}`);
	}
	const who = tenantName(tenant);
	const isApp = authentication === 'defenderMsspAppApi';

	let failures = 0;
	let throttles = 0;
	let refreshedOn401 = false;
	/** An earlier attempt may have been carried out without its answer reaching us. */
	let answerLost = false;
	let reloadedCredentials = false;
	/** Waits before the next attempt, or gives up when the wait would outlast the deadline. */
	const pause = async (ms: number, why: string) => {
		assertTimeFor(deadline, ms, why);
		await sleep(ms);
	};
	for (;;) {
		let token: string | undefined;
		if (isApp) {
			const issued = await withinDeadline(
				acquireAppToken(this, credentials, plan, policy, itemIndex),
				deadline,
				'while waiting for a token',
			).then(
				(value) => ({ token: value.accessToken }),
				(error: unknown) => ({ error }),
			);
			if ('error' in issued) {
				// The secret may have been rotated since this copy was read: read it once more.
				const fresh =
					isRejectedSecret(issued.error) && !reloadedCredentials
						? await reloadCredentials(this, authentication, itemIndex ?? 0, credentials)
						: undefined;
				reloadedCredentials = true;
				if (!fresh || fresh.clientSecret === credentials.clientSecret) throw issued.error;
				credentials = fresh;
				// Same cloud and tenant, new secret: a new token key and new secrets to hide.
				plan = planFor(credentials);
				continue;
			}
			token = issued.token;
		}
		const done = await acquire(budgetKey, budget, Date.now, deadline);
		// This attempt's token joins the secrets: a proxy or a 401/403 may echo it, and a token
		// that is not a JWT matches no pattern in `redact`.
		const attempt: AttemptContext = {
			node,
			tenant,
			itemIndex,
			secrets: token ? [...plan.secrets, token] : plan.secrets,
			endpoints,
		};
		let outcome: Exchange;
		const sentAt = Date.now();
		try {
			outcome = await exchange(this, authentication, {
				method: request.method,
				url,
				qs: request.qs,
				body: request.body,
				timeoutMs: attemptTimeoutMs(policy.timeoutMs, deadline),
				headers: token ? { Authorization: `Bearer ${token}` } : {},
				...(isApp ? { credentials } : {}),
			});
		} finally {
			done();
		}

		if (outcome.kind === 'network') {
			if (outcome.signIn) throw signInError(attempt, outcome.signIn);
			// Only a failure that proves nothing was sent (a refused connection, an unknown name)
			// lets a change go again or be called unreachable; any other, an unknown code included,
			// may have come after Defender made it.
			const notSent = wasNotSent(outcome.code);
			if (!resendable && !notSent) throw mayHaveBeenAppliedError(attempt, family, outcome);
			if (timeLeft(deadline) <= 0) throw new DeadlineReached('while waiting for Defender');
			if (isTransientNetworkCode(outcome.code) && failures < policy.maxRetries) {
				answerLost ||= !notSent;
				await pause(backoffMs(failures++, policy), 'before retrying a failed connection');
				continue;
			}
			throw unreachableError(attempt, failures + 1, outcome.code, outcome.message);
		}

		const { status, headers, body } = outcome;
		request.onServerDate?.(serverDateOf(headers), sentAt, Date.now());
		if (status >= 200 && status < 300) {
			if (isJsonBody(body)) return (body ?? {}) as T;
			// A broken 2xx (proxy, truncation): a read is retried, a change was made and is not.
			if (resendable && failures < policy.maxRetries) {
				answerLost = true;
				await pause(backoffMs(failures++, policy), 'before retrying a broken response');
				continue;
			}
			throw unreadableAnswerError(attempt, status, resendable ? undefined : { family });
		}

		const apiError = parseDefenderError(body);
		const apiCode = apiError.code ? echoed(apiError.code, attempt.secrets) : undefined;
		if (status === 429) {
			const seconds =
				parseRetryAfterSeconds(headers['retry-after'], body) ?? backoffMs(throttles, policy) / 1000;
			if (seconds > policy.maxRetryWaitSeconds || throttles >= policy.maxThrottleRetries) {
				throw buildApiError({
					...attempt,
					status,
					code: apiCode ?? 'TooManyRequests',
					requestId: apiError.target,
					message: `Defender is throttling tenant ${who} and asks to wait ${Math.ceil(seconds)} s`,
					description:
						seconds > policy.maxRetryWaitSeconds
							? `The requested wait is longer than the node's Max Retry Wait (${policy.maxRetryWaitSeconds} s). Raise Max Retry Wait, or run the workflow less often (Defender allows about 100 calls per minute per tenant).`
							: `Defender throttled this tenant ${throttles + 1} times in a row. Run the workflow less often or with fewer calls per run.`,
					failure: { cause: 'rate-limited', retryAfterMs: Math.ceil(seconds * 1000) },
				});
			}
			throttles++;
			const waitMs = Math.ceil(seconds * 1000);
			blockUntil(budgetKey, budget, Date.now() + waitMs);
			await pause(waitMs, `while Defender throttles tenant ${who} for ${Math.ceil(seconds)} s`);
			continue;
		}
		if (status === 401 && isApp && !refreshedOn401 && token) {
			refreshedOn401 = true;
			invalidateToken(plan.tokenKey as string, token);
			continue;
		}
		if (isRetryableStatus(status)) {
			if ((resendable || wasNotProcessed(status)) && failures < policy.maxRetries) {
				answerLost ||= !wasNotProcessed(status);
				await pause(backoffMs(failures++, policy), `before retrying HTTP ${status}`);
				continue;
			}
			if (!resendable && !wasNotProcessed(status)) {
				throw mayHaveBeenAppliedError(attempt, family, { status });
			}
		}
		if (isDeletedByLostAttempt(request.method, status, answerLost)) return {} as T;
		const apiMessage = apiError.message ? `: ${echoed(apiError.message, attempt.secrets)}` : '';
		throw buildApiError({
			...attempt,
			status,
			code: apiCode,
			requestId: apiError.target,
			message: `Defender ${apiCode ?? `HTTP ${status}`} for tenant ${who}${apiMessage}`,
			description: adviceForApiError(status, apiError.code, tenant, apiError.message),
			failure:
				status === 401
					? { cause: 'credential-invalid' }
					: status >= 500
						? { cause: 'temporarily-unavailable' }
						: { cause: 'configuration-invalid' },
		});
	}
}
