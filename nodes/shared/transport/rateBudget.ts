/**
 * Per (app, tenant, endpoint family) request budget. Defender's quota is per app and tenant
 * (100 calls/min on most families), so each tenant gets its own window, and a throttled tenant only
 * waits on its own window, never on another tenant's.
 *
 * A call occupies the window from when it starts until `windowMs` after it *completes*: the server
 * counts a call at its arrival, which lies somewhere between our start and our completion, so this
 * keeps every server-side window under the limit however much latency varies.
 */
import { sleep } from 'n8n-workflow';

import { assertTimeFor } from './deadline';
import type { BudgetPolicy, EndpointFamily } from './types';

export const DEFAULT_BUDGET: BudgetPolicy = { limit: 100, windowMs: 60_000 };

/**
 * Microsoft's documented quotas per minute for each family (per app and tenant), with a small
 * margin under each.
 */
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

/** The budget of a request: its family's limit per minute unless the caller tunes it. */
export function budgetFor(family: EndpointFamily, tuning?: Partial<BudgetPolicy>): BudgetPolicy {
	return {
		limit: FAMILY_LIMITS[family] ?? DEFAULT_BUDGET.limit,
		windowMs: DEFAULT_BUDGET.windowMs,
		...tuning,
	};
}

/** How often a full window of in-flight calls is re-checked. */
const IN_FLIGHT_POLL_MS = 50;

interface Slot {
	/** epoch ms when the slot frees; Infinity while the call is in flight. */
	freesAt: number;
}

const windows = new Map<string, Slot[]>();

/**
 * Takes a slot if the window has room (returns it), else returns the ms to wait. Pure apart from
 * the module map; `now` is injectable for unit tests.
 */
export function tryAcquire(key: string, policy: BudgetPolicy, now: number): Slot | number {
	const slots = (windows.get(key) ?? []).filter((s) => s.freesAt > now);
	windows.set(key, slots);
	if (slots.length < policy.limit) {
		const slot: Slot = { freesAt: Number.POSITIVE_INFINITY };
		slots.push(slot);
		return slot;
	}
	const soonest = Math.min(...slots.map((s) => s.freesAt));
	return Number.isFinite(soonest) ? Math.max(1, soonest - now) : IN_FLIGHT_POLL_MS;
}

/** Marks the call done: its slot stays taken for one more window. */
export function release(slot: Slot, policy: BudgetPolicy, now: number = Date.now()): void {
	slot.freesAt = now + policy.windowMs;
}

/**
 * Waits (with n8n's `sleep`) for a slot; call the returned function when the call completed.
 * With a deadline, a wait that would end past it throws DeadlineReached instead of sleeping.
 */
export async function acquire(
	key: string,
	policy: BudgetPolicy,
	now: () => number = Date.now,
	deadline?: number,
): Promise<() => void> {
	for (;;) {
		const result = tryAcquire(key, policy, now());
		if (typeof result !== 'number') return () => release(result, policy, now());
		assertTimeFor(deadline, result, "waiting for the tenant's request budget");
		await sleep(result);
	}
}

/**
 * After a 429 the server's view wins: no further call for this key starts before `untilMs`
 * (other tenants are untouched).
 */
export function blockUntil(key: string, policy: BudgetPolicy, untilMs: number): void {
	const slots = windows.get(key) ?? [];
	while (slots.length < policy.limit) slots.push({ freesAt: untilMs });
	for (const slot of slots)
		if (Number.isFinite(slot.freesAt)) slot.freesAt = Math.max(slot.freesAt, untilMs);
	windows.set(key, slots);
}

/** For tests: forget every window. */
export function resetBudgets(): void {
	windows.clear();
}
