/**
 * Every shipped example workflow published on n8n's queue mode (Postgres, Redis, a main and two
 * workers: queueHost.ts) and run the way production runs it: the Alert Trigger examples
 * (alert-to-SIEM, e-mail routing, SOAR) from a poll on the main, customer onboarding from its form
 * and consent webhooks. Each must succeed and do its job, and every one of their executions must
 * have run on a worker (the worker's own log names it: "Worker started execution <id>"), none on
 * the main.
 */
import type { AlertEvidence, DefenderAlert } from '../../nodes/shared/alerts/types';
import { startSmtpReceiver, SmtpReceiver } from '../receivers/smtp';
import { HecReceiver, startHecReceiver } from '../receivers/splunkHec';
import { signIn } from '../sandbox/client';
import { generateAlerts } from '../sandbox/defender/generator';
import { startSandbox, Sandbox } from '../sandbox/server';
import {
	credentialsFor,
	EMAIL_WORKFLOW_ID,
	ONBOARDING_WORKFLOW_ID,
	readExample,
	siemWorkflowFor,
	SIEM_WORKFLOW_ID,
	SOAR_WORKFLOW_ID,
} from './exampleWorkflows';
import { callWebhook, waitForActivationPoll, waitUntil } from './executions';
import { N8nHost, startN8n } from './n8nHost';
import { packageTarball } from './packageUnderTest';
import { ranOnWorkers, record } from './queueProbes';
import { QueueServices, startQueueServices } from './queueServices';

const MINUTE = 60_000;
const CONSENT_PATH = '/webhook/defender-consent';
const sha256Of = (a: DefenderAlert) =>
	([] as AlertEvidence[]).concat(a.evidence ?? []).find((e) => e.sha256)?.sha256;

