/**
 * The workflows of the queue-mode bench. In queue mode the main takes each webhook call and puts
 * an execution on the queue; whichever worker is free runs it. So work spread over executions
 * spreads over workers, while a sub-workflow (Execute Workflow node) runs inside its parent's
 * execution on the same worker (n8n dist/workflow-execute-additional-data.js `executeWorkflow`
 * starts it in-process): splitting a fan-out over workers means one webhook call per batch.
 */
import type { N8nNode, N8nWorkflow } from '../../e2e/n8nHost';
import type { HecReceiver } from '../../receivers/splunkHec';
import {
	chain,
	countAndRespond,
	FANOUT_CONCURRENCY,
	fetchAlertsNode,
	TRIGGER_CREDENTIAL,
	webhook,
} from './workflows';

export const WHOLE_FANOUT_PATH = 'bench-queue-fanout';
export const BATCH_FANOUT_PATH = 'bench-queue-batch';
export const ABSORB_PATH = 'bench-queue-absorb';

/** Get Many across every tenant of the credential in one execution. */
export function wholeFanoutWorkflow(): N8nWorkflow {
	return chain('benchQueueFanAll', 'Bench (queue): fan-out, one execution', [
		webhook(WHOLE_FANOUT_PATH, 5),
		fetchAlertsNode(TRIGGER_CREDENTIAL, { tenantConcurrency: FANOUT_CONCURRENCY }),
		...countAndRespond(400),
	]);
}

/** Get Many across the tenants named in the request body (`{ "tenants": [...] }`): one batch. */
export function batchFanoutWorkflow(): N8nWorkflow {
	const fetch = fetchAlertsNode(TRIGGER_CREDENTIAL, { tenantConcurrency: FANOUT_CONCURRENCY });
	fetch.parameters = {
		...fetch.parameters,
		tenantScope: 'list',
		tenantIds: '={{ $json.body.tenants }}',
	};
	return chain('benchQueueFanBat', 'Bench (queue): fan-out, one batch', [
		webhook(BATCH_FANOUT_PATH, 6),
		fetch,
		...countAndRespond(400),
	]);
}

/**
 * What a SIEM delivery execution does with one poll's alerts: the HEC batch built in a Code node
 * and one POST to the collector. The webhook answers at once; the execution runs on a worker.
 */
export function absorbWorkflow(hec: HecReceiver): N8nWorkflow {
	const hook = webhook(ABSORB_PATH, 7);
	hook.parameters = {
		httpMethod: 'POST',
		path: ABSORB_PATH,
		responseMode: 'onReceived',
		options: {},
	};
	const batch: N8nNode = {
		name: 'Batch HEC envelopes',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [200, 0],
		parameters: {
			jsCode: [
				'const alerts = $input.first().json.body.alerts;',
				"const body = alerts.map((a) => JSON.stringify({ sourcetype: 'ms:defender:atp:alerts', event: a, fields: { alert_id: String(a.id) } })).join('\\n');",
				'return [{ json: { body, count: alerts.length } }];',
			].join('\n'),
		},
	};
	const post: N8nNode = {
		name: 'POST to Splunk HEC',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [400, 0],
		parameters: {
			method: 'POST',
			url: `${hec.url}/services/collector/event`,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Authorization', value: `Splunk ${hec.token}` }] },
			sendBody: true,
			contentType: 'raw',
			rawContentType: 'text/plain',
			body: '={{ $json.body }}',
			options: {},
		},
	};
	const wf = chain('benchQueueAbsorb', 'Bench (queue): SIEM delivery execution', [
		hook,
		batch,
		post,
	]);
	// Kept like a production workflow's executions (n8n's default), so the database pays its part.
	return { ...wf, settings: { executionOrder: 'v1' } };
}
