/**
 * This package built and packed once per e2e run (jest globalSetup), so that every suite installs
 * the same tarball and no suite rebuilds dist/ while another one is packing it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { npmPack } from './processes';

const ROOT = join(__dirname, '..', '..');
const PACK_DIR = join(ROOT, 'test', '.out', 'e2e-pack');

/** `npm run build` then `npm pack` into test/.out/e2e-pack; returns the tarball. */
export function buildAndPack(): string {
	rmSync(PACK_DIR, { recursive: true, force: true });
	mkdirSync(PACK_DIR, { recursive: true });
	execFileSync('npm', ['run', '--silent', 'build'], {
		cwd: ROOT,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	return npmPack(ROOT, PACK_DIR);
}

/** The tarball globalSetup made. */
export function packageTarball(): string {
	let files: string[] = [];
	try {
		files = readdirSync(PACK_DIR).filter((f) => f.endsWith('.tgz'));
	} catch {
		// Reported below.
	}
	if (files.length !== 1) {
		throw new Error(
			`expected one package tarball in ${PACK_DIR}; run the suites with jest -c test/e2e/jest.e2e.config.js (its globalSetup builds it)`,
		);
	}
	return join(PACK_DIR, files[0]);
}
