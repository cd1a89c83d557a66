/**
 * The README's main job as a newcomer runs it: `npm run demo -- --once` builds and packs the
 * package, brings up the sandbox tenant, the receivers and a real n8n with the examples, runs one
 * pass of each flow, reports where the alerts went (the DEMO_RESULT line) and exits 0 with every
 * process stopped. Its own suite (not part of flows.e2e) so that it can run beside the others.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

describe('npm run demo', () => {
	it('npm run demo -- --once exits 0 and reports matching counts', async () => {
		const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
			execFile(
				'npm',
				['run', '--silent', 'demo', '--', '--once'],
				{
					cwd: ROOT,
					maxBuffer: 64 * 1024 * 1024,
					timeout: 600000,
					env: { ...process.env, DEMO_MAIL_WAIT_MS: '150000' },
				},
				(err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
			);
		});
		// On failure, what the demo printed is the diagnosis.
		expect({
			code: out.code,
			tail: out.code === 0 ? '' : `${out.stdout}\n${out.stderr}`.slice(-4000),
		}).toEqual({ code: 0, tail: '' });
		const line = out.stdout.split('\n').find((l) => l.startsWith('DEMO_RESULT '));
		expect(line).toBeDefined();
		const r = JSON.parse((line as string).slice('DEMO_RESULT '.length)) as Record<string, unknown>;
		expect(r.n8nError).toBeUndefined();
		expect(r.sandboxAlertsInWindow).toBe(300);
		expect(r.hecEvents).toBe(300);
		expect(r.hecDistinctIds).toBe(300);
		expect(r.cefLines).toBe(300);
		expect(r.deadLetters).toBe(0);
		expect((r.mails as string[]).length).toBeGreaterThan(0);
	}, 900000);
});
