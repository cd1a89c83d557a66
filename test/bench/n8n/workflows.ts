/**
 * The workflows `npm run bench` runs in a real n8n. Each fetch workflow starts at a Webhook and
 * answers with the number of alert items it produced, so a run is timed from request to response
 * on a running server (no CLI boot inside the measurement), and no execution data is saved (the
 * host runs with EXECUTIONS_DATA_SAVE_ON_SUCCESS=none) — both sides pay the same n8n costs.
 */
import type { AlertEventType } from '../../../nodes/shared/alerts/cursor';
import type { N8nNode, N8nWorkflow } from '../../e2e/n8nHost';
import { ORDER_BY, PAGE } from '../support';

const FETCH_ALERTS = 'n8n-nodes-defender-mssp.defenderFetchAlerts';
const TRIGGER = 'n8n-nodes-defender-mssp.defenderAlertTrigger';
export const TRIGGER_NODE = 'New Defender alert';

export const ONE_TENANT_CREDENTIAL = { id: 'bench-one-tenant', name: 'Bench: one tenant' };
export const FANOUT_CREDENTIAL = { id: 'bench-200-tenants', name: 'Bench: 200 tenants' };
export const TRIGGER_CREDENTIAL = { id: 'bench-trigger-tenants', name: 'Bench: trigger tenants' };
export const MANY_FANOUT_CREDENTIAL = { id: 'bench-1000-tenants', name: 'Bench: 1,000 tenants' };

/** `webhookId` is a UUID, as the editor makes it; n8n then serves `/webhook/<path>`. */
export function webhook(path: string, n: number): N8nNode {
	return {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: `6e0c7b1a-5d3e-4f2a-9b8c-${String(n).padStart(12, '0')}`,
		position: [0, 0],
		parameters: { httpMethod: 'POST', path, responseMode: 'responseNode', options: {} },
	};
}

/**
 * Counts the items (Summarize: count of `id`) and answers `{ "count_id": N }`. No expression reads
 * the items: under n8n 2.41's default expression engine (an isolate limited to 128 MB) even
 * `$input.all().length` over 100,000 alerts fails with "Expression exceeded memory limit".
 */
export function countAndRespond(x: number): N8nNode[] {
	return [
		{
			name: 'Count',
			type: 'n8n-nodes-base.summarize',
			typeVersion: 1.1,
			position: [x, 0],
			parameters: {
				fieldsToSummarize: { values: [{ aggregation: 'count', field: 'id' }] },
				options: {},
			},
		},
		{
			name: 'Respond with count',
			type: 'n8n-nodes-base.respondToWebhook',
			typeVersion: 1.1,
			position: [x + 200, 0],
			parameters: { respondWith: 'firstIncomingItem', options: {} },
		},
	];
}

export function chain(id: string, name: string, nodes: N8nNode[]): N8nWorkflow {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return {
		id,
		name,
		nodes,
		connections,
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'none' },
	};
}

export function fetchAlertsNode(
	credential: { id: string; name: string },
	options: Record<string, unknown>,
): N8nNode {
	return {
		name: 'Fetch Alerts',
		type: FETCH_ALERTS,
		typeVersion: 1,
		position: [200, 0],
		parameters: {
			authentication: 'defenderMsspAppApi',
			resource: 'alert',
			operation: 'getAll',
			tenantScope: 'all',
			returnAll: true,
			output: 'raw',
			options,
		},
		credentials: { defenderMsspAppApi: credential },
	};
}

/** This package: Get Many of every alert (with evidence) of the one-tenant credential. */
export function oursFetchWorkflow(): N8nWorkflow {
	return chain('benchOursFetch01', 'Bench: Fetch Alerts', [
		webhook('bench-ours', 1),
		fetchAlertsNode(ONE_TENANT_CREDENTIAL, { includeEvidence: true }),
		...countAndRespond(400),
	]);
}

/** The Tenant Concurrency of the trigger and queue lines, and of the 1,000-tenant fan-out. */
export const FANOUT_CONCURRENCY = 10;
/** The 200-tenant fan-out runs once per value: the figures the node's default is chosen from. */
export const FANOUT_CONCURRENCIES = [5, 10, 20] as const;

/** One Get Many fan-out line: its workflow, webhook, credential and Tenant Concurrency. */
export interface FanoutBench {
	workflowId: string;
	path: string;
	credential: { id: string; name: string };
	concurrency: number;
}

/** The 200-tenant lines, one per concurrency, and the 1,000-tenant line. */
export function fanoutBenches(): { fanout: FanoutBench[]; many: FanoutBench } {
	return {
		fanout: FANOUT_CONCURRENCIES.map((concurrency) => ({
			workflowId: `benchFanoutC${String(concurrency).padStart(4, '0')}`,
			path: `bench-fanout-c${concurrency}`,
			credential: FANOUT_CREDENTIAL,
			concurrency,
		})),
		many: {
			workflowId: 'benchFanout1000t',
			path: 'bench-fanout-1000',
			credential: MANY_FANOUT_CREDENTIAL,
			concurrency: FANOUT_CONCURRENCY,
		},
	};
}

