/**
 * package.json as a verifier reads it: n8n's package rules, one repository behind every link, an
 * engines range that admits the Node versions this package is tested on, every node and credential
 * registered, and the scanner pinned.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT } from './freshBuild';

interface Manifest {
	name: string;
	license: string;
	keywords: string[];
	main: string;
	files: string[];
	homepage: string;
	bugs: { url: string };
	repository: { type: string; url: string };
	engines: { node: string };
	dependencies?: Record<string, string>;
	peerDependencies: Record<string, string>;
	devDependencies: Record<string, string>;
	overrides?: unknown;
	n8n: { n8nNodesApiVersion: number; strict: boolean; nodes: string[]; credentials: string[] };
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;

/** [major, minor, patch] of "v24.9.0", "24.0.0" or "20.19". */
function version(v: string): number[] {
	const [major = 0, minor = 0, patch = 0] = v.replace(/^v/, '').split('.').map(Number);
	return [major, minor, patch];
}

function atLeast(v: string, floor: string): boolean {
	const [a, b] = [version(v), version(floor)];
	for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
	return true;
}

/** The Node floor the e2e host's n8n declares (n8n 2.41.1: >=24.0.0). */
function hostNodeFloor(): string {
	const lock = JSON.parse(
		readFileSync(join(ROOT, 'test', 'e2e', 'host', 'package-lock.json'), 'utf8'),
	);
	const range = String(lock.packages['node_modules/n8n'].engines.node);
	return /^>=\s*(\d+(\.\d+)*)$/.exec(range)?.[1] ?? range;
}

describe('package.json', () => {
	test("n8n's package rules: name, MIT, keyword, dist only, no runtime dependencies or overrides", () => {
		expect(manifest.name).toMatch(/^n8n-nodes-/);
		expect(manifest.license).toBe('MIT');
		expect(manifest.keywords).toContain('n8n-community-node-package');
		expect(manifest.files).toEqual(['dist']);
		expect(manifest.dependencies ?? {}).toEqual({});
		expect(manifest.overrides).toBeUndefined();
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(manifest.n8n.n8nNodesApiVersion).toBe(1);
		expect(manifest.n8n.strict).toBe(true);
	});

	test('repository, homepage and bugs name the same public GitHub repository', () => {
		const repo = /^git\+https:\/\/github\.com\/([\w.-]+\/[\w.-]+?)\.git$/.exec(
			manifest.repository.url,
		)?.[1];
		expect(manifest.repository.type).toBe('git');
		expect(repo).toBeDefined();
		expect(manifest.homepage).toBe(`https://github.com/${repo}#readme`);
		expect(manifest.bugs.url).toBe(`https://github.com/${repo}/issues`);
	});

	test('engines admits the Node running these suites and the Node n8n 2.41.1 requires', () => {
		const floor = /^>=(\d+(\.\d+){0,2})$/.exec(manifest.engines.node)?.[1];
		expect(floor).toBeDefined();
		expect(atLeast(process.version, floor as string)).toBe(true);
		expect(atLeast(hostNodeFloor(), floor as string)).toBe(true);
	});

	test('main points into dist/, which files ships', () => {
		expect(manifest.main).toBe('dist/index.js');
	});

	test('every node and credential source is registered in the n8n section, compiled from dist/', () => {
		const nodes = readdirSync(join(ROOT, 'nodes'), { withFileTypes: true })
			.filter((d) => d.isDirectory())
			.flatMap((d) =>
				readdirSync(join(ROOT, 'nodes', d.name))
					.filter((f) => f.endsWith('.node.ts'))
					.map((f) => `dist/nodes/${d.name}/${f.replace(/\.ts$/, '.js')}`),
			);
		const credentials = readdirSync(join(ROOT, 'credentials'))
			.filter((f) => f.endsWith('.credentials.ts'))
			.map((f) => `dist/credentials/${f.replace(/\.ts$/, '.js')}`);
		expect([...manifest.n8n.nodes].sort()).toEqual(nodes.sort());
		expect([...manifest.n8n.credentials].sort()).toEqual(credentials.sort());
	});

	test("n8n's scanner is a devDependency pinned to an exact version", () => {
		expect(manifest.devDependencies['@n8n/scan-community-package']).toMatch(/^\d+\.\d+\.\d+$/);
	});
});
