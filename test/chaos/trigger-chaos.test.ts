/**
 * The trigger's chaos run in the normal suite: a fixed seed and 150 polls over 3 tenants, sized to
 * keep CI well inside its budget. The 2,000-poll run is `npm run test:chaos` (defaults to
 * 2,000; `-- --seed <n> --polls <n>` for other runs).
 * Cost: every poll goes through n8n-core (fresh https.Agent, so a TLS handshake per request on
 * both ends in this process). Measured at load average 30 on 2 cores: ~6 s per poll; the timeout
 * below is sized for an unloaded machine and fails (rather than hangs) when it is not.
 */
import { runTriggerChaos } from './trigger.chaos';

const SEED = 20_240_501;
const POLLS = 150;

test(`chaos: seed ${SEED}, ${POLLS} polls, every alert version once under faults and crashes`, async () => {
	const r = await runTriggerChaos({ seed: SEED, polls: POLLS });
	// The summary line is the run's report; the examples say what went wrong when it fails.
	process.stdout.write(`${r.line}\n`);
	expect({ lost: r.lost, duplicated: r.duplicated, misattributed: r.misattributed, examples: r.examples }).toEqual({
		lost: 0,
		duplicated: 0,
		misattributed: 0,
		examples: [],
	});
	// The run must have exercised what it claims to: alerts, updates, faults, crashes. Whether a
	// fault makes a whole poll fail (rather than being retried inside it) depends on timing — a
	// clean-clone run at load ~4 had failed_polls=0 with the same seed — so it is reported, not
	// asserted; the seed fixes how many faults are injected.
	expect(r.created).toBeGreaterThan(POLLS);
	expect(r.updated).toBeGreaterThan(POLLS / 5);
	expect(r.faults).toBeGreaterThan(POLLS / 10);
	expect(r.crashes).toBeGreaterThan(0);
	process.stdout.write(`chaos: failed_polls=${r.failedPolls} crashes=${r.crashes} faults=${r.faults}\n`);
}, 3_600_000);
