/** Runs once before the e2e suites: builds and packs this package (see packageUnderTest.ts). */
import { buildAndPack } from './packageUnderTest';

export default function globalSetup(): void {
	const started = Date.now();
	const tarball = buildAndPack();
	process.stderr.write(`\n[e2e] built and packed ${tarball} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}
