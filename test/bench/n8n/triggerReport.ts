/**
 * The trigger scenario's lines: a few readable ones per tenant count, then one machine-readable
 * `bench: trigger …` line. Keys without a suffix about simulated polls are the node's default
 * options (New Alert only); `_new_updated` ones are the same load with New + Updated.
 */
import { fixed } from '../support';
import type { SimulatedSize } from './staticData';
import { SIMULATED_POLLS } from './triggerScenario';
import type { TriggerFigures } from './triggerScenario';

/** At steady state, with the trigger's default options, per tenant (test/cursor/encoding.test.ts). */
export const STATIC_TARGET_BYTES_PER_TENANT = 2048;

const kb = (bytes: number) => `${fixed(bytes / 1e3, bytes < 1e4 ? 1 : 0)} KB`;

export function printTrigger(f: TriggerFigures, log: (line: string) => void): string {
	const expected = f.tenants * f.newPerTenant;
	const perTenant = (sizes: SimulatedSize[], poll: number) =>
		Math.round((sizes.find((s) => s.poll === poll)?.bytes ?? NaN) / f.tenants);
	const records = (sizes: SimulatedSize[]) => sizes.find((s) => s.poll === 100)?.records ?? NaN;
	const steady = perTenant(f.simulated.defaults, 100);
	const steadyBoth = perTenant(f.simulated.newAndUpdated, 100);
	const met = steady <= STATIC_TARGET_BYTES_PER_TENANT;
	const last = (sizes: SimulatedSize[]) => sizes[sizes.length - 1].bytes;
	const drained =
		f.pollsToDrain === null
			? `NOT all emitted within the wait (${f.distinct} of ${expected})`
			: `all ${expected} emitted after ${f.pollsToDrain} poll(s), ${fixed(f.drainS, 1)} s from the first one's first request to the last one's execution`;
	const events = f.events.join('+');
	log(
		`Trigger: one poll in n8n of ${f.tenants} tenants with ${f.newPerTenant} new alerts each (Trigger On ${events}; Tenant Concurrency ${f.concurrency}; poll budget ${fixed(f.budgetS, 0)} s)`,
	);
	log(
		`  ${fixed(f.wallS, 1)} s from the poll's first request to its execution (${fixed((100 * f.wallS) / f.budgetS, 0)}% of the budget); ${f.calls} API calls, ${f.tokens} token calls, ` +
			`429s ${f.throttled}; emitted ${f.emitted} of ${expected}; static data ${kb(f.staticBytes)} (${Math.round(f.staticBytes / f.tenants)} B per tenant)`,
	);
	log(
		`  budget ran out: ${f.budgetRanOut > 0 ? `yes, ${f.budgetRanOut} poll(s)${f.budgetNote ? ` (${f.budgetNote})` : ''}` : 'no'}; ${drained}; ` +
			`${f.emittedTotal} items, ${f.distinct} distinct eventIds, ${f.emittedTotal - f.distinct} duplicates (through one more poll); ${f.skippedTicks} ticks skipped`,
	);
	const series = (sizes: SimulatedSize[]) =>
		sizes.map((s) => `${s.poll}: ${kb(s.bytes)}`).join(', ');
	log(
		`  static data after simulated polls, New Alert only (the node's default): ${series(f.simulated.defaults)}; ` +
			`${steady} B per tenant at poll 100, ${records(f.simulated.defaults)} alerts remembered (target ≤ ${STATIC_TARGET_BYTES_PER_TENANT}: ${met ? 'met' : 'MISSED'})`,
	);
	log(
		`  static data after simulated polls, New + Updated: ${series(f.simulated.newAndUpdated)}; ` +
			`${steadyBoth} B per tenant at poll 100, ${records(f.simulated.newAndUpdated)} alerts remembered (${f.bounded ? 'both bounded' : 'STILL GROWING'})`,
	);
	return (
		`bench: trigger tenants=${f.tenants} events=${events} wall_s=${fixed(f.wallS, 1)} budget_s=${fixed(f.budgetS, 0)} ` +
		`calls=${f.calls} token_calls=${f.tokens} throttled=${f.throttled} emitted=${f.emitted} expected=${expected} ` +
		`budget_ran_out=${f.budgetRanOut} polls_to_drain=${f.pollsToDrain ?? 'never'} drain_s=${fixed(f.drainS, 1)} ` +
		`emitted_total=${f.emittedTotal} distinct_event_ids=${f.distinct} duplicates=${f.emittedTotal - f.distinct} ` +
		`static_bytes=${f.staticBytes} static_bytes_per_tenant=${Math.round(f.staticBytes / f.tenants)} ` +
		`static_bytes_${SIMULATED_POLLS}_polls=${last(f.simulated.defaults)} static_bytes_per_tenant_100_polls=${steady} ` +
		`static_bytes_${SIMULATED_POLLS}_polls_new_updated=${last(f.simulated.newAndUpdated)} ` +
		`static_bytes_per_tenant_100_polls_new_updated=${steadyBoth} target_2kb=${met ? 'met' : 'missed'} ` +
		`bounded=${f.bounded ? 'yes' : 'no'}`
	);
}
