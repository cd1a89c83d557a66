/**
 * Proves the e2e harness on a real n8n: a community package (the probe fixture) is installed from
 * its npm-pack tarball and loads; credentials and workflows import; `n8n execute` runs a workflow
 * that reaches the HEC receiver and the SMTP receiver; a published webhook workflow runs on the
 * server and shows up in the public API; stop() leaves no process behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHecReceiver, HecReceiver } from '../receivers/splunkHec';
import { startSmtpReceiver, SmtpReceiver } from '../receivers/smtp';
import { callWebhook } from './executions';
import { N8nHost, nodeOutput, startN8n } from './n8nHost';
import { isRunning, npmPack } from './processes';
import { manualSmokeWorkflow, smtpCredential, webhookSmokeWorkflow } from './smokeWorkflows';

describe('e2e harness smoke', () => {
	let hec: HecReceiver;
	let smtp: SmtpReceiver;
	let host: N8nHost | undefined;
	let packDir: string;

	beforeAll(async () => {
		hec = await startHecReceiver();
		smtp = await startSmtpReceiver();
		packDir = mkdtempSync(join(tmpdir(), 'e2e-pack-'));
	});

	afterAll(async () => {
		await host?.stop();
		await hec.stop();
		await smtp.stop();
		rmSync(packDir, { recursive: true, force: true });
	});

	it('runs a workflow through the CLI and a published one through the server', async () => {
		const t0 = Date.now();
		const tarball = npmPack(join(__dirname, 'fixtures', 'probe-package'), packDir);
		host = await startN8n({ packageTarball: tarball });
		expect(host.packageName).toBe('n8n-nodes-e2e-probe');

		await host.importCredentials([smtpCredential(smtp.port)]);
		await host.importWorkflow(manualSmokeWorkflow(hec.url, hec.token));
		const t1 = Date.now();
		const run = await host.execute('e2eSmokeManual01');
		const t2 = Date.now();

		expect(run.data.resultData.error).toBeUndefined();
		expect(nodeOutput(run, 'E2E Probe')[0]).toMatchObject({
			probe: 'loaded-from-community-package',
		});
		expect(nodeOutput(run, 'Send to HEC')).toEqual([{ text: 'Success', code: 0 }]);
		expect(hec.events()).toEqual([
			{
				sourcetype: 'mde:alert',
				event: {
					id: 'da6372910_1126926584',
					severity: 'High',
					title: 'Smoke test alert',
					probe: 'loaded-from-community-package',
				},
			},
		]);
		const [mail] = await smtp.waitForMails(1);
		expect(mail).toMatchObject({
			subject: '[High] Smoke test alert',
			from: ['mde-router@mssp.example'],
			to: ['soc-analysts@mssp.example'],
			text: 'Alert da6372910_1126926584 (loaded-from-community-package)',
		});
		expect(mail.html).toContain('<b>da6372910_1126926584</b>');

		// Server part: publish a webhook workflow, start, trigger it, read it back via the public API.
		hec.clear();
		const path = 'e2e-smoke-hook';
		await host.importWorkflow(webhookSmokeWorkflow(hec.url, hec.token, path));
		await host.publishWorkflow('e2eSmokeWebhook1');
		const t3 = Date.now();
		await host.start();
		const t4 = Date.now();
		await host.setupOwnerAndApiKey();
		const res = await callWebhook(`${host.baseUrl}/webhook/${path}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ hello: 'server' }),
		});
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ text: 'Success', code: 0 });
		expect(hec.events()).toEqual([{ event: { hello: 'server' } }]);

		const executions = await host.executions('e2eSmokeWebhook1');
		expect(executions).toHaveLength(1);
		expect(executions[0]).toMatchObject({
			status: 'success',
			mode: 'webhook',
			workflowId: 'e2eSmokeWebhook1',
		});
		const cliRuns = await host.executions('e2eSmokeManual01');
		expect(cliRuns.map((e) => e.mode)).toEqual(['cli']);

		// Restart keeps data (same encryption key, same folder) and comes back up.
		const t5 = Date.now();
		await host.restart();
		const t6 = Date.now();
		const again = await callWebhook(`${host.baseUrl}/webhook/${path}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ hello: 'again' }),
		});
		expect(again.status).toBe(200);
		expect(hec.events()).toHaveLength(2);

		const serverPids = host.processes();
		expect(serverPids.length).toBeGreaterThan(0);
		const stopped = host;
		await stopped.stop();
		host = undefined;
		expect(stopped.processes()).toEqual([]);
		expect(serverPids.filter(isRunning)).toEqual([]);

		console.log(
			`[e2e timings] setup+imports ${t1 - t0} ms, execute ${t2 - t1} ms, ` +
				`start ${t4 - t3} ms, restart ${t6 - t5} ms, total ${Date.now() - t0} ms`,
		);
	}, 600_000);
});
