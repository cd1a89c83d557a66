/**
 * Runs once before the e2e suites: builds and packs this package (see packageUnderTest.ts), and
 * makes sure the migrated-database template exists (migratedDatabase.ts), so that suites running
 * side by side never build it at the same time.
 */
import { startN8n } from './n8nHost';
import { buildAndPack } from './packageUnderTest';

export default async function globalSetup(): Promise<void> {
	let started = Date.now();
	const tarball = buildAndPack();
	process.stderr.write(
		`\n[e2e] built and packed ${tarball} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
	);
	started = Date.now();
	// startN8n seeds its folder from the template, building the template first if it is missing.
	const host = await startN8n();
	await host.stop();
	process.stderr.write(
		`[e2e] migrated-database template ready in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
	);
}
