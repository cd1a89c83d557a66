/**
 * The one request function every node uses to reach a customer tenant's Defender API: prepare
 * the request once, then send it until `decide` (decide.ts) says what its answer means.
 */
import { NodeOperationError, sleep } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { acquireAppToken, isRejectedSecret } from './appToken';
import type { AttemptContext } from './attemptErrors';
import { loadCredentials, reloadCredentials } from './credentialCache';
import { decide, FRESH_HISTORY } from './decide';
import type { AttemptHistory } from './decide';
import { assertTimeFor, attemptTimeoutMs, timeLeft, withinDeadline } from './deadline';
import { exchange } from './http';
import type { Exchange } from './http';
import { acquire, blockUntil, budgetFor, familyOf } from './rateBudget';
import { isSafeToResend } from './resend';
import { mergeRetryPolicy } from './retry';
import { tenantPlan } from './requestPlan';
import type { TenantPlan } from './requestPlan';
import { invalidateToken } from './tokenCache';
import { getAuthentication, getParam } from './tenants';
import type {
	BudgetPolicy,
	DefenderAuthentication,
	DefenderFunctions,
	DefenderRequest,
	EndpointFamily,
	RetryPolicy,
} from './types';
import { withInputErrors } from './inputError';

export { loadCredentials } from './credentialCache';

/** A request with what the caller may leave to the node's parameters filled in. */
type SettledRequest = DefenderRequest & { authentication: DefenderAuthentication };

/** The node's Options → Max Retry Wait (Seconds), when set. */
function nodeMaxRetryWait(ctx: DefenderFunctions, itemIndex: number): number | undefined {
	const options = getParam<IDataObject>(ctx, 'options', itemIndex, {});
	const wait = options?.maxRetryWaitSeconds;
	return typeof wait === 'number' ? wait : undefined;
}

function settle(ctx: DefenderFunctions, request: DefenderRequest): SettledRequest {
	const itemIndex = request.itemIndex ?? 0;
	return {
		...request,
		authentication: request.authentication ?? getAuthentication.call(ctx, itemIndex),
		maxRetryWaitSeconds: request.maxRetryWaitSeconds ?? nodeMaxRetryWait(ctx, itemIndex),
	};
}

/** What stays the same over every attempt of one request. */
interface Prepared {
	plan: TenantPlan;
	url: string;
	family: EndpointFamily;
	resendable: boolean;
	policy: RetryPolicy;
	budget: BudgetPolicy;
	budgetKey: string;
}

/** The response's `Date` header (Defender's clock, to the second), or undefined. */
function serverDateOf(headers: Record<string, unknown>): number | undefined {
	const raw = Array.isArray(headers.date) ? headers.date[0] : headers.date;
	const ms = typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
	return Number.isFinite(ms) ? ms : undefined;
}

