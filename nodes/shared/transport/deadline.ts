/**
 * A time limit for a batch of requests (a trigger's poll). n8n abandons a poll that outlives its
 * budget and keeps nothing it did, so every wait the transport would make (throttling, backoff,
 * the tenant's request budget, the socket itself) is cut to the time left, and running out is a
 * distinct error the caller turns into "stop here, keep what was read".
 */

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
