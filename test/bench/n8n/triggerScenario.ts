/**
 * Scenario 3 of `npm run bench`: an Alert Trigger activated in the real n8n, once over the 200
 * fan-out tenants (New and Updated, today's line) and once over its own 1,000 (the node's default
 * "Trigger On", New Alert only). After the activation poll (cursors start "now") has reached every
 * tenant, the next scheduled poll tells when the one after comes, a minute later; 10 new alerts
 * are inserted in every tenant meanwhile — timed just after that scheduled poll's start, so no
 * earlier poll can see them — and the next poll is measured: from its first API request to the
 * start of the execution it emitted, with the API calls, token calls and 429s it caused and the
 * static data n8n then stores. If the poll's budget ran out (tenants left for the next poll), the
 * polls are followed until every alert was emitted, and one poll more, for duplicates (distinct
 * `eventId`s). The static data after 1,000 polls comes from simulating them with the node's own
 * cursor functions, with the node's default options and with New + Updated.
 */
import type { IPollFunctions } from 'n8n-workflow';

import {
	DEFAULT_POLL_BUDGET_MS,
	pollBudgetMs,
} from '../../../nodes/DefenderAlertTrigger/pollBudget';
import { generateAlerts } from '../../sandbox/defender/generator';
import { waitForActivationPoll } from '../../e2e/executions';
import type { BenchWorld } from './benchHost';
import { simulateStaticData } from './staticData';
import type { SimulatedSize } from './staticData';
import { defaultTriggerEvents, triggerCursorOptions } from './triggerOptions';
import {
	executionsSince,
	itemsOfExecution,
	logLinesSince,
	logMark,
	requestLog,
	sleep,
	startOf,
	waitForPollStart,
	waitForQuiet,
} from './triggerPolls';
import type { ExecutionRow } from './triggerPolls';
import { FANOUT_CONCURRENCY, TRIGGER_NODE, TRIGGER_POLL_TIMES } from './workflows';
import type { TriggerBench } from './workflows';

export interface TriggerFigures {
	tenants: number;
	events: string[];
	concurrency: number;
	newPerTenant: number;
	budgetS: number;
	wallS: number;
	calls: number;
	tokens: number;
	throttled: number;
	/** By the measured poll. */
	emitted: number;
	/** Items, and distinct eventIds, of every poll from the measured one until drained and one more. */
	emittedTotal: number;
	distinct: number;
	/** Polls (emitting executions) until every new alert was emitted; null: not within the wait. */
	pollsToDrain: number | null;
	drainS: number;
	/** "time budget ran out" messages from the measured poll until drained; the first one's counts. */
	budgetRanOut: number;
	budgetNote?: string;
	skippedTicks: number;
	staticBytes: number;
	simulated: { defaults: SimulatedSize[]; newAndUpdated: SimulatedSize[] };
	bounded: boolean;
}

export const SIMULATED_POLLS = 1000;
const CHECKPOINTS = [1, 10, 100, 500, SIMULATED_POLLS];
const DRAIN_POLLS = 10;
const BUDGET_RAN_OUT = "the poll's time budget ran out";
const SKIPPED = 'the previous poll is still running';

const note = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** The trigger's budget as the node computes it on n8n 2.41's legacy scheduler (5 min offered). */
export function legacyPollBudgetMs(): number {
	const ctx = {
		getPollBudgetMs: () => DEFAULT_POLL_BUDGET_MS,
		getNodeParameter: () => TRIGGER_POLL_TIMES,
	};
	return pollBudgetMs(ctx as unknown as IPollFunctions);
}

async function insertAll(w: BenchWorld, tenants: string[], newPerTenant: number, fromMs: number) {
	const batches = tenants.map((tenantId, i) => ({
		tenantId,
		alerts: generateAlerts({
			seed: 5000 + i,
			count: newPerTenant,
			tenantId,
			startTime: fromMs,
			endTime: fromMs + 1000,
		}).map((a, k) => ({ ...a, id: `bench-new-${i}-${k}` })),
	}));
	let next = 0;
	const lane = async () => {
		for (let b = batches[next++]; b; b = batches[next++])
			await w.control.insertAlerts(b.tenantId, b.alerts);
	};
	await Promise.all(Array.from({ length: 8 }, lane));
}