/** The request's URL on the tenant's API host; a next-page link is followed only there. */
function urlFor(ctx: DefenderFunctions, request: DefenderRequest, apiBaseUrl: string): string {
	if (!/^https?:\/\//i.test(request.path)) {
		return apiBaseUrl + (request.path.startsWith('/') ? request.path : `/${request.path}`);
	}
	// An @odata.nextLink elsewhere would take the tenant's token with it.
	if (!request.path.startsWith(`${apiBaseUrl}/`)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Defender returned a next-page link outside ${apiBaseUrl}; it was not followed.`,
			{ itemIndex: request.itemIndex },
		);
	}
	return request.path;
}

function planFor(
	ctx: DefenderFunctions,
	request: SettledRequest,
	credentials: ICredentialDataDecryptedObject,
): TenantPlan {
	const place = { itemIndex: request.itemIndex, level: 'warning' as const };
	return withInputErrors(ctx.getNode(), place, () =>
		tenantPlan(credentials, request.authentication, request.tenant),
	);
}

function prepare(
	ctx: DefenderFunctions,
	request: SettledRequest,
	credentials: ICredentialDataDecryptedObject,
): Prepared {
	const plan = planFor(ctx, request, credentials);
	const family = request.family ?? familyOf(request.path);
	const wait = request.maxRetryWaitSeconds;
	return {
		plan,
		url: urlFor(ctx, request, plan.endpoints.apiBaseUrl),
		family,
		resendable: isSafeToResend(request, family),
		policy: mergeRetryPolicy({
			...request.tuning?.retry,
			maxRetryWaitSeconds: wait ?? request.tuning?.retry?.maxRetryWaitSeconds,
		}),
		budget: budgetFor(family, request.tuning?.budget),
		budgetKey: [
			plan.endpoints.apiBaseUrl,
			String(credentials.clientId ?? ''),
			plan.tenant.tenantId,
			family,
		].join('|'),
	};
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
	asked: DefenderRequest,
): Promise<T> {
	const request = settle(this, asked);
	const { authentication, deadline } = request;
	const itemIndex = request.itemIndex ?? 0;
	const isApp = authentication === 'defenderMsspAppApi';
	let credentials = await loadCredentials(this, authentication, itemIndex);
	let prepared = prepare(this, request, credentials);
	let reloadedCredentials = false;
	const history: AttemptHistory = { ...FRESH_HISTORY };
	/** Waits before the next attempt, or gives up when the wait would outlast the deadline. */
	const pause = async (ms: number, why: string) => {
		assertTimeFor(deadline, ms, why);
		await sleep(ms);
	};
	for (;;) {
		const { plan, policy } = prepared;
		let token: string | undefined;
		if (isApp) {
			const issued = await withinDeadline(
				acquireAppToken(this, credentials, plan, policy, request.itemIndex),
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
						? await reloadCredentials(this, authentication, itemIndex, credentials)
						: undefined;
				reloadedCredentials = true;
				if (!fresh || fresh.clientSecret === credentials.clientSecret) throw issued.error;
				credentials = fresh;
				// Same cloud and tenant, new secret: a new token key and new secrets to hide.
				prepared = prepare(this, request, credentials);
				continue;
			}
			token = issued.token;
		}
		// This attempt's token joins the secrets: a proxy or a 401/403 may echo it, and a token
		// that is not a JWT matches no pattern in `redact`.
		const attempt: AttemptContext = {
			node: this.getNode(),
			tenant: plan.tenant,
			itemIndex: request.itemIndex,
			secrets: token ? [...plan.secrets, token] : plan.secrets,
			endpoints: plan.endpoints,
		};
		const outcome = await send(this, request, prepared, credentials, token);
		const decision = decide({
			outcome,
			attempt,
			method: request.method,
			family: prepared.family,
			resendable: prepared.resendable,
			policy,
			history,
			ownToken: isApp && token !== undefined,
			msLeft: timeLeft(deadline),
		});
		switch (decision.do) {
			case 'return':
				return decision.body as T;
			case 'fail':
				throw decision.error;
			case 'refreshToken':
				history.refreshedOn401 = true;
				invalidateToken(plan.tokenKey as string, token as string);
				continue;
			case 'throttled':
				history.throttles++;
				blockUntil(prepared.budgetKey, prepared.budget, Date.now() + decision.waitMs);
				await pause(decision.waitMs, decision.why);
				continue;
			case 'retry':
				history.failures++;
				history.answerLost ||= decision.answerLost;
				await pause(decision.waitMs, decision.why);
				continue;
		}
	}
}

/** One attempt inside the tenant's request budget; the server's clock goes to the caller. */
async function send(
	ctx: DefenderFunctions,
	request: SettledRequest,
	prepared: Prepared,
	credentials: ICredentialDataDecryptedObject,
	token: string | undefined,
): Promise<Exchange> {
	const done = await acquire(prepared.budgetKey, prepared.budget, Date.now, request.deadline);
	const sentAt = Date.now();
	let outcome: Exchange;
	try {
		outcome = await exchange(ctx, request.authentication, {
			method: request.method,
			url: prepared.url,
			qs: request.qs,
			body: request.body,
			timeoutMs: attemptTimeoutMs(prepared.policy.timeoutMs, request.deadline),
			headers: token ? { Authorization: `Bearer ${token}` } : {},
			credentials: request.authentication === 'defenderMsspAppApi' ? credentials : undefined,
		});
	} finally {
		done();
	}
	if (outcome.kind === 'response') {
		request.onServerDate?.(serverDateOf(outcome.headers), sentAt, Date.now());
	}
	return outcome;
}
