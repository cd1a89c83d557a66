/**
 * The shipped example workflows (examples/*.json) and their credentials, pointed at local
 * receivers and the sandbox tenant: what a user edits in the n8n UI after importing them.
 * Shared by `npm run demo` and the e2e flow tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sandbox } from '../sandbox/server';
import type { N8nCredential, N8nWorkflow } from './n8nHost';

const ROOT = join(__dirname, '..', '..');
export const SIEM_WORKFLOW_ID = 'mdeAlertToSiem01';
export const EMAIL_WORKFLOW_ID = 'mdeEmailRouting1';
export const ONBOARDING_WORKFLOW_ID = 'mdeOnboarding001';
export const SOAR_WORKFLOW_ID = 'mdeSoarIsolate01';

export function readExample(name: string): N8nWorkflow {
	return JSON.parse(readFileSync(join(ROOT, 'examples', name), 'utf8')) as N8nWorkflow;
}

/** The alert-to-SIEM example pointed at the local receivers (what a user edits in the UI). */
export function siemWorkflowFor(hec: { url: string; token: string }, cefUrl: string): N8nWorkflow {
	const wf = readExample('alert-to-siem.json');
	for (const node of wf.nodes) {
		const p = node.parameters;
		if (node.name === 'POST to Splunk HEC') {
			p.url = `${hec.url}/services/collector/event`;
			p.headerParameters = {
				parameters: [{ name: 'Authorization', value: `Splunk ${hec.token}` }],
			};
		}
		if (node.name === 'POST CEF lines') p.url = `${cefUrl}/events`;
	}
	return wf;
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
