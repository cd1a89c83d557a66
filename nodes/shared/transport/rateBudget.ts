/**
 * Per (credential, tenant, endpoint family) request budget: a sliding window of call start times.
 * Defender's quota is per app and tenant (100 calls/min on most families), so each tenant gets its
 * own window and a throttled tenant only waits on its own window, never on another tenant's.
 */
import { sleep } from 'n8n-workflow';

import type { BudgetPolicy } from './types';

export const DEFAULT_BUDGET: BudgetPolicy = { limit: 100, windowMs: 60_000 };

/** Family quotas per minute (facts §1.6); the budget keeps a small margin under each. */
export const FAMILY_LIMITS: Record<string, number> = {
	alerts: 95,
	alertsBatchUpdate: 9,
	machines: 95,
	machineActions: 95,
	indicators: 95,
	indicatorsImport: 28,
	advancedHunting: 42,
	other: 95,
};

const windows = new Map<string, number[]>();

/**
 * Milliseconds until a call may start in `key`'s window, and records the call if it may start now.
 * Pure apart from the module map; `now` is injectable for unit tests.
 */
export function tryAcquire(key: string, policy: BudgetPolicy, now: number): number {
	let starts = windows.get(key);
	if (!starts) {
		starts = [];
		windows.set(key, starts);
	}
	while (starts.length > 0 && starts[0] <= now - policy.windowMs) starts.shift();
	if (starts.length < policy.limit) {
		starts.push(now);
		return 0;
	}
	return Math.max(1, starts[0] + policy.windowMs - now);
}

/** Waits (with n8n's `sleep`) until the window has room, then records the call. */
export async function acquire(key: string, policy: BudgetPolicy, now: () => number = Date.now): Promise<void> {
	for (;;) {
		const wait = tryAcquire(key, policy, now());
		if (wait === 0) return;
		await sleep(wait);
	}
}

/**
 * After a 429 the server's view wins: fill the window so no further call for this key starts
 * before `untilMs` (the other tenants are untouched).
 */
export function blockUntil(key: string, policy: BudgetPolicy, untilMs: number): void {
	const start = untilMs - policy.windowMs;
	windows.set(key, new Array<number>(policy.limit).fill(start));
}

/** For tests: forget every window. */
export function resetBudgets(): void {
	windows.clear();
}
