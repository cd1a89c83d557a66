/**
 * TLS material for the sandbox: a throw-away CA and a server certificate for 127.0.0.1/localhost,
 * made with the openssl CLI (EC P-256 keys, so it takes a few milliseconds). The CA PEM is written
 * to a file so a client or an n8n child process can trust it with NODE_EXTRA_CA_CERTS.
 * One CA per process is generated lazily and reused by every sandbox in that process; nothing is
 * cached on disk beyond the PEM files of a running sandbox.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsMaterial {
	caPem: string;
	certPem: string;
	keyPem: string;
}

const OPENSSL = process.env.OPENSSL_BIN || 'openssl';
let cached: TlsMaterial | undefined;

function run(args: string[], cwd: string): void {
	execFileSync(OPENSSL, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function generate(): TlsMaterial {
	const dir = mkdtempSync(join(tmpdir(), 'defender-sandbox-tls-'));
	try {
		const ext = [
			'basicConstraints=CA:FALSE',
			'keyUsage=digitalSignature,keyEncipherment',
			'extendedKeyUsage=serverAuth',
			'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost',
		].join('\n');
		writeFileSync(join(dir, 'server.ext'), ext);
		run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key'], dir);
		run(
			[
				'req',
				'-x509',
				'-new',
				'-key',
				'ca.key',
				'-sha256',
				'-days',
				'30',
				'-subj',
				'/CN=Defender MSSP Sandbox Test CA/O=n8n-nodes-defender-mssp sandbox',
				'-out',
				'ca.pem',
			],
			dir,
		);
		run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'server.key'], dir);
		run(['req', '-new', '-key', 'server.key', '-subj', '/CN=127.0.0.1', '-out', 'server.csr'], dir);
		run(
			[
				'x509',
				'-req',
				'-in',
				'server.csr',
				'-CA',
				'ca.pem',
				'-CAkey',
				'ca.key',
				'-CAcreateserial',
				'-days',
				'30',
				'-sha256',
				'-extfile',
				'server.ext',
				'-out',
				'server.pem',
			],
			dir,
		);
		return {
			caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
			certPem: readFileSync(join(dir, 'server.pem'), 'utf8'),
			keyPem: readFileSync(join(dir, 'server.key'), 'utf8'),
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

export function tlsMaterial(): TlsMaterial {
	if (!cached) cached = generate();
	return cached;
}

/** Writes the CA PEM for clients; returns its path and a cleanup function. */
export function writeCaFile(
	caPem: string,
	caDir?: string,
): { caPath: string; cleanup: () => void } {
	if (caDir) {
		mkdirSync(caDir, { recursive: true });
		const caPath = join(caDir, 'sandbox-ca.pem');
		writeFileSync(caPath, caPem);
		return { caPath, cleanup: () => undefined };
	}
	const dir = mkdtempSync(join(tmpdir(), 'defender-sandbox-ca-'));
	const caPath = join(dir, 'sandbox-ca.pem');
	writeFileSync(caPath, caPem);
	return { caPath, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
