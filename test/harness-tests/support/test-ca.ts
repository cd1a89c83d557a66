import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestPki {
	caPem: string;
	keyPem: string;
	certPem: string;
}

/**
 * A throw-away CA and a server certificate for 127.0.0.1/localhost signed by it, made with the
 * openssl CLI, so the harness is proven against TLS that Node does not trust by default.
 */
export function createTestPki(): TestPki {
	const dir = mkdtempSync(path.join(tmpdir(), 'harness-pki-'));
	const file = (name: string) => path.join(dir, name);
	const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
	try {
		openssl(
			'req',
			'-x509',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-days',
			'2',
			'-subj',
			'/CN=Harness Test CA',
			'-keyout',
			file('ca.key'),
			'-out',
			file('ca.pem'),
			'-addext',
			'basicConstraints=critical,CA:TRUE',
			'-addext',
			'keyUsage=critical,keyCertSign',
		);
		openssl(
			'req',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-subj',
			'/CN=localhost',
			'-keyout',
			file('server.key'),
			'-out',
			file('server.csr'),
		);
		writeFileSync(file('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
		openssl(
			'x509',
			'-req',
			'-in',
			file('server.csr'),
			'-CA',
			file('ca.pem'),
			'-CAkey',
			file('ca.key'),
			'-CAcreateserial',
			'-days',
			'2',
			'-extfile',
			file('ext.cnf'),
			'-out',
			file('server.pem'),
		);
		return {
			caPem: readFileSync(file('ca.pem'), 'utf8'),
			keyPem: readFileSync(file('server.key'), 'utf8'),
			certPem: readFileSync(file('server.pem'), 'utf8'),
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
