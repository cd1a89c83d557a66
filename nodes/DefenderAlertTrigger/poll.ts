/**
 * One poll of the Defender Alert Trigger, for every tenant in scope:
 * plan (cursor.ts) → read the window (fetchWindow.ts) → applyPoll → items.
 * - One poll at a time per trigger (pollTurn.ts); a stale poll emits and writes nothing.
 * - A deadline from n8n's poll budget (pollBudget.ts): tenants are served in a rotating order,
 *   each keeps the progress it made when time runs out, the rest start the next poll.
 * - Each tenant's new cursor is stored together with the events it produced (n8n saves static
 *   data with the emitted items), so a failed or crashed poll replays from the stored cursor and
 *   emits exactly what was not emitted yet.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { applyPoll, planPoll } from '../shared/alerts/cursor';
import type { PollPlan, PollResult } from '../shared/alerts/cursor';
import { recordsSince } from '../shared/alerts/cursorRecords';
import { getTenantCursor, readCursorState, storedSequence } from '../shared/alerts/cursorState';
import { compareTime } from '../shared/alerts/time';
import { forEachTenant, forgetCredentials, resolveTenants } from '../shared/transport';
import type { Tenant, TransportTuning } from '../shared/transport';
import { readFormatOptions } from '../shared/alerts/formatOptions';
import { readTriggerConfig } from './config';
import type { TriggerConfig } from './config';
import { fetchWindow } from './fetchWindow';
import { nextCursorState, rotateTenants } from './nextState';
import type { TenantPoll } from './nextState';
import { firstPollSlackMs, pollBudgetMs } from './pollBudget';
import { takePollTurn } from './pollTurn';
import type { PollTurn } from './pollTurn';
import { ServerClock } from './serverClock';
import { fetchTestEvent } from './testEvent';
import { reportPoll } from './pollReport';

/** Key of the cursor state in `getWorkflowStaticData('node')`. */
export const CURSOR_KEY = 'alertCursor';

/** A tenant is not started with less time left than this: one request needs about that. */
const MIN_TIME_TO_START_MS = 1_500;
/** A poll still running this long past its budget is presumed hung (see pollTurn.ts). */
const HUNG_AFTER_BUDGET_MS = 120_000;

export { storedCursorState } from '../shared/alerts/cursorState';

/** For tests and benchmarks only; the node itself passes none. */
export interface PollOverrides {
	/** The trigger's clock (tests move a sandbox clock instead of waiting). */
	now?: () => number;
	tuning?: TransportTuning;
	pageSize?: number;
}

export async function pollAlerts(
	this: IPollFunctions,
	overrides: PollOverrides = {},
): Promise<INodeExecutionData[][] | null> {
	const settings = readTriggerConfig.call(this);
	// n8n reuses one poll context for a whole activation: read the credential anew every poll.
	forgetCredentials(this);
	const tenants = await resolveTenants.call(this);
	const formatOptions = await readFormatOptions.call(this, 0, settings.output);
	const config: TriggerConfig = { ...settings, formatOptions };
	if (this.getMode() === 'manual') {
		return await fetchTestEvent.call(this, tenants, config, overrides.tuning);
	}
	const startedAt = Date.now();
	const budgetMs = pollBudgetMs(this);
	const key = `${this.getWorkflow().id ?? ''}\u0000${this.getNode().id}`;
	const turn = takePollTurn(key, startedAt, budgetMs + HUNG_AFTER_BUDGET_MS);
	if (turn === null) {
		this.logger.info(
			'Defender Alert Trigger: the previous poll is still running, so this one is skipped; the running poll covers its window.',
		);
		return null;
	}
	try {
		return await pollTenants.call(this, config, tenants, startedAt + budgetMs, turn, overrides);
	} finally {
		turn.release();
	}
}

