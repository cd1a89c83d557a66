/**
 * The two workflows the harness smoke test runs, built from n8n's own nodes plus the probe
 * fixture package, so the harness is proven before this package has nodes of its own.
 */
import { N8nCredential, N8nNode, N8nWorkflow } from './n8nHost';

export const SMTP_CREDENTIAL_ID = 'e2eSmtpCred0001';

export function smtpCredential(port: number): N8nCredential {
	return {
		id: SMTP_CREDENTIAL_ID,
		name: 'E2E SMTP receiver',
		type: 'smtp',
		data: { user: '', password: '', host: '127.0.0.1', port, secure: false, disableStartTls: true },
	};
}

function hecPost(hecUrl: string, token: string, position: [number, number]): N8nNode {
	return {
		name: 'Send to HEC',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		parameters: {
			method: 'POST',
			url: `${hecUrl}/services/collector/event`,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Authorization', value: `Splunk ${token}` }] },
			sendBody: true,
			specifyBody: 'json',
			jsonBody: "={{ JSON.stringify({ sourcetype: 'mde:alert', event: $json }) }}",
			options: {},
		},
	};
}

/** Manual Trigger → Code → E2E Probe (community package) → HTTP Request (HEC) + Send Email. */
export function manualSmokeWorkflow(hecUrl: string, token: string): N8nWorkflow {
	return {
		id: 'e2eSmokeManual01',
		name: 'E2E smoke (manual)',
		nodes: [
			{
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				name: 'Make alert',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				parameters: {
					jsCode:
						"return [{ json: { id: 'da6372910_1126926584', severity: 'High', title: 'Smoke test alert' } }];",
				},
			},
			{
				name: 'E2E Probe',
				type: 'n8n-nodes-e2e-probe.probe',
				typeVersion: 1,
				position: [400, 0],
				parameters: { tag: 'loaded-from-community-package' },
			},
			hecPost(hecUrl, token, [600, -100]),
			{
				name: 'Send Email',
				type: 'n8n-nodes-base.emailSend',
				typeVersion: 2.1,
				position: [600, 100],
				parameters: {
					fromEmail: 'mde-router@mssp.example',
					toEmail: 'soc-analysts@mssp.example',
					subject: '=[{{ $json.severity }}] {{ $json.title }}',
					emailFormat: 'both',
					text: '=Alert {{ $json.id }} ({{ $json.probe }})',
					html: '=<p>Alert <b>{{ $json.id }}</b></p>',
					options: { appendAttribution: false },
				},
				credentials: { smtp: { id: SMTP_CREDENTIAL_ID, name: 'E2E SMTP receiver' } },
			},
		],
		connections: {
			Start: { main: [[{ node: 'Make alert', type: 'main', index: 0 }]] },
			'Make alert': { main: [[{ node: 'E2E Probe', type: 'main', index: 0 }]] },
			'E2E Probe': {
				main: [
					[
						{ node: 'Send to HEC', type: 'main', index: 0 },
						{ node: 'Send Email', type: 'main', index: 0 },
					],
				],
			},
		},
		settings: { executionOrder: 'v1' },
	};
}

/** Webhook → HTTP Request (HEC): proves publish + server + public API executions. */
export function webhookSmokeWorkflow(hecUrl: string, token: string, path: string): N8nWorkflow {
	return {
		id: 'e2eSmokeWebhook1',
		name: 'E2E smoke (webhook)',
		nodes: [
			{
				id: '5b0c8a4e-1d1e-4c55-9f0e-2f6b8f3c0a01',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				// Without a webhookId n8n registers `<workflowId>/webhook/<path>` instead of `<path>`.
				webhookId: '5b0c8a4e-1d1e-4c55-9f0e-2f6b8f3c0a02',
				position: [0, 0],
				parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
			},
			{
				...hecPost(hecUrl, token, [200, 0]),
				parameters: {
					...hecPost(hecUrl, token, [0, 0]).parameters,
					jsonBody: '={{ JSON.stringify({ event: $json.body }) }}',
				},
			},
		],
		connections: { Webhook: { main: [[{ node: 'Send to HEC', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}
