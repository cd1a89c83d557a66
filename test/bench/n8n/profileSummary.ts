/**
 * `ts-node --transpile-only test/bench/n8n/profileSummary.ts <file.cpuprofile> [top] [--from µs --to µs]`
 * — where a V8 CPU profile (node --cpu-prof, e.g. of an n8n run by `npm run bench -- --cpu-prof
 * DIR`) spent its time: self time by stage of a Defender API call (n8n's request helper, TLS, HTTP,
 * response decoding, this package's request preparation, paging and items, n8n's engine, GC…), by
 * package, and the top functions. `--from`/`--to` keep only the samples of a window in
 * CLOCK_MONOTONIC microseconds (V8 stamps its samples with that clock, as `process.hrtime` reads
 * it): the bench prints the window of each fan-out line, so the table is that line's alone.
 */
import { readFileSync } from 'node:fs';

import { stageOf } from './profileStages';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
	nodes: ProfileNode[];
	startTime: number;
	samples: number[];
	timeDeltas: number[];
}

/** `node_modules/<pkg>` (scoped too) of a script URL, or a coarse kind for the rest. */
function packageOf(url: string, name: string): string {
	if (url === '') return name.startsWith('(') ? name : '(native/builtin)';
	if (url.startsWith('node:')) return '(node internals)';
	const m = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
	return m ? m[1] : url;
}

function flag(args: string[], name: string): number | undefined {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? Number(args[i + 1]) : undefined;
}

function main(): void {
	const args = process.argv.slice(2);
	const [file, topArg] = args.filter(
		(a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'),
	);
	if (!file)
		throw new Error('usage: profileSummary.ts <file.cpuprofile> [top] [--from µs --to µs]');
	const top = Number(topArg ?? 25);
	const from = flag(args, 'from') ?? -Infinity;
	const to = flag(args, 'to') ?? Infinity;
	const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map<number, number>();
	let total = 0;
	let at = profile.startTime;
	profile.samples.forEach((id, i) => {
		const dt = profile.timeDeltas[i] ?? 0;
		at += dt;
		if (at < from || at > to) return;
		self.set(id, (self.get(id) ?? 0) + dt);
		total += dt;
	});
	const byPackage = new Map<string, number>();
	const byFunction = new Map<string, number>();
	const byStage = new Map<string, number>();
	const add = (m: Map<string, number>, key: string, us: number) =>
		m.set(key, (m.get(key) ?? 0) + us);
	for (const [id, us] of self) {
		const { functionName, url, lineNumber } = (byId.get(id) as ProfileNode).callFrame;
		const pkg = packageOf(url, functionName);
		add(byPackage, pkg, us);
		add(
			byFunction,
			`${functionName || '(anonymous)'} ${pkg}${url ? `:${lineNumber + 1}` : ''}`,
			us,
		);
		add(byStage, stageOf(functionName, url, pkg), us);
	}
	const busy = total - (byStage.get('idle') ?? 0);
	const print = (title: string, m: Map<string, number>, n: number) => {
		process.stdout.write(`${title}\n`);
		for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) {
			process.stdout.write(
				`  ${(us / 1e6).toFixed(2).padStart(8)} s ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}\n`,
			);
		}
	};
	const window = Number.isFinite(from) || Number.isFinite(to) ? ` in the window` : '';
	process.stdout.write(
		`${file}: ${(total / 1e6).toFixed(1)} s sampled${window}, ${(busy / 1e6).toFixed(2)} s busy\n`,
	);
	print('self time by stage', byStage, 30);
	print('self time by package', byPackage, top);
	print('self time by function', byFunction, top);
}

main();
