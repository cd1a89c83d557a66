/**
 * `ts-node --transpile-only test/bench/n8n/profileSummary.ts <file.cpuprofile> [top]` — where a
 * V8 CPU profile (node --cpu-prof, e.g. of an n8n run by `npm run bench -- --cpu-prof DIR`) spent
 * its time: self time by package (this package, n8n's packages, dependencies, Node internals, GC,
 * idle) and the top functions by self time.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
	nodes: ProfileNode[];
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

function main(): void {
	const [file, topArg] = process.argv.slice(2);
	if (!file) throw new Error('usage: profileSummary.ts <file.cpuprofile> [top]');
	const top = Number(topArg ?? 25);
	const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map<number, number>();
	let total = 0;
	profile.samples.forEach((id, i) => {
		const dt = profile.timeDeltas[i] ?? 0;
		self.set(id, (self.get(id) ?? 0) + dt);
		total += dt;
	});
	const byPackage = new Map<string, number>();
	const byFunction = new Map<string, number>();
	for (const [id, us] of self) {
		const { functionName, url, lineNumber } = (byId.get(id) as ProfileNode).callFrame;
		const pkg = packageOf(url, functionName);
		byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
		const fn = `${functionName || '(anonymous)'} ${pkg}${url ? `:${lineNumber + 1}` : ''}`;
		byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
	}
	const print = (title: string, m: Map<string, number>) => {
		process.stdout.write(`${title}\n`);
		for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
			process.stdout.write(
				`  ${(us / 1e6).toFixed(2).padStart(8)} s ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}\n`,
			);
		}
	};
	process.stdout.write(`${file}: ${(total / 1e6).toFixed(1)} s sampled\n`);
	print('self time by package', byPackage);
	print('self time by function', byFunction);
}

main();
