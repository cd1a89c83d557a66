/**
 * What one answer means for a request (request.ts asks after every attempt): return its body,
 * try again after a pause, wait out a throttle, refresh the token, or fail with advice. Pure:
 * the clock, the dice and everything the loop has seen so far come in as arguments, so each
 * rule can be tested on its own.
 */
import {
	mayHaveBeenAppliedError,
	signInError,
	unreachableError,
	unreadableAnswerError,
} from './attemptErrors';
import type { AttemptContext } from './attemptErrors';
import { DeadlineReached } from './deadline';
import { adviceForApiError, buildApiError, echoed, parseDefenderError } from './errors';
import { tenantName } from './tenant';
import type { Exchange } from './http';
import { isDeletedByLostAttempt } from './resend';
import {
	backoffMs,
	isRetryableStatus,
	isTransientNetworkCode,
	parseRetryAfterSeconds,
	wasNotProcessed,
	wasNotSent,
} from './retry';
import type { DefenderRequest, EndpointFamily, RetryPolicy } from './types';

/** What the loop has seen of this request so far. */
export interface AttemptHistory {
	/** Failed attempts retried (network, 5xx, broken 2xx): the backoff's exponent. */
	failures: number;
	/** 429s waited out in a row. */
	throttles: number;
	/** The token was refreshed once after a 401 already. */
	refreshedOn401: boolean;
	/** An earlier attempt may have been carried out without its answer reaching us. */
	answerLost: boolean;
}

export const FRESH_HISTORY: Readonly<AttemptHistory> = {
	failures: 0,
	throttles: 0,
	refreshedOn401: false,
	answerLost: false,
};

export interface DecisionInput {
	outcome: Exchange;
	attempt: AttemptContext;
	method: DefenderRequest['method'];
	family: EndpointFamily;
	/** The request may go again after an answer that does not prove it was not carried out. */
	resendable: boolean;
	policy: RetryPolicy;
	history: AttemptHistory;
	/** The attempt carried a token the transport issued (the app credential), so a 401 may refresh it. */
	ownToken: boolean;
	/** Milliseconds left before the request's deadline (Infinity without one). */
	msLeft: number;
	now?: number;
	random?: () => number;
}

export type Decision =
	| { do: 'return'; body: unknown }
	/** Send again after `waitMs`; `answerLost` when this attempt may have been carried out. */
	| { do: 'retry'; waitMs: number; why: string; answerLost: boolean }
	/** Defender throttles the tenant: hold its budget and wait `waitMs`, then send again. */
	| { do: 'throttled'; waitMs: number; why: string }
	| { do: 'refreshToken' }
	| { do: 'fail'; error: Error };

function isJsonBody(body: unknown): boolean {
	return body === undefined || body === null || body === '' || typeof body === 'object';
}

function decideNetwork(input: DecisionInput, outcome: Extract<Exchange, { kind: 'network' }>) {
	const { attempt, history, policy } = input;
	if (outcome.signIn) return fail(signInError(attempt, outcome.signIn));
	// Only a failure that proves nothing was sent (a refused connection, an unknown name) lets a
	// change go again or be called unreachable; any other, an unknown code included, may have
	// come after Defender made it.
	const notSent = wasNotSent(outcome.code);
	if (!input.resendable && !notSent) {
		return fail(mayHaveBeenAppliedError(attempt, input.family, outcome));
	}
	if (input.msLeft <= 0) return fail(new DeadlineReached('while waiting for Defender'));
	if (isTransientNetworkCode(outcome.code) && history.failures < policy.maxRetries) {
		return retry(input, 'before retrying a failed connection', !notSent);
	}
	return fail(unreachableError(attempt, history.failures + 1, outcome.code, outcome.message));
}