async function pollTenants(
	this: IPollFunctions,
	config: TriggerConfig,
	tenants: Tenant[],
	deadline: number,
	turn: PollTurn,
	overrides: PollOverrides,
): Promise<INodeExecutionData[][] | null> {
	const stored = readCursorState(this.getWorkflowStaticData('node')[CURSOR_KEY]);
	const nowMs = (overrides.now ?? Date.now)();
	const clock = new ServerClock(nowMs - Date.now());
	const cap = config.cursor.maxEventsPerPoll;
	// n8n may have dropped the activation poll's state (durable cursors): re-cover since then.
	const slackMs =
		stored.seq === 0 && this.getActivationMode() === 'update' ? firstPollSlackMs(this) : 0;
	const order = rotateTenants(tenants, stored.rotation);
	const plans = new Map<string, PollPlan>();
	for (const tenant of order) {
		const cursor = getTenantCursor(stored, tenant.tenantId);
		const options =
			cursor || slackMs <= config.cursor.backfillMs
				? config.cursor
				: { ...config.cursor, backfillMs: slackMs };
		plans.set(tenant.tenantId, planPoll(cursor, nowMs, options));
	}

	const outcomes = await forEachTenant(
		order,
		config.concurrency,
		async (tenant): Promise<TenantPoll> => {
			const plan = plans.get(tenant.tenantId) as PollPlan;
			if (deadline - Date.now() < MIN_TIME_TO_START_MS) return { kind: 'notStarted' };
			if (!plan.fetch)
				return { kind: 'polled', result: applyPoll(plan, [], config.cursor), outOfTime: false };
			// Only records inside the window can match its rows (a backlog keeps older ones too).
			const seen = recordsSince(plan.cursor.seen, plan.from);
			const window = await fetchWindow.call(
				this,
				{
					tenant,
					query: config.query,
					includeEvidence: config.includeEvidence,
					field: plan.cursor.field ?? 'lastUpdateTime',
					deadline,
					onServerDate: (serverMs, sentAt, receivedAt) =>
						clock.observe(tenant.tenantId, serverMs, sentAt, receivedAt),
					tuning: overrides.tuning,
					// With a cap, rows beyond cap + already-emitted ones cannot be emitted this poll.
					...(cap > 0
						? {
								enough: cap + seen,
								pageSize: overrides.pageSize ?? Math.min(10_000, Math.max(500, cap + seen)),
							}
						: overrides.pageSize
							? { pageSize: overrides.pageSize }
							: {}),
				},
				plan,
			);
			// Defender's clock lowers reach (whole seconds), not whether the window was read to its end.
			const readWhole =
				!window.outOfTime &&
				window.stoppedBy === undefined &&
				compareTime(window.reach, plan.to) >= 0;
			const result: PollResult = applyPoll(
				plan,
				window.alerts,
				config.cursor,
				clock.clamp(tenant.tenantId, window.reach),
				readWhole,
			);
			return {
				kind: 'polled',
				result: serverBounded(result, clock.bound(tenant.tenantId)),
				outOfTime: window.outOfTime,
				...(window.stoppedBy === undefined ? {} : { stoppedBy: window.stoppedBy }),
			};
		},
	);

	// A newer poll took over, or another wrote the state meanwhile: this one is stale.
	const latest = this.getWorkflowStaticData('node');
	if (!turn.isCurrent() || storedSequence(latest[CURSOR_KEY]) !== stored.seq) {
		this.logger.warn(
			'Defender Alert Trigger: a newer poll wrote the cursor while this one ran; its results are dropped and the newer cursor is kept.',
		);
		return null;
	}
	const next = nextCursorState(stored, order, outcomes, plans, nowMs, clock.earliest());
	latest[CURSOR_KEY] = next.stored as IDataObject;
	return reportPoll(this, next, config, clock, slackMs > 0);
}

/** A cursor whose watermark passed Defender's clock is brought back to it (see serverClock.ts). */
function serverBounded(result: PollResult, bound: ReturnType<ServerClock['bound']>): PollResult {
	const { next } = result;
	if (bound === undefined || next.watermark <= bound) return result;
	const horizon = next.horizon <= bound ? next.horizon : bound;
	return { ...result, next: { ...next, watermark: bound, horizon } };
}
