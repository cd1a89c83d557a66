/**
 * Debian's chromium (installed by test/browser/setup.sh) driven by playwright-core: headless, no
 * browser download, a fresh profile per launch (Playwright's own temporary --user-data-dir).
 * HTTPS errors are ignored only for the sandbox's own certificate keys (by SPKI hash), never in
 * general, so a test cannot pass by talking to some other untrusted server.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { connect } from 'node:tls';

import { Browser, chromium, selectors } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Flags known to work on this machine kind (no GPU, no network but loopback). */
export const CHROMIUM_FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--hide-scrollbars',
];

/** base64(sha256(SubjectPublicKeyInfo)) of a PEM certificate: chromium's SPKI pin format. */
export function spkiHash(certPem: string): string {
	const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
	return createHash('sha256').update(spki).digest('base64');
}

/**
 * The certificate an HTTPS server on 127.0.0.1 presents, after checking that `caPem` signed it for
 * that address. Chromium's SPKI pins match the server's own key only (a pinned CA key is ignored:
 * checked with chromium 156), so tests pin this certificate rather than the sandbox's CA.
 */
export async function servedCertificate(origin: string, caPem: string): Promise<string> {
	const { hostname, port } = new URL(origin);
	return await new Promise((resolve, reject) => {
		const socket = connect({ host: hostname, port: Number(port), ca: caPem }, () => {
			const der = socket.getPeerCertificate().raw;
			socket.end();
			resolve(new X509Certificate(der).toString());
		});
		socket.once('error', (e) =>
			reject(
				new Error(`${origin} did not present a certificate signed by the given CA: ${e.message}`),
			),
		);
	});
}

export interface LaunchOptions {
	/** PEM certificates whose keys chromium accepts although no system CA signed them. */
	trustCertificates?: string[];
}

export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
	if (!existsSync(CHROMIUM)) {
		throw new Error(
			`${CHROMIUM} is missing: run \`bash test/browser/setup.sh\` (installs Debian's chromium as root)`,
		);
	}
	// n8n's editor marks its elements with data-test-id, not Playwright's default data-testid.
	selectors.setTestIdAttribute('data-test-id');
	const pins = (options.trustCertificates ?? []).map(spkiHash);
	return await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: [
			...CHROMIUM_FLAGS,
			...(pins.length > 0 ? [`--ignore-certificate-errors-spki-list=${pins.join(',')}`] : []),
		],
	});
}