function decideThrottle(input: DecisionInput, headers: Record<string, unknown>, body: unknown) {
	const { attempt, history, policy } = input;
	const who = tenantName(attempt.tenant);
	const seconds =
		parseRetryAfterSeconds(headers['retry-after'], body, input.now) ??
		backoffMs(history.throttles, policy, input.random) / 1000;
	if (seconds <= policy.maxRetryWaitSeconds && history.throttles < policy.maxThrottleRetries) {
		return {
			do: 'throttled' as const,
			waitMs: Math.ceil(seconds * 1000),
			why: `while Defender throttles tenant ${who} for ${Math.ceil(seconds)} s`,
		};
	}
	const apiError = parseDefenderError(body);
	return fail(
		buildApiError({
			...attempt,
			status: 429,
			code: apiError.code ? echoed(apiError.code, attempt.secrets) : 'TooManyRequests',
			requestId: apiError.target,
			message: `Defender is throttling tenant ${who} and asks to wait ${Math.ceil(seconds)} s`,
			description:
				seconds > policy.maxRetryWaitSeconds
					? `The requested wait is longer than the node's Max Retry Wait (${policy.maxRetryWaitSeconds} s). Raise Max Retry Wait, or run the workflow less often (Defender allows about 100 calls per minute per tenant).`
					: `Defender throttled this tenant ${history.throttles + 1} times in a row. Run the workflow less often or with fewer calls per run.`,
			failure: { cause: 'rate-limited', retryAfterMs: Math.ceil(seconds * 1000) },
		}),
	);
}

/** The error for an answer nothing else explains: Defender's code and message with advice. */
function apiFailure(input: DecisionInput, status: number, body: unknown): Decision {
	const { attempt } = input;
	const apiError = parseDefenderError(body);
	const code = apiError.code ? echoed(apiError.code, attempt.secrets) : undefined;
	const said = apiError.message ? `: ${echoed(apiError.message, attempt.secrets)}` : '';
	return fail(
		buildApiError({
			...attempt,
			status,
			code,
			requestId: apiError.target,
			message: `Defender ${code ?? `HTTP ${status}`} for tenant ${tenantName(attempt.tenant)}${said}`,
			description: adviceForApiError(status, apiError.code, attempt.tenant, apiError.message),
			failure:
				status === 401
					? { cause: 'credential-invalid' }
					: status >= 500
						? { cause: 'temporarily-unavailable' }
						: { cause: 'configuration-invalid' },
		}),
	);
}

export function decide(input: DecisionInput): Decision {
	const { outcome, history, policy, resendable } = input;
	if (outcome.kind === 'network') return decideNetwork(input, outcome);

	const { status, headers, body } = outcome;
	if (status >= 200 && status < 300) {
		if (isJsonBody(body)) return { do: 'return', body: body ?? {} };
		// A broken 2xx (proxy, truncation): a read is retried, a change was made and is not.
		if (resendable && history.failures < policy.maxRetries) {
			return retry(input, 'before retrying a broken response', true);
		}
		const change = resendable ? undefined : { family: input.family };
		return fail(unreadableAnswerError(input.attempt, status, change));
	}
	if (status === 429) return decideThrottle(input, headers, body);
	if (status === 401 && input.ownToken && !history.refreshedOn401) return { do: 'refreshToken' };
	if (isRetryableStatus(status)) {
		const notProcessed = wasNotProcessed(status);
		if ((resendable || notProcessed) && history.failures < policy.maxRetries) {
			return retry(input, `before retrying HTTP ${status}`, !notProcessed);
		}
		if (!resendable && !notProcessed) {
			return fail(mayHaveBeenAppliedError(input.attempt, input.family, { status }));
		}
	}
	if (isDeletedByLostAttempt(input.method, status, history.answerLost)) {
		return { do: 'return', body: {} };
	}
	return apiFailure(input, status, body);
}

function retry(input: DecisionInput, why: string, answerLost: boolean): Decision {
	return {
		do: 'retry',
		waitMs: backoffMs(input.history.failures, input.policy, input.random),
		why,
		answerLost,
	};
}

function fail(error: Error): Decision {
	return { do: 'fail', error };
}
