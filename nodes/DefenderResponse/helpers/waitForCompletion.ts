/**
 * Polls a machine action until it reaches a final status, with capped exponential backoff and an
 * overall timeout. Pure apart from the injected `read` and `sleep`, so it is tested without n8n.
 */
export const FINAL_STATUSES = ['Succeeded', 'Failed', 'TimeOut', 'Cancelled'] as const;

export interface WaitPolicy {
	/** First wait between polls, ms. */
	initialIntervalMs: number;
	/** Longest wait between polls, ms. */
	maxIntervalMs: number;
	/** Give up (without failing) after this long, ms. */
	timeoutMs: number;
}

export interface WaitResult<T> {
	action: T;
	/** True when the action reached a final status before the timeout. */
	completed: boolean;
	polls: number;
	waitedMs: number;
}

export function isFinalStatus(status: unknown): boolean {
	return typeof status === 'string' && (FINAL_STATUSES as readonly string[]).includes(status);
}

/** The wait before poll number `attempt` (0-based): doubles, capped, never past the deadline. */
export function nextInterval(attempt: number, policy: WaitPolicy, remainingMs: number): number {
	const grown = policy.initialIntervalMs * 2 ** Math.min(attempt, 30);
	return Math.max(0, Math.min(grown, policy.maxIntervalMs, remainingMs));
}

export async function waitForCompletion<T extends { status?: unknown }>(
	first: T,
	read: () => Promise<T>,
	policy: WaitPolicy,
	sleep: (ms: number) => Promise<void>,
	now: () => number,
): Promise<WaitResult<T>> {
	const started = now();
	let action = first;
	let polls = 0;
	while (!isFinalStatus(action.status)) {
		const remaining = policy.timeoutMs - (now() - started);
		if (remaining <= 0) return { action, completed: false, polls, waitedMs: now() - started };
		await sleep(nextInterval(polls, policy, remaining));
		action = await read();
		polls++;
	}
	return { action, completed: true, polls, waitedMs: now() - started };
}
