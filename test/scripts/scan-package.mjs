#!/usr/bin/env node
// n8n's verification scan (@n8n/scan-community-package, pinned in devDependencies) run here minus
// its network legs (the provenance check and the download of the attested source and of the
// published tarball): its own analyzePackage, on the directories the real scan lints, with the
// file patterns it uses. Exits 1 on any violation, printing the scanner's report.
//
//   node test/scripts/scan-package.mjs --pack <project>   npm pack <project> (dist/ built), extract
//                                                         it, scan <project> as source and the tarball
//   node test/scripts/scan-package.mjs --source <dir>     the source leg alone
//   node test/scripts/scan-package.mjs --tarball <dir>    the tarball legs alone (an extracted tarball)
//
// Legs:
// - source: the attested source checkout, with the scanner's SOURCE_FILE_PATTERNS;
// - tarball: the extracted tarball with the patterns the real scan uses on it ('**/*.js' and
//   'package.json' in 0.32.0);
// - tarball, every file: the extracted tarball with analyzePackage's default patterns (every .js,
//   .ts and .json, so declaration files too). Stricter than the real scan of 0.32.0, which leaves
//   .ts/.d.ts out of its tarball leg; a .d.ts credential file fails its filename rule here, so this
//   leg keeps the tarball clean for any scan that lints what the tarball holds.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
const scannerFile = join(
	root,
	'node_modules',
	'@n8n',
	'scan-community-package',
	'scanner',
	'scanner.mjs',
);

/** The patterns the real scan gives analyzePackage for the published tarball (checked below). */
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

// eslint-plugin-n8n-nodes-base treats every file as a node file when NODE_ENV is 'test' (as under
// jest), which the real scan never runs with.
delete process.env.NODE_ENV;
// The scanner makes a temporary directory when it is imported (for its downloads); let its own tmp
// module remove it when this process exits.
createRequire(scannerFile)('tmp').setGracefulCleanup();
const scanner = await import(pathToFileURL(scannerFile).href);

/**
 * The real scan's two analyzePackage calls, read from the pinned scanner: if an upgrade changes
 * them, this script must change with it rather than keep checking the old way.
 */
function assertScannerUnchanged() {
	const text = readFileSync(scannerFile, 'utf8');
	const expected = [
		'analyzePackage(sourceDir, SOURCE_FILE_PATTERNS)',
		"analyzePackage(packageDir, ['**/*.js', 'package.json'])",
	];
	const missing = expected.filter((call) => !text.includes(call));
	if (missing.length > 0) {
		throw new Error(
			`The installed @n8n/scan-community-package no longer scans with ${missing.join(' and ')}. ` +
				'Read its scanner/scanner.mjs (analyzePackageByName) and update test/scripts/scan-package.mjs to match.',
		);
	}
}

/** npm pack the project (its dist/ as built) into a temporary directory, extracted as the scanner does. */
function packAndExtract(project) {
	const dir = mkdtempSync(join(tmpdir(), 'scan-package-'));
	const out = execFileSync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', dir],
		{
			cwd: project,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'inherit'],
		},
	);
	const [{ filename }] = JSON.parse(out);
	const extracted = join(dir, 'package');
	execFileSync('tar', ['-xzf', join(dir, filename), '-C', dir]);
	if (!readdirSync(extracted).includes('package.json'))
		throw new Error(`no package.json in ${filename}`);
	return { dir, extracted };
}

function parseArgs(argv) {
	const args = {};
	for (let i = 0; i < argv.length; i += 2) {
		const [flag, value] = [argv[i], argv[i + 1]];
		if (!['--pack', '--source', '--tarball'].includes(flag) || !value) {
			throw new Error(
				`usage: scan-package.mjs [--pack <project>] [--source <dir>] [--tarball <dir>] (got ${argv.join(' ')})`,
			);
		}
		args[flag.slice(2)] = resolve(value);
	}
	if (Object.keys(args).length === 0)
		throw new Error('usage: scan-package.mjs --pack <project> | --source <dir> | --tarball <dir>');
	return args;
}

async function main() {
	assertScannerUnchanged();
	const args = parseArgs(process.argv.slice(2));
	let packed;
	if (args.pack) {
		packed = packAndExtract(args.pack);
		args.source ??= args.pack;
		args.tarball ??= packed.extracted;
	}
	const legs = [];
	if (args.source) legs.push(['source', args.source, scanner.SOURCE_FILE_PATTERNS]);
	if (args.tarball) {
		legs.push(['tarball', args.tarball, TARBALL_FILE_PATTERNS]);
		legs.push(['tarball, every file', args.tarball, undefined]);
	}
	let failed = 0;
	try {
		for (const [name, dir, patterns] of legs) {
			const result = await scanner.analyzePackage(dir, patterns);
			if (result.message === 'No files found to analyze') {
				console.log(`scan ${name}: no files to analyze in ${dir}`);
				failed++;
			} else if (result.passed) {
				console.log(`scan ${name}: passed`);
			} else {
				failed++;
				console.log(`scan ${name}: FAILED (${result.message})${result.details ?? ''}`);
			}
		}
	} finally {
		if (packed) rmSync(packed.dir, { recursive: true, force: true });
	}
	if (failed > 0) {
		console.log(
			`n8n's scanner (as the verification scan runs it) rejects this package: fix the errors above.`,
		);
		process.exitCode = 1;
	}
}

main().catch((error) => {
	console.error(error.message);
	process.exitCode = 2;
});
