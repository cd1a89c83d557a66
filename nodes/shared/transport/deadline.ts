/**
 * A time limit for a batch of requests (a trigger's poll). n8n abandons a poll that outlives its
 * budget and keeps nothing it did, so every wait the transport would make (throttling, backoff,
 * the tenant's request budget, the socket itself) is cut to the time left, and running out is a
 * distinct error the caller turns into "stop here, keep what was read".
 */

import { sleep } from 'n8n-workflow';

/** Thrown when a request cannot finish before its deadline; never shown to users as a failure. */
export class DeadlineReached extends Error {
	constructor(what: string) {
		super(`The poll's time budget ran out ${what}`);
		this.name = 'DeadlineReached';
	}
}

export function isDeadlineReached(error: unknown): error is DeadlineReached {
	return error instanceof DeadlineReached;
}

/** Milliseconds left before `deadline` (epoch ms); Infinity without one. */
export function timeLeft(deadline: number | undefined, now: number = Date.now()): number {
	return deadline === undefined ? Number.POSITIVE_INFINITY : deadline - now;
}

/** Throws unless `waitMs` more still ends before the deadline. */
export function assertTimeFor(deadline: number | undefined, waitMs: number, what: string): void {
	if (waitMs >= timeLeft(deadline)) throw new DeadlineReached(what);
}

/**
 * The per-attempt socket timeout: the policy's, but never past the deadline. Below a second left
 * there is no point sending (a TLS handshake alone can take that).
 */
export function attemptTimeoutMs(policyTimeoutMs: number, deadline: number | undefined): number {
	const left = timeLeft(deadline);
	if (left < 1_000) throw new DeadlineReached('before the next request');
	return Math.min(policyTimeoutMs, Math.floor(left));
}

/**
 * `work`, or DeadlineReached once the deadline passes first. The work itself goes on (it may be
 * shared with callers that have more time, like one token request for many tenants' requests);
 * only this caller stops waiting for it.
 */
export async function withinDeadline<T>(
	work: Promise<T>,
	deadline: number | undefined,
	what: string,
): Promise<T> {
	if (deadline === undefined) return await work;
	const left = timeLeft(deadline);
	if (left <= 0) throw new DeadlineReached(what);
	// A rejection after this caller gave up must not surface as an unhandled one.
	work.catch(() => undefined);
	const stop = new AbortController();
	const expired = sleep(left, stop.signal).then(
		() => Promise.reject(new DeadlineReached(what)),
		() => new Promise<never>(() => undefined),
	);
	try {
		return await Promise.race([work, expired]);
	} finally {
		stop.abort();
	}
}
