/**
 * The package as it would be published, built in a temporary copy of the repository: the checkout's
 * own dist/ may be stale or rebuilt by another run while a test reads it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const SCAN_SCRIPT = join(ROOT, 'test', 'scripts', 'scan-package.mjs');

export interface FreshBuild {
	/** The copy, with dist/ freshly built and node_modules linked to the checkout's. */
	dir: string;
	remove(): void;
}

/** Tracked and untracked (not ignored) files: what a clone of this state would hold. */
function repositoryFiles(): string[] {
	const out = execFileSync(
		'git',
		['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
		{
			cwd: ROOT,
			encoding: 'utf8',
			maxBuffer: 16 * 1024 * 1024,
		},
	);
	return out.split('\0').filter((f) => f !== '');
}

export function freshBuild(): FreshBuild {
	const dir = mkdtempSync(join(tmpdir(), 'package-build-'));
	try {
		for (const file of repositoryFiles()) {
			// A file deleted in the working tree but still in the index is not part of this state.
			if (!existsSync(join(ROOT, file))) continue;
			mkdirSync(join(dir, dirname(file)), { recursive: true });
			cpSync(join(ROOT, file), join(dir, file));
		}
		symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
		execFileSync('npm', ['run', '--silent', 'build'], {
			cwd: dir,
			stdio: ['ignore', 'ignore', 'pipe'],
		});
	} catch (error) {
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
	return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface PackedFile {
	path: string;
	size: number;
}

/** What `npm pack` would put in the tarball (`--dry-run --json`), paths relative to the package. */
export function packListing(dir: string): PackedFile[] {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: dir,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const [{ files }] = JSON.parse(out) as Array<{ files: PackedFile[] }>;
	return files;
}

/** `npm pack` into `destination`, extracted there as `package/`, as the scanner unpacks it. */
export function packAndExtract(dir: string, destination: string): string {
	mkdirSync(destination, { recursive: true });
	const out = execFileSync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', destination],
		{ cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const [{ filename }] = JSON.parse(out) as Array<{ filename: string }>;
	execFileSync('tar', ['-xzf', join(destination, filename), '-C', destination]);
	return join(destination, 'package');
}