/** Fan-out: Get Many across every tenant of the bench's credential, `concurrency` at a time. */
export function fanoutWorkflow(bench: FanoutBench, webhookNumber: number): N8nWorkflow {
	return chain(bench.workflowId, `Bench: fan-out ${bench.path}`, [
		webhook(bench.path, webhookNumber),
		fetchAlertsNode(bench.credential, { tenantConcurrency: bench.concurrency }),
		...countAndRespond(400),
	]);
}

/**
 * The generic way a user would build it: a token request, then one HTTP Request node paging
 * `$top`/`$skip` (its built-in pagination, 10,000 a page, until a short page), then Split Out to
 * get one item per alert, as Fetch Alerts gives.
 */
export function httpNodeFetchWorkflow(
	sb: { loginBaseUrl: string; apiBaseUrl: string; clientId: string; clientSecret: string },
	tenantId: string,
): N8nWorkflow {
	const token: N8nNode = {
		name: 'Get token',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [200, 0],
		parameters: {
			method: 'POST',
			url: `${sb.loginBaseUrl}/${tenantId}/oauth2/v2.0/token`,
			sendBody: true,
			contentType: 'form-urlencoded',
			bodyParameters: {
				parameters: [
					{ name: 'grant_type', value: 'client_credentials' },
					{ name: 'client_id', value: sb.clientId },
					{ name: 'client_secret', value: sb.clientSecret },
					{ name: 'scope', value: 'https://api.securitycenter.microsoft.com/.default' },
				],
			},
			options: {},
		},
	};
	const pages: N8nNode = {
		name: 'Get alert pages',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [400, 0],
		parameters: {
			url: `${sb.apiBaseUrl}/api/alerts`,
			sendQuery: true,
			queryParameters: {
				parameters: [
					{ name: '$top', value: String(PAGE) },
					{ name: '$expand', value: 'evidence' },
					{ name: '$orderby', value: ORDER_BY },
				],
			},
			sendHeaders: true,
			headerParameters: {
				parameters: [{ name: 'Authorization', value: '=Bearer {{ $json.access_token }}' }],
			},
			options: {
				pagination: {
					pagination: {
						paginationMode: 'updateAParameterInEachRequest',
						parameters: {
							parameters: [{ type: 'qs', name: '$skip', value: `={{ $pageCount * ${PAGE} }}` }],
						},
						paginationCompleteWhen: 'other',
						completeExpression: `={{ $response.body.value.length < ${PAGE} }}`,
						limitPagesFetched: false,
						requestInterval: 0,
					},
				},
			},
		},
	};
	const split: N8nNode = {
		name: 'One item per alert',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [600, 0],
		parameters: { fieldToSplitOut: 'value', options: {} },
	};
	return chain('benchHttpFetch01', 'Bench: HTTP Request node', [
		webhook('bench-http', 3),
		token,
		pages,
		split,
		...countAndRespond(800),
	]);
}

/** An activated Alert Trigger of the bench: its workflow, credential and "Trigger On". */
export interface TriggerBench {
	id: string;
	name: string;
	credential: { id: string; name: string };
	/** Undefined: the parameter is left out and n8n gives the node's default (New Alert only). */
	events?: AlertEventType[];
}

/** Every minute, n8n's shortest interval; the trigger's poll budget is ¾ of it. */
export const TRIGGER_POLL_TIMES = { item: [{ mode: 'everyMinute' }] };

/** Today's line: the 200 fan-out tenants, New and Updated alerts. */
export const FANOUT_TRIGGER: TriggerBench = {
	id: 'benchTrigger0001',
	name: 'Bench: trigger',
	credential: FANOUT_CREDENTIAL,
	events: ['created', 'updated'],
};

/** The MSSP-scale line: its own tenants (--trigger-tenants), the node's default "Trigger On". */
export const MANY_TENANTS_TRIGGER: TriggerBench = {
	id: 'benchTrigger1000',
	name: 'Bench: trigger, many tenants',
	credential: TRIGGER_CREDENTIAL,
};

/** The Alert Trigger polling every minute, Tenant Concurrency 10, into a No Op. */
export function triggerWorkflow(bench: TriggerBench): N8nWorkflow {
	const trigger: N8nNode = {
		name: TRIGGER_NODE,
		type: TRIGGER,
		typeVersion: 1,
		position: [0, 0],
		parameters: {
			pollTimes: TRIGGER_POLL_TIMES,
			authentication: 'defenderMsspAppApi',
			tenantScope: 'all',
			...(bench.events ? { events: bench.events, filters: {}, output: 'simplified' } : {}),
			options: { tenantConcurrency: FANOUT_CONCURRENCY },
		},
		credentials: { defenderMsspAppApi: bench.credential },
	};
	const sink: N8nNode = {
		name: 'Done',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [200, 0],
		parameters: {},
	};
	// Its executions are kept: they show how many alerts each poll emitted.
	const wf = chain(bench.id, bench.name, [trigger, sink]);
	return { ...wf, settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' } };
}