export async function triggerScenario(
	w: BenchWorld,
	bench: TriggerBench,
	tenants: string[],
	newPerTenant: number,
): Promise<TriggerFigures> {
	const id = bench.id;
	const expected = tenants.length * newPerTenant;
	note(
		`trigger over ${tenants.length} tenants: activating (the activation poll starts every cursor at "now")…`,
	);
	const activatedAt = (await w.control.clock()).now;
	await w.host.activateWorkflow(id);
	try {
		// The activation poll may run out of budget too: its unreached tenants go first next poll.
		await waitForActivationPoll(w, tenants.length, activatedAt, 600_000);
		note('trigger: every tenant has a cursor; waiting for the next scheduled poll…');
		const ready = (await w.control.clock()).now;
		const scheduled = startOf(await waitForPollStart(w, ready, 'a scheduled poll', 150_000));
		const nextPollAt = scheduled + 60_000;
		// Alert times after that poll's start are after its window's end: only later polls see them.
		const from = scheduled + 500;
		while ((await w.control.clock()).now < from + 1500) await sleep(250);
		await insertAll(w, tenants, newPerTenant, from);
		const insertedAt = (await w.control.clock()).now;
		const late = () =>
			new Error(
				`inserting the new alerts took until ${new Date(insertedAt).toISOString()}, past the next poll's start: that poll would see only some of them; run again on a quieter machine`,
			);
		if (insertedAt > nextPollAt - 1000) throw late();
		note(
			`trigger: ${newPerTenant} new alerts in each tenant; the next poll is due at ${new Date(nextPollAt).toISOString()}…`,
		);
		const first = await waitForPollStart(w, scheduled, 'the measured poll', 150_000);
		const pollStart = startOf(first);
		if (pollStart < insertedAt) throw late();
		const mark = logMark(w.host);

		const [measured] = await waitForExecutions(w, id, pollStart, 1, 240_000);
		const executionStart = Date.parse(measured.startedAt);
		// What the measured poll asked for, from the sandbox's log: requests up to the execution's start.
		const during = (await requestLog(w)).filter((r) => {
			const t = Date.parse(r.time);
			return t >= pollStart && t <= executionStart;
		});
		const wf = await w.host.api<{ staticData?: unknown }>(`/workflows/${id}`);
		if (!wf.staticData)
			throw new Error('n8n returned no static data for the trigger workflow after its poll');

		note(`trigger: following the polls until all ${expected} alerts are emitted…`);
		const seen = new Map<string, Array<Record<string, unknown>>>();
		const collect = async () => {
			for (const e of await executionsSince(w.host, id, pollStart)) {
				if (!seen.has(String(e.id)) && e.stoppedAt)
					seen.set(String(e.id), await itemsOfExecution(w.host, e.id, TRIGGER_NODE));
			}
		};
		const distinctIds = () => new Set([...seen.values()].flat().map((i) => String(i.eventId))).size;
		await collect();
		const drainDeadline = Date.now() + DRAIN_POLLS * 60_000 + 60_000;
		while (distinctIds() < expected && Date.now() < drainDeadline) {
			await sleep(2000);
			await collect();
		}
		const drained = distinctIds() >= expected;
		const drainExecutions = seen.size;
		const ranOut = logLinesSince(w.host, mark, BUDGET_RAN_OUT);
		const lastStart = Math.max(
			...(await executionsSince(w.host, id, pollStart)).map((e) => Date.parse(e.startedAt)),
		);
		if (drained) {
			note('trigger: all emitted; one more poll, for duplicates from the overlap…');
			await waitForPollStart(w, lastStart, 'the poll after the drain', 150_000);
			await waitForQuiet(w, 120_000);
			await sleep(3000);
			await collect();
		}
		const items = [...seen.values()].flat();
		const measuredItems = seen.get(String(measured.id)) ?? [];
		const shortfall = /; (\d+) tenants keep the part.* and (\d+) were not reached/.exec(
			ranOut[0] ?? '',
		);

		note(
			`trigger: simulating ${SIMULATED_POLLS} polls of the same load with the node's cursor functions…`,
		);
		const simulate = (parameters: Record<string, unknown>) =>
			simulateStaticData(
				tenants.length,
				newPerTenant,
				SIMULATED_POLLS,
				CHECKPOINTS,
				triggerCursorOptions(parameters),
			);
		const simulated = {
			defaults: simulate({}),
			newAndUpdated: simulate({ events: ['created', 'updated'] }),
		};
		// Bounded: no growth between poll 500 and poll 1,000 beyond 1% (ids and times vary in length).
		const bounded = Object.values(simulated).every(
			(s) => at(s, SIMULATED_POLLS) <= at(s, 500) * 1.01,
		);
		return {
			tenants: tenants.length,
			events: bench.events ?? defaultTriggerEvents(),
			concurrency: FANOUT_CONCURRENCY,
			newPerTenant,
			budgetS: legacyPollBudgetMs() / 1000,
			wallS: (executionStart - Date.parse(first.time)) / 1000,
			calls: during.filter((r) => r.path.startsWith('/api/') && r.status !== 429).length,
			tokens: during.filter((r) => r.path.includes('/oauth2/')).length,
			throttled: during.filter((r) => r.status === 429).length,
			emitted: measuredItems.length,
			emittedTotal: items.length,
			distinct: new Set(items.map((i) => String(i.eventId))).size,
			pollsToDrain: drained ? drainExecutions : null,
			drainS: (lastStart - Date.parse(first.time)) / 1000,
			budgetRanOut: ranOut.length,
			...(shortfall
				? { budgetNote: `first: ${shortfall[1]} tenants cut short, ${shortfall[2]} not reached` }
				: {}),
			skippedTicks: logLinesSince(w.host, mark, SKIPPED).length,
			staticBytes: Buffer.byteLength(JSON.stringify(wf.staticData)),
			simulated,
			bounded,
		};
	} finally {
		// The next scenario gets the machine to itself.
		await w.host.api(`/workflows/${encodeURIComponent(id)}/deactivate`, { method: 'POST' });
	}
}

const at = (sizes: SimulatedSize[], poll: number) =>
	sizes.find((s) => s.poll === poll)?.bytes ?? NaN;

async function waitForExecutions(
	w: BenchWorld,
	id: string,
	sinceMs: number,
	count: number,
	timeoutMs: number,
): Promise<ExecutionRow[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const rows = (await executionsSince(w.host, id, sinceMs)).filter((e) => e.stoppedAt);
		if (rows.length >= count) return rows;
		if (Date.now() > deadline)
			throw new Error(`no execution of the measured poll within ${timeoutMs / 1000} s`);
		await sleep(2000);
	}
}
