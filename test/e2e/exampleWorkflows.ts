/**
 * The shipped example workflows (examples/*.json) and their credentials, pointed at local
 * receivers and the sandbox tenant: what a user edits in the n8n UI after importing them.
 * Shared by `npm run demo` and the e2e flow tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sandbox } from '../sandbox/server';
import { waitForActivationPoll } from './executions';
import type { N8nCredential, N8nHost, N8nWorkflow } from './n8nHost';

const ROOT = join(__dirname, '..', '..');
export const SIEM_WORKFLOW_ID = 'mdeAlertToSiem01';
export const EMAIL_WORKFLOW_ID = 'mdeEmailRouting1';
export const ONBOARDING_WORKFLOW_ID = 'mdeOnboarding001';
export const SOAR_WORKFLOW_ID = 'mdeSoarIsolate01';
export const REDELIVERY_WORKFLOW_ID = 'mdeSiemRedeliver';

export function readExample(name: string): N8nWorkflow {
	return JSON.parse(readFileSync(join(ROOT, 'examples', name), 'utf8')) as N8nWorkflow;
}

/** The alert-to-SIEM example pointed at the local receivers (what a user edits in the UI). */
export function siemWorkflowFor(hec: { url: string; token: string }, cefUrl: string): N8nWorkflow {
	const wf = readExample('alert-to-siem.json');
	// Every node that POSTs to a collector (the first send and the one sent again), by its URL.
	let hecPosts = 0;
	let cefPosts = 0;
	for (const node of wf.nodes) {
		const p = node.parameters;
		if (node.type !== 'n8n-nodes-base.httpRequest') continue;
		if (String(p.url).startsWith('https://splunk.example.com:8088/')) {
			p.url = `${hec.url}/services/collector/event`;
			p.headerParameters = {
				parameters: [{ name: 'Authorization', value: `Splunk ${hec.token}` }],
			};
			hecPosts++;
		} else if (String(p.url).startsWith('https://siem.example.com:8443/')) {
			p.url = `${cefUrl}/events`;
			cefPosts++;
		}
	}
	if (hecPosts !== 2 || cefPosts !== 2) {
		throw new Error(
			`alert-to-siem.json: expected 2 HEC and 2 CEF POSTs, found ${hecPosts}/${cefPosts}`,
		);
	}
	return wf;
}

/** How a test speeds up the redelivery sweep (the shipped values are 2 min, 1 min, 60 min). */
export interface RedeliveryTiming {
	sweepSeconds: number;
	baseDelayMinutes: number;
	maxDelayMinutes: number;
}

/**
 * The SIEM redelivery example pointed at this n8n's public API and the given workflows, with a
 * faster sweep (the Schedule Trigger takes seconds) and backoff.
 */
export function redeliveryWorkflowFor(
	apiUrl: string,
	workflowIds: string[],
	timing: RedeliveryTiming,
	/** Workflow id → its replay webhook on this instance (the shipped one names localhost:5678). */
	replayUrls?: Record<string, string>,
): N8nWorkflow {
	const wf = readExample('siem-redelivery.json');
	for (const node of wf.nodes) {
		const p = node.parameters;
		if (node.type === 'n8n-nodes-base.scheduleTrigger') {
			p.rule = { interval: [{ field: 'seconds', secondsInterval: timing.sweepSeconds }] };
		}
		if (node.name === 'Settings') {
			const values: Record<string, unknown> = {
				n8nApiUrl: apiUrl,
				workflowIds: `={{ ${JSON.stringify(workflowIds)} }}`,
				baseDelayMinutes: timing.baseDelayMinutes,
				maxDelayMinutes: timing.maxDelayMinutes,
				...(replayUrls ? { replayUrls: `={{ ${JSON.stringify(replayUrls)} }}` } : {}),
			};
			const list = (p.assignments as { assignments: Array<{ name: string; value: unknown }> })
				.assignments;
			for (const a of list) if (a.name in values) a.value = values[a.name];
		}
	}
	return wf;
}

/** The n8n API credential the redelivery example names, holding a key of this instance. */
export function n8nApiCredential(apiKey: string, apiUrl: string): N8nCredential {
	return {
		id: 'mssp-n8n-api',
		name: 'n8n API (redelivery)',
		type: 'n8nApi',
		data: { apiKey, baseUrl: apiUrl },
	};
}

/** The Header Auth credential the replay webhook and the sweep's replay call share. */
export function replayCredential(secret: string): N8nCredential {
	return {
		id: 'mssp-siem-replay',
		name: 'SIEM replay webhook',
		type: 'httpHeaderAuth',
		data: { name: 'X-Replay-Secret', value: secret },
	};
}

export function credentialsFor(sb: Sandbox, smtpPort: number): N8nCredential[] {
	const customers = [sb.tenants.fabrikam, sb.tenants.northwind, sb.tenants.tailspin];
	return [
		{
			id: 'defender-mssp-app',
			name: 'Defender MSSP App',
			type: 'defenderMsspAppApi',
			data: {
				cloud: 'custom',
				loginBaseUrl: sb.loginBaseUrl,
				apiBaseUrl: sb.apiBaseUrl,
				clientId: sb.credentials.clientId,
				clientSecret: sb.credentials.clientSecret,
				tenants: {
					tenant: customers.map((t) => ({
						tenantId: t.id,
						label: t.displayName,
						region: 'default',
					})),
				},
			},
		},
		// The alert-to-SIEM example's replay webhook and the redelivery sweep's replay call name it.
		replayCredential('e2e-replay-secret-not-for-production'),
		{
			id: 'mssp-smtp',
			name: 'MSSP SMTP',
			type: 'smtp',
			data: {
				user: '',
				password: '',
				host: '127.0.0.1',
				port: smtpPort,
				secure: false,
				disableStartTls: true,
			},
		},
	];
}

/**
 * Publishes alert-to-SIEM, waits until its activation poll has reached the three customers (the
 * cursors start there), then publishes the redelivery sweep: what the outage suites start from.
 */
export async function activateSiemWithRedelivery(host: N8nHost, sb: Sandbox): Promise<void> {
	const from = (await sb.control.clock()).now;
	await host.activateWorkflow(SIEM_WORKFLOW_ID);
	await waitForActivationPoll(sb, 3, from);
	await host.activateWorkflow(REDELIVERY_WORKFLOW_ID);
}
