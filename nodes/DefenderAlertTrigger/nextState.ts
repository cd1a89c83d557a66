/**
 * What a poll leaves behind: the next cursor state (every tenant's cursor, the poll sequence and
 * the rotation) and the events to emit, from each tenant's outcome. Pure apart from n8n types.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import type { PollPlan, PollResult, TenantCursor } from '../shared/alerts/cursor';
import {
	emptyCursorState,
	getTenantCursor,
	setTenantCursor,
	storedCursorState,
} from '../shared/alerts/cursorState';
import type { CursorState } from '../shared/alerts/cursorState';
import { compareTime, minTime, shiftTime, timeKeyFromMs } from '../shared/alerts/time';
import type { TimeKey } from '../shared/alerts/time';
import type { Tenant, TenantOutcome } from '../shared/transport';
import { appendEventItems } from './items';
import type { AlertOutput } from '../shared/alerts/output';
import type { FormatOptions } from '../shared/formats';
import type { FailedTenant } from './tenantErrors';

/** How long the cursor of a tenant that left the scope is kept, in case it comes back. */
export const REMOVED_TENANT_RETENTION_MS = 30 * 86_400_000;

export type TenantPoll =
	| {
			kind: 'polled';
			result: PollResult;
			outOfTime: boolean;
			/** A page failed after earlier ones moved the cursor: reported, but the progress is kept. */
			stoppedBy?: unknown;
	  }
	| { kind: 'notStarted' };

export interface NextState {
	state: CursorState;
	stored: Record<string, unknown>;
	/** Tenant results in the order they were served, for the items. */
	results: Array<{ tenant: Tenant; result: PollResult }>;
	failed: FailedTenant[];
	/** Tenants whose window the poll's time budget cut short, and those it never reached. */
	outOfTime: Tenant[];
	notStarted: Tenant[];
}

/** The scope's tenants starting at `rotation` (wrapping), so every tenant gets to go first. */
export function rotateTenants(tenants: readonly Tenant[], rotation: number): Tenant[] {
	if (tenants.length === 0) return [];
	const at = rotation % tenants.length;
	return [...tenants.slice(at), ...tenants.slice(0, at)];
}

export function nextCursorState(
	stored: CursorState,
	order: readonly Tenant[],
	outcomes: ReadonlyArray<TenantOutcome<TenantPoll>>,
	plans: ReadonlyMap<string, PollPlan>,
	nowMs: number,
	serverNow?: TimeKey,
): NextState {
	let state: CursorState = { ...emptyCursorState(), seq: stored.seq + 1 };
	const results: NextState['results'] = [];
	const failed: FailedTenant[] = [];
	const outOfTime: Tenant[] = [];
	const notStarted: Tenant[] = [];
	let firstUnserved = -1;
	outcomes.forEach((outcome, index) => {
		const id = outcome.tenant.tenantId;
		// A tenant's very first poll keeps its starting point even when it did not get through, so
		// the alerts created meanwhile are emitted once it does ("from activation on") — on
		// Defender's clock where another tenant's answer told it, as a clock ahead would skip them.
		const kept =
			getTenantCursor(stored, id) ?? startingPoint((plans.get(id) as PollPlan).cursor, serverNow);
		if (!outcome.ok) {
			failed.push({ tenant: outcome.tenant, error: outcome.error });
			state = setTenantCursor(state, id, kept);
		} else if (outcome.value.kind === 'notStarted') {
			notStarted.push(outcome.tenant);
			if (firstUnserved < 0) firstUnserved = index;
			state = setTenantCursor(state, id, kept);
		} else {
			if (outcome.value.outOfTime) outOfTime.push(outcome.tenant);
			const { stoppedBy } = outcome.value;
			if (stoppedBy !== undefined)
				failed.push({ tenant: outcome.tenant, error: asError(stoppedBy), progressKept: true });
			state = setTenantCursor(state, id, outcome.value.result.next);
			results.push({ tenant: outcome.tenant, result: outcome.value.result });
		}
	});
	// The next poll starts with the first tenant this one did not reach.
	const size = Math.max(1, order.length);
	state.rotation =
		firstUnserved < 0 ? stored.rotation % size : (stored.rotation + firstUnserved) % size;
	state = keepRemovedTenants(stored, state, nowMs);
	return { state, stored: storedCursorState(state), results, failed, outOfTime, notStarted };
}

function asError(error: unknown): Error {
	return error instanceof Error ? error : new Error(String(error));
}

/** A fresh cursor no later than Defender's clock (it has no records, so moving back is safe). */
function startingPoint(cursor: TenantCursor, serverNow: TimeKey | undefined): TenantCursor {
	if (serverNow === undefined || compareTime(cursor.watermark, serverNow) <= 0) return cursor;
	return { ...cursor, watermark: serverNow, horizon: minTime(cursor.horizon, serverNow) };
}

/** Cursors of tenants no longer in scope stay for REMOVED_TENANT_RETENTION_MS after they left. */
function keepRemovedTenants(stored: CursorState, state: CursorState, nowMs: number): CursorState {
	const now = timeKeyFromMs(nowMs) as TimeKey;
	const oldest = shiftTime(now, -REMOVED_TENANT_RETENTION_MS);
	let next = state;
	for (const id of Object.keys(stored.tenants)) {
		if (getTenantCursor(state, id)) continue;
		const since = Object.prototype.hasOwnProperty.call(stored.removed, id)
			? stored.removed[id]
			: now;
		if (compareTime(since, oldest) < 0) continue;
		next = setTenantCursor(next, id, stored.tenants[id]);
		next.removed[id] = since;
	}
	return next;
}

/** The items of every tenant that was polled, in serving order. */
export function itemsOf(
	next: NextState,
	output: AlertOutput,
	formatOptions?: FormatOptions,
): INodeExecutionData[] {
	const items: INodeExecutionData[] = [];
	for (const { tenant, result } of next.results)
		appendEventItems(result.events, tenant, output, items, formatOptions);
	return items;
}
