/**
 * n8n's verification scan, as `npm run lint` runs it (test/scripts/scan-package.mjs: the pinned
 * @n8n/scan-community-package's own analyzePackage on the source and on the `npm pack` tarball).
 * The real package passes; the same check fails when a declaration file, a restricted global or a
 * runtime dependency comes back.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ROOT, SCAN_SCRIPT, freshBuild, packAndExtract } from './freshBuild';
import type { FreshBuild } from './freshBuild';

jest.setTimeout(180_000);

function scan(...args: string[]): { status: number | null; output: string } {
	const run = spawnSync(process.execPath, [SCAN_SCRIPT, ...args], { encoding: 'utf8' });
	return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('n8n verification scan in npm run lint', () => {
	let build: FreshBuild;
	let work: string;
	let tarball: string;

	beforeAll(() => {
		build = freshBuild();
		work = mkdtempSync(join(tmpdir(), 'verification-'));
		tarball = packAndExtract(build.dir, join(work, 'packed'));
	});

	afterAll(() => {
		build?.remove();
		if (work) rmSync(work, { recursive: true, force: true });
	});

	/** A copy of the extracted tarball to plant something in. */
	function tarballCopy(name: string): string {
		const dir = join(work, name);
		cpSync(tarball, dir, { recursive: true });
		return dir;
	}

	test('npm run lint runs it on a fresh build of the package', () => {
		const lint = readFileSync(join(ROOT, 'test', 'scripts', 'lint.sh'), 'utf8');
		expect(lint).toMatch(/^node "\$root\/test\/scripts\/scan-package\.mjs" --pack "\$work"$/m);
		expect(lint).toMatch(/^\(cd "\$work" && npm run --silent build/m);
	});

	test('the packed tarball and the source pass every leg', () => {
		const { status, output } = scan('--pack', build.dir);
		expect(output).toContain('scan source: passed');
		expect(output).toContain('scan tarball: passed');
		expect(output).toContain('scan tarball, every file: passed');
		expect(status).toBe(0);
	});

	test('declaration files back in the tarball fail it (cred-filename-against-convention)', () => {
		const dir = tarballCopy('with-declarations');
		// What the build shipped before: tsc's declarations next to the compiled files.
		execFileSync(
			join(ROOT, 'node_modules', '.bin', 'tsc'),
			[
				'-p',
				join(build.dir, 'tsconfig.json'),
				'--declaration',
				'--emitDeclarationOnly',
				'--outDir',
				join(dir, 'dist'),
			],
			{ stdio: 'pipe' },
		);
		const { status, output } = scan('--tarball', dir);
		// The real scan of 0.32.0 lints only .js and package.json in the tarball; analyzePackage's
		// own default (every .js, .ts and .json) is the leg that refuses them.
		expect(output).toContain('scan tarball: passed');
		expect(output).toContain('scan tarball, every file: FAILED');
		expect(output).toContain('DefenderMsspAppApi.credentials.d.ts');
		expect(output).toContain('n8n-nodes-base/cred-filename-against-convention');
		expect(status).toBe(1);
	});

	test('a compiled timer and a runtime dependency fail the tarball leg the real scan runs', () => {
		const dir = tarballCopy('with-violations');
		writeFileSync(
			join(dir, 'dist', 'nodes', 'Planted.js'),
			'setTimeout(() => undefined, 1);\nmodule.exports = {};\n',
		);
		const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
		manifest.dependencies = { axios: '1.13.2' };
		writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
		const { status, output } = scan('--tarball', dir);
		expect(output).toContain('scan tarball: FAILED');
		expect(output).toContain('@n8n/community-nodes/no-restricted-globals');
		expect(output).toContain('@n8n/community-nodes/no-runtime-dependencies');
		expect(status).toBe(1);
	});

	test('a restricted global in the source fails the source leg, eslint-disable comment or not', () => {
		const dir = join(work, 'source');
		mkdirSync(dir);
		for (const part of ['package.json', 'nodes', 'credentials', 'icons']) {
			cpSync(join(build.dir, part), join(dir, part), { recursive: true });
		}
		mkdirSync(join(dir, 'nodes', 'Planted'));
		writeFileSync(
			join(dir, 'nodes', 'Planted', 'planted.ts'),
			'// eslint-disable-next-line\nexport const home = process.env.HOME;\n',
		);
		const { status, output } = scan('--source', dir);
		expect(output).toContain('scan source: FAILED');
		expect(output).toContain('planted.ts');
		expect(output).toContain("Use of restricted global 'process'");
		expect(status).toBe(1);
	});
});
