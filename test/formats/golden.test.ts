/**
 * Golden files: every format for the three public sample alerts, pinned byte for byte (the files
 * under golden/ were reviewed by hand). Regenerate after an intended change with
 * `UPDATE_GOLDEN=1 npx jest test/formats/golden` and review the diff.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	buildEmailDigest,
	buildHecBatch,
	formatAlert,
	octetFrame,
	type OutputFormat,
} from '../../nodes/shared/formats';
import { loadPublicSamples } from './fuzz';

const DIR = join(__dirname, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const FORMATS: OutputFormat[] = [
	'cef',
	'leef',
	'splunkHec',
	'ecs',
	'sentinel',
	'syslogCef',
	'syslogLeef',
	'email',
];
const samples = loadPublicSamples();
const TENANTS = [
	{ tenantId: 'a839b112-1253-6432-9bf6-94542403f21c', tenantLabel: 'Contoso Ltd' },
	{ tenantId: '7b5b6a1c-0e57-4b53-9a47-2c4b3b5c9d11', tenantLabel: 'Fabrikam' },
	{ tenantId: '123543-d66c-4c7e-9e30-40034eb7c6f3' },
];
const options = { syslogHostname: 'n8n-mssp', now: Date.UTC(2026, 0, 1) };

function check(name: string, actual: string): void {
	const file = join(DIR, name);
	if (UPDATE || !existsSync(file)) {
		mkdirSync(DIR, { recursive: true });
		writeFileSync(file, actual);
	}
	expect(actual).toBe(readFileSync(file, 'utf8'));
}

function render(v: unknown): string {
	return typeof v === 'string' ? v + '\n' : JSON.stringify(v, null, 2) + '\n';
}

describe.each(samples.map((s, i) => [i + 1, s] as const))('public sample %i', (n, alert) => {
	test.each(FORMATS)('%s', (format) => {
		const out = formatAlert(format, alert, { ...TENANTS[n - 1], options });
		if (format === 'email') {
			const m = out as { subject: string; text: string; html: string };
			check(`sample${n}.email.subject.txt`, m.subject + '\n');
			check(`sample${n}.email.txt`, m.text);
			check(`sample${n}.email.html`, m.html + '\n');
		} else {
			check(`sample${n}.${format}.${typeof out === 'string' ? 'txt' : 'json'}`, render(out));
		}
	});
});

test('HEC batch body and octet-counted syslog frame', () => {
	check(
		'samples.hec-batch.txt',
		buildHecBatch(samples.map((alert, i) => ({ alert, context: { ...TENANTS[i], options } }))) +
			'\n',
	);
	const line = formatAlert('syslogCef', samples[0], { ...TENANTS[0], options }) as string;
	check('sample1.syslogCef.frame.txt', octetFrame(line) + '\n');
});

test('email digest of the three samples', () => {
	const d = buildEmailDigest(samples.map((alert, i) => ({ alert, ...TENANTS[i] })));
	check('samples.digest.subject.txt', d.subject + '\n');
	check('samples.digest.txt', d.text);
	check('samples.digest.html', d.html + '\n');
});
