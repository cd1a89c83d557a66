/**
 * The chaos run's host scenarios (scenarios.ts) in short form: what n8n 2.41.1's scheduling and
 * Defender really do to the trigger — overlapping ticks on one context, the durable scheduler
 * with a 4 s poll timeout, a rotated secret, clocks 7 min apart both ways, n8n dying between emit
 * and save, New-alert-only and significant-change triggers under a per-poll cap and a small
 * memory, server-driven paging. Each short form failed on the trigger before cc3fcf6 (3fbb18c:
 * figures in the comments) except skewBehind and significant, which that trigger already
 * handled. Apart from trigger-chaos.test.ts so that each file stays well under two minutes.
 */
import { runTriggerChaos } from './trigger.chaos';
import type { ChaosResult } from './trigger.chaos';

const SEED = 20_240_501;

/** [scenario, polls, what the run must have exercised]; before cc3fcf6 in the comment. */
const CASES: Array<[string, number, (r: ChaosResult) => void]> = [
	// 3fbb18c: duplicated=42
	['overlap', 20, (r) => expect(r.outcomes.overlapped).toBeGreaterThan(0)],
	// 3fbb18c: lost=3, 1 poll abandoned
	['durable', 20, (r) => expect(r.counts.slow).toBeGreaterThan(0)],
	// 3fbb18c: lost=4, 3 polls failed (the context kept the expired secret)
	['rotation', 20, (r) => expect(r.counts.rotations).toBeGreaterThan(0)],
	// 3fbb18c: lost=161 (every alert)
	['skewAhead', 20, () => {}],
	['skewBehind', 30, () => {}],
	// 3fbb18c: duplicated=3 (no eventId to drop the redelivery by)
	['crashSave', 20, (r) => expect(r.counts.crashSaves).toBeGreaterThan(0)],
	// 3fbb18c: lost=13
	['newOnly', 60, (r) => expect(r.updated).toBe(0)],
	['significant', 30, (r) => expect(r.updated).toBeGreaterThan(0)],
	// 3fbb18c: lost=102 (stopped at the first short page)
	['serverPaging', 20, () => {}],
];

test.each(CASES)(
	'chaos host scenario %s: %i polls, every expected event once',
	async (scenario, polls, exercised) => {
		const r = await runTriggerChaos({ seed: SEED, polls, scenario });
		process.stdout.write(`${r.line}\n`);
		expect({
			lost: r.lost,
			duplicated: r.duplicated,
			misattributed: r.misattributed,
			spurious: r.spurious,
			examples: r.examples,
		}).toEqual({ lost: 0, duplicated: 0, misattributed: 0, spurious: 0, examples: [] });
		expect(r.created).toBeGreaterThan(polls);
		exercised(r);
	},
	600_000,
);
