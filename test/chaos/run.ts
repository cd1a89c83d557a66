/**
 * `npm run test:chaos -- --seed <n> --polls <n>`: one chaos run of the trigger, its summary line,
 * and exit code 1 when anything was lost, duplicated or misattributed.
 */
import { runTriggerChaos } from './trigger.chaos';

function arg(name: string, fallback: number): number {
	const at = process.argv.indexOf(`--${name}`);
	const raw = at >= 0 ? process.argv[at + 1] : undefined;
	const value = raw === undefined ? fallback : Number(raw);
	if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} needs a whole number, got ${raw}`);
	return value;
}

async function main(): Promise<void> {
	const seed = arg('seed', Math.floor(Math.random() * 1e6));
	const polls = arg('polls', 2000);
	const started = Date.now();
	const every = arg('progress-every', 250);
	const r = await runTriggerChaos({ seed, polls, progressEvery: every, progress: (l) => console.error(`${l} t=${((Date.now() - started) / 1000).toFixed(1)}s`) });
	console.error(`chaos: wall_s=${((Date.now() - started) / 1000).toFixed(1)} failed_polls=${r.failedPolls} crashes=${r.crashes} faults=${r.faults}`);
	for (const e of r.examples) console.error(`  ${e}`);
	console.log(r.line);
	process.exitCode = r.lost + r.duplicated + r.misattributed === 0 ? 0 : 1;
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 2;
});