describe('every example workflow on queue mode, executions on workers', () => {
	let services: QueueServices | undefined;
	let sb: Sandbox;
	let smtp: SmtpReceiver;
	let hec: HecReceiver;
	let host: N8nHost | undefined;
	let formPath = '';
	const started = Date.now();

	beforeAll(async () => {
		services = await startQueueServices();
		sb = await startSandbox();
		sb.apps.mssp.redirectUris.push(`http://localhost${CONSENT_PATH}`);
		[smtp, hec] = await Promise.all([startSmtpReceiver(), startHecReceiver()]);
		host = await startN8n({
			packageTarball: packageTarball(),
			queue: { services, workers: 2 },
			env: { NODE_EXTRA_CA_CERTS: sb.caPath },
		});
		await host.start();
		await host.setupOwnerAndApiKey();
		const onboarding = readExample('customer-onboarding.json');
		for (const node of onboarding.nodes) {
			if (node.name === 'Create Consent Link')
				node.parameters.redirectUri = `http://localhost:${host.port}${CONSENT_PATH}`;
		}
		formPath = `/form/${onboarding.nodes.find((n) => n.name === 'Onboarding Form')?.webhookId}`;
		// Postgres: imports while the server runs, then activation through the public API.
		await host.importCredentials(credentialsFor(sb, smtp.port));
		await host.importWorkflows([
			siemWorkflowFor(hec, hec.url),
			readExample('email-routing.json'),
			readExample('soar-isolate-and-block.json'),
			onboarding,
		]);
		const from = (await sb.control.clock()).now;
		for (const id of [
			SIEM_WORKFLOW_ID,
			EMAIL_WORKFLOW_ID,
			SOAR_WORKFLOW_ID,
			ONBOARDING_WORKFLOW_ID,
		])
			await host.activateWorkflow(id);
		// Three trigger workflows (the SIEM one has two triggers) each poll the three customers.
		await waitForActivationPoll(sb, 3, from);
	});

	afterAll(async () => {
		await host?.stop();
		await Promise.all([sb?.stop(), smtp?.stop(), hec?.stop()]);
		await services?.stop();
		const left = [...(host?.processes() ?? []), ...(services?.processes() ?? [])];
		record('examples suite wall', { s: Math.round((Date.now() - started) / 1000) });
		if (left.length > 0) throw new Error(`processes left after stop: ${left.join(', ')}`);
	});

	it(
		'runs alert-to-SIEM, e-mail routing, SOAR and onboarding green, each execution on a worker',
		async () => {
			const h = host as N8nHost;
			const workers = h.workers;
			if (!workers) throw new Error('queue host without workers');
			// A High alert with a machine and a file hash (SOAR responds), and a Medium one.
			const tenantId = sb.tenants.northwind.id;
			const now = (await sb.control.clock()).now;
			const candidates = generateAlerts({
				seed: 88,
				count: 60,
				tenantId,
				startTime: now - 3000,
				endTime: now - 1000,
			});
			const high = candidates.find((a) => a.machineId && sha256Of(a));
			const medium = candidates.find((a) => a !== high && a.machineId !== high?.machineId);
			if (!high || !medium) throw new Error('generator gave no alert with a machine and a hash');
			await sb.control.insertAlerts(tenantId, [
				{ ...high, severity: 'High', status: 'New' },
				{ ...medium, severity: 'Medium', status: 'New' },
			]);

			// Onboarding: the analyst's form, then the admin's Accept; the redirect hits the webhook.
			const tenant = sb.tenants.woodgrove;
			const form = new FormData();
			form.append('field-0', 'Woodgrove Bank');
			form.append('field-1', tenant.domain);
			form.append('field-2', 'admin@woodgrovebank.example');
			const submitted = await callWebhook(`${h.baseUrl}${formPath}`, {
				method: 'POST',
				body: form,
			});
			expect(submitted.status).toBe(200);
			const invite = await waitUntil(
				'the consent invitation',
				async () => smtp.mails().find((m) => m.to.includes('admin@woodgrovebank.example')),
				Boolean,
				2 * MINUTE,
			);
			const consentUrl = /https:\/\/\S+adminconsent\S+/.exec(invite?.text ?? '')?.[0];
			const accepted = await signIn(consentUrl as string, sb.caPem, { action: 'accept' });
			const landing = await callWebhook(
				`${h.baseUrl}${CONSENT_PATH}?${accepted.params.toString()}`,
			);
			expect(landing.status).toBe(200);

			// What each example does, as its own e2e suite checks in regular mode.
			const mailTo = (address: string) => smtp.mails().filter((m) => m.to.includes(address));
			await waitUntil(
				'every example to finish its job',
				async () => ({
					siem: hec.events().filter((e) => JSON.stringify(e).includes(String(high.id))).length,
					cef: hec.rawLines().filter((l) => l.includes(String(high.id))).length,
					onCall: mailTo('soc-oncall@mssp.example').length,
					soar: mailTo('analyst@mssp.example').length,
					onboarding: mailTo('soc@mssp.example').length,
				}),
				(d) => d.siem > 0 && d.cef > 0 && d.onCall > 0 && d.soar > 0 && d.onboarding > 0,
				5 * MINUTE,
			);
			expect(mailTo('analyst@mssp.example')[0].text).toContain('Isolation: Succeeded');
			expect(mailTo('soc@mssp.example')[0].subject).toBe(
				`Onboarding needs action: tenant ${tenant.id}`,
			);

			// Every execution of every example succeeded, and each one ran on a worker.
			const ids = [SIEM_WORKFLOW_ID, EMAIL_WORKFLOW_ID, SOAR_WORKFLOW_ID, ONBOARDING_WORKFLOW_ID];
			const runs = await waitUntil(
				'every execution to finish',
				async () => (await Promise.all(ids.map((id) => h.executions(id)))).flat(),
				(all) => all.every((e) => e.status !== 'running' && e.status !== 'new'),
				2 * MINUTE,
			);
			const onWorkers = ranOnWorkers(workers);
			const summary = ids.map((id) => ({
				id,
				executions: runs
					.filter((e) => e.workflowId === id)
					.map(
						(e) =>
							`${String(e.id)}:${String(e.status)}:${onWorkers.has(String(e.id)) ? 'worker' : 'MAIN'}`,
					),
			}));
			record('examples on workers', {
				summary,
				perWorker: [0, 1].map((i) => workers.executionsRun(i).length),
			});
			for (const { id, executions } of summary) {
				expect({ id, ran: executions.length > 0 }).toEqual({ id, ran: true });
				expect(executions.filter((e) => !e.endsWith(':success:worker'))).toEqual([]);
			}
		},
		10 * MINUTE,
	);
});
