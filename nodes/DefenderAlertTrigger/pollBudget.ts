/**
 * How long one poll may take. n8n 2.38+ says it (`getPollBudgetMs`: 36 s under the durable
 * scheduler, which abandons a poll at 45 s and keeps nothing it did; 5 min otherwise); older hosts
 * do not, and a poll should in any case end well inside its interval, or the next tick has to be
 * skipped and every tenant's alerts wait for the slowest one.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

/** n8n's own budget for a poll when it names none. */
export const DEFAULT_POLL_BUDGET_MS = 300_000;
/** Share of the poll interval a poll may use. */
const INTERVAL_SHARE = 0.75;
const MINUTE = 60_000;
const UNIT_MS: Record<string, number> = { minutes: MINUTE, hours: 60 * MINUTE };
const MODE_MS: Record<string, number> = {
	everyMinute: MINUTE,
	everyHour: 60 * MINUTE,
	everyDay: 1_440 * MINUTE,
	everyWeek: 10_080 * MINUTE,
	everyMonth: 40_320 * MINUTE,
};

/** Each "Poll Times" entry's interval; custom cron counts as one minute, or as `cronMs`. */
function intervalsMs(pollTimes: unknown, cronMs: number): number[] {
	const items = (pollTimes as IDataObject | undefined)?.item;
	if (!Array.isArray(items)) return [];
	return (items as IDataObject[]).map((item) => {
		const mode = String(item?.mode ?? '');
		const value = Number(item?.value);
		if (mode === 'everyX') {
			return (
				(UNIT_MS[String(item.unit)] ?? MINUTE) * (Number.isFinite(value) && value >= 1 ? value : 1)
			);
		}
		return MODE_MS[mode] ?? cronMs;
	});
}

/**
 * The shortest interval of the node's "Poll Times" (n8n's `pollTimes` parameter); custom cron
 * expressions count as n8n's shortest, one minute. Undefined when there are none.
 */
export function shortestPollIntervalMs(pollTimes: unknown): number | undefined {
	const all = intervalsMs(pollTimes, MINUTE);
	return all.length === 0 ? undefined : Math.min(...all);
}

/**
 * The longest wait "Poll Times" can mean between two polls. A custom cron expression is not
 * parsed, so it counts as a day (the longest schedule the presets offer short of a week).
 */
export function longestPollIntervalMs(pollTimes: unknown): number | undefined {
	const all = intervalsMs(pollTimes, 1_440 * MINUTE);
	return all.length === 0 ? undefined : Math.max(...all);
}

function pollTimesOf(ctx: IPollFunctions): unknown {
	try {
		return ctx.getNodeParameter('pollTimes', {});
	} catch {
		return undefined;
	}
}

/** The poll's budget in ms: the host's, and at most three quarters of the poll interval. */
export function pollBudgetMs(ctx: IPollFunctions): number {
	const host = (ctx as { getPollBudgetMs?: () => number }).getPollBudgetMs;
	const offered = typeof host === 'function' ? Number(host.call(ctx)) : Number.NaN;
	const budget = Number.isFinite(offered) && offered > 0 ? offered : DEFAULT_POLL_BUDGET_MS;
	const interval = shortestPollIntervalMs(pollTimesOf(ctx));
	return interval === undefined ? budget : Math.min(budget, interval * INTERVAL_SHARE);
}

/**
 * How far back a trigger's very first poll starts when n8n may have discarded the activation
 * poll's state: under durable cursors the activation poll's cursor is not committed when it finds
 * nothing, so the first scheduled poll (activation mode "update") must re-cover the time since
 * activation — the longest interval "Poll Times" allows, plus a minute for scheduling.
 */
export function firstPollSlackMs(ctx: IPollFunctions): number {
	return (longestPollIntervalMs(pollTimesOf(ctx)) ?? MINUTE) + MINUTE;
}
