/**
 * One poll at a time per trigger in this process. n8n's in-memory scheduler starts a poll on every
 * cron tick without waiting for the previous one, and both read the same static data: a poll that
 * outlasts the interval would emit the same alerts again. A tick that finds a poll still running
 * is skipped (the running poll covers its window); a poll running far past its own deadline is
 * presumed hung and loses its turn, and `isCurrent` then tells it not to emit or write anything.
 */

interface Running {
	token: number;
	/** epoch ms after which another poll may take over. */
	staleAt: number;
}

const running = new Map<string, Running>();
let lastToken = 0;

export interface PollTurn {
	/** False once a newer poll took over: this one must return nothing and write nothing. */
	isCurrent(): boolean;
	release(): void;
}

/** The turn for `key` (workflow and node), or null while another poll holds it. */
export function takePollTurn(key: string, now: number, staleAfterMs: number): PollTurn | null {
	const current = running.get(key);
	if (current && current.staleAt > now) return null;
	const token = ++lastToken;
	running.set(key, { token, staleAt: now + staleAfterMs });
	return {
		isCurrent: () => running.get(key)?.token === token,
		release: () => {
			if (running.get(key)?.token === token) running.delete(key);
		},
	};
}
