/**
 * What `npm pack` puts in the tarball n8n installs, from a fresh build: the product only (no tests,
 * TypeScript sources, declarations or source maps) and every file n8n and `main` name.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

import { freshBuild, packListing } from './freshBuild';
import type { FreshBuild, PackedFile } from './freshBuild';

jest.setTimeout(120_000);

interface Manifest {
	main: string;
	n8n: { nodes: string[]; credentials: string[] };
}

type Icon = string | { light: string; dark: string } | undefined;

function iconFiles(icon: Icon): string[] {
	if (icon === undefined) return [];
	const values = typeof icon === 'string' ? [icon] : [icon.light, icon.dark];
	return values.map((v) => v.replace(/^file:/, ''));
}

describe('npm pack listing', () => {
	let build: FreshBuild;
	let files: PackedFile[];
	let paths: Set<string>;
	let manifest: Manifest;

	beforeAll(() => {
		build = freshBuild();
		files = packListing(build.dir);
		paths = new Set(files.map((f) => f.path));
		manifest = JSON.parse(readFileSync(join(build.dir, 'package.json'), 'utf8')) as Manifest;
	});

	afterAll(() => build?.remove());

	test('ships dist/ and the files npm always adds, nothing else', () => {
		const outside = [...paths].filter((p) => !p.startsWith('dist/')).sort();
		expect(outside).toEqual(['LICENSE.md', 'README.md', 'package.json']);
	});

	test('no test code, TypeScript sources, declarations or source maps', () => {
		const unwanted = [...paths].filter(
			(p) =>
				/(^|\/)(test|tests|__tests__)\//.test(p) ||
				/\.(test|spec)\.[jt]s$/.test(p) ||
				/\.ts$/.test(p) ||
				/\.map$/.test(p),
		);
		expect(unwanted).toEqual([]);
	});

	test("main and every node and credential file of package.json's n8n section are in it", () => {
		const named = [manifest.main, ...manifest.n8n.nodes, ...manifest.n8n.credentials];
		expect(named.length).toBeGreaterThan(1);
		expect(named.filter((p) => !paths.has(posix.normalize(p)))).toEqual([]);
	});

	test('each node has its codex file and every icon a node or credential names', async () => {
		const missing: string[] = [];
		for (const nodePath of manifest.n8n.nodes) {
			const codex = nodePath.replace(/\.js$/, '.json');
			if (!paths.has(codex)) missing.push(codex);
		}
		for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
			const exports = (await import(join(build.dir, file))) as Record<string, new () => unknown>;
			for (const Type of Object.values(exports)) {
				const instance = new Type() as { description?: { icon?: Icon }; icon?: Icon };
				for (const icon of iconFiles(instance.description?.icon ?? instance.icon)) {
					const packed = posix.normalize(posix.join(dirname(file), icon));
					if (!paths.has(packed)) missing.push(`${packed} (icon of ${file})`);
				}
			}
		}
		expect(missing).toEqual([]);
	});

	test('stays small: under 600 kB unpacked', () => {
		const unpacked = files.reduce((sum, f) => sum + f.size, 0);
		expect(unpacked).toBeLessThan(600_000);
	});
});
