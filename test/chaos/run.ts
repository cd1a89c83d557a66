/**
 * `npm run test:chaos -- --seed <n> --polls <n> [--scenario <name>[,<name>…]]`: chaos runs of the
 * trigger under n8n's real scheduling, by default every scenario of scenarios.ts one after the
 * other (`--polls` each), one summary line per scenario, and exit code 1 when any lost,
 * duplicated, misattributed or spurious event.
 */
import { SCENARIOS } from './scenarios';
import { failures, runTriggerChaos } from './trigger.chaos';

function arg(name: string): string | undefined {
	const at = process.argv.indexOf(`--${name}`);
	return at >= 0 ? process.argv[at + 1] : undefined;
}

function num(name: string, fallback: number): number {
	const raw = arg(name);
	const value = raw === undefined ? fallback : Number(raw);
	if (!Number.isSafeInteger(value) || value < 0)
		throw new Error(`--${name} needs a whole number, got ${raw}`);
	return value;
}

async function main(): Promise<void> {
	const seed = num('seed', Math.floor(Math.random() * 1e6));
	const polls = num('polls', 2000);
	const every = num('progress-every', 250);
	const wanted = arg('scenario');
	const scenarios =
		wanted === undefined || wanted === 'all' ? Object.keys(SCENARIOS) : wanted.split(',');
	const lines: string[] = [];
	let failed = 0;
	for (const scenario of scenarios) {
		const started = Date.now();
		const r = await runTriggerChaos({
			seed,
			polls,
			scenario,
			progressEvery: every,
			progress: (l) => console.error(`${l} t=${((Date.now() - started) / 1000).toFixed(1)}s`),
		});
		console.error(
			`chaos: ${scenario} wall_s=${((Date.now() - started) / 1000).toFixed(1)} failed_polls=${r.failedPolls} crashes=${r.crashes} faults=${r.faults}`,
		);
		for (const e of r.examples) console.error(`  ${e}`);
		console.log(r.line);
		lines.push(r.line);
		if (failures(r) > 0) failed++;
	}
	if (scenarios.length > 1)
		console.error(`chaos: ${scenarios.length - failed}/${scenarios.length} scenarios clean`);
	process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 2;
});
