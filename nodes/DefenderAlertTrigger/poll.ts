/**
 * One poll of the Defender Alert Trigger, for every tenant in scope:
 * plan (cursor.ts) → read the window (fetchWindow.ts) → applyPoll → items.
 * Each tenant's new cursor is stored only when that tenant's poll fully succeeded, together with
 * the events it produced (n8n saves static data with the emitted items), so a failed or crashed
 * poll replays from the stored cursor and emits exactly what was not emitted yet.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { applyPoll, planPoll } from '../shared/alerts/cursor';
import type { PollPlan, PollResult, TenantCursor } from '../shared/alerts/cursor';
import {
	emptyCursorState,
	getTenantCursor,
	readCursorState,
	setTenantCursor,
} from '../shared/alerts/cursorState';
import type { CursorState } from '../shared/alerts/cursorState';
import { forEachTenant, getAuthentication, resolveTenants } from '../shared/transport';
import type { TransportTuning } from '../shared/transport';
import { readTriggerConfig } from './config';
import { fetchWindow } from './fetchWindow';
import { appendEventItems } from './items';
import { allTenantsFailed, describeFailures } from './tenantErrors';
import type { FailedTenant } from './tenantErrors';
import { fetchTestEvent } from './testEvent';

/** Key of the cursor state in `getWorkflowStaticData('node')`. */
export const CURSOR_KEY = 'alertCursor';

/** For tests and benchmarks only; the node itself passes none. */
export interface PollOverrides {
	/** The trigger's clock (tests move a sandbox clock instead of waiting). */
	now?: () => number;
	tuning?: TransportTuning;
	pageSize?: number;
}

/** Plain JSON for static data (the cursor module uses null-prototype maps). */
export function storedCursorState(state: CursorState): IDataObject {
	const tenants: IDataObject = {};
	for (const id of Object.keys(state.tenants)) {
		const c = state.tenants[id];
		tenants[id] = { watermark: c.watermark, horizon: c.horizon, seen: { ...c.seen } };
	}
	return { v: state.v, tenants };
}

function recordCount(cursor: TenantCursor): number {
	return Object.keys(cursor.seen).length;
}

export async function pollAlerts(
	this: IPollFunctions,
	overrides: PollOverrides = {},
): Promise<INodeExecutionData[][] | null> {
	const config = readTriggerConfig.call(this);
	const authentication = getAuthentication.call(this);
	const tenants = await resolveTenants.call(this);
	if (this.getMode() === 'manual') {
		return await fetchTestEvent.call(this, authentication, tenants, config, overrides.tuning);
	}

	const staticData = this.getWorkflowStaticData('node');
	const stored = readCursorState(staticData[CURSOR_KEY]);
	const nowMs = (overrides.now ?? Date.now)();
	const cap = config.cursor.maxEventsPerPoll;
	const plans = new Map<string, PollPlan>();
	for (const tenant of tenants) {
		plans.set(tenant.tenantId, planPoll(getTenantCursor(stored, tenant.tenantId), nowMs, config.cursor));
	}

	const outcomes = await forEachTenant(tenants, config.concurrency, async (tenant): Promise<PollResult> => {
		const plan = plans.get(tenant.tenantId) as PollPlan;
		if (!plan.fetch) return applyPoll(plan, [], config.cursor);
		const seen = recordCount(plan.cursor);
		const window = await fetchWindow.call(
			this,
			{
				authentication,
				tenant,
				query: config.query,
				includeEvidence: config.includeEvidence,
				...(config.maxRetryWaitSeconds === undefined
					? {}
					: { maxRetryWaitSeconds: config.maxRetryWaitSeconds }),
				...(overrides.tuning ? { tuning: overrides.tuning } : {}),
				// With a cap, rows beyond cap + already-emitted ones cannot be emitted this poll.
				...(cap > 0
					? { enough: cap + seen, pageSize: overrides.pageSize ?? Math.min(10_000, Math.max(500, cap + seen)) }
					: overrides.pageSize
						? { pageSize: overrides.pageSize }
						: {}),
			},
			plan,
		);
		return applyPoll(plan, window.alerts, config.cursor, window.reach);
	});

	// Tenants no longer in scope are dropped, so the state only holds what is polled.
	let state = emptyCursorState();
	const items: INodeExecutionData[] = [];
	const failed: FailedTenant[] = [];
	for (const outcome of outcomes) {
		const id = outcome.tenant.tenantId;
		if (outcome.ok) {
			state = setTenantCursor(state, id, outcome.value.next);
			appendEventItems(outcome.value.events, outcome.tenant, config.output, items);
		} else {
			failed.push({ tenant: outcome.tenant, error: outcome.error });
			// Keep the old cursor; a tenant's very first poll keeps its starting point, so the
			// alerts created while it fails are emitted once it recovers ("from activation on").
			state = setTenantCursor(state, id, getTenantCursor(stored, id) ?? (plans.get(id) as PollPlan).cursor);
		}
	}
	staticData[CURSOR_KEY] = storedCursorState(state);
	if (failed.length > 0 && failed.length === outcomes.length) throw allTenantsFailed(this, failed);
	if (failed.length > 0) {
		this.logger.warn(
			`Defender Alert Trigger: ${failed.length} of ${outcomes.length} customer tenants failed this poll and will be retried on the next one; the others were polled.\n${describeFailures(this, failed)}`,
		);
	}
	return items.length > 0 ? [items] : null;
}
