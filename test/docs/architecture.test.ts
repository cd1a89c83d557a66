/**
 * docs/architecture.md must stay true to the code: every source file it names exists, nothing
 * outside the transport reaches past its one door (nodes/shared/transport/index.ts), and the shared
 * layers below the nodes never import a node.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const TRANSPORT = join(ROOT, 'nodes', 'shared', 'transport');

function sources(dir: string): string[] {
	const out: string[] = [];
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) out.push(...sources(path));
		else if (name.endsWith('.ts')) out.push(path);
	}
	return out;
}

/** Every relative import of `file`, resolved to a path without extension. */
function imports(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	return [...text.matchAll(/from '(\.{1,2}\/[^']+)'/g)].map((m) => resolve(dirname(file), m[1]));
}

const shipped = [...sources(join(ROOT, 'nodes')), ...sources(join(ROOT, 'credentials'))];

test('nothing outside the transport imports past its index.ts', () => {
	const bypasses = shipped
		.filter((file) => !file.startsWith(`${TRANSPORT}/`))
		.flatMap((file) =>
			imports(file)
				.filter(
					(target) => target.startsWith(`${TRANSPORT}/`) && target !== join(TRANSPORT, 'index'),
				)
				.map((target) => `${relative(ROOT, file)} → ${relative(ROOT, target)}`),
		);
	expect(bypasses).toEqual([]);
});

test('the shared layers never import a node', () => {
	const shared = join(ROOT, 'nodes', 'shared');
	const upward = sources(shared).flatMap((file) =>
		imports(file)
			.filter((target) => !target.startsWith(`${shared}/`))
			.map((target) => `${relative(ROOT, file)} → ${relative(ROOT, target)}`),
	);
	expect(upward).toEqual([]);
});

test('every source file docs/architecture.md names exists', () => {
	const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
	const named = [...doc.matchAll(/`([A-Za-z/]+\.ts)`/g)].map((m) => m[1]);
	expect(named.length).toBeGreaterThan(10);
	const missing = named.filter((name) => {
		const candidates = [
			join(TRANSPORT, name),
			join(ROOT, 'nodes', 'shared', name),
			join(ROOT, name),
		];
		return !candidates.some((path) => existsSync(path));
	});
	expect(missing).toEqual([]);
});
