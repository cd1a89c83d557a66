/**
 * The workflow the queue-mode suites publish: the Alert Trigger over the sandbox's customers, a
 * Wait that keeps each execution on its worker long enough to be killed mid-run, then one POST per
 * alert to the HEC receiver's plain endpoint (`/events`, one JSON line each). What the receiver got,
 * counted by `eventId`, is what reached the "SIEM"; what the trigger emitted is in the executions.
 */
import type { HecReceiver } from '../receivers/splunkHec';
import { TRIGGER_NODE, triggerWorkflow } from './alertLedger';
import type { N8nCredential, N8nWorkflow } from './n8nHost';

export const DELIVER_NODE = 'POST to collector';

/**
 * `waitSeconds` stays below 65 s: n8n keeps shorter waits in the running process (Wait node,
 * n8n-nodes-base Wait.node.ts) instead of offloading the execution to the database, so the
 * execution stays a running job on one worker for that long.
 */
export function deliveryWorkflow(
	id: string,
	nodeId: string,
	credential: N8nCredential,
	collector: HecReceiver,
	waitSeconds: number,
): N8nWorkflow {
	const wf = triggerWorkflow(id, nodeId, credential);
	wf.name = `Queue mode ${id}`;
	wf.nodes.push(
		{
			name: 'Hold on the worker',
			type: 'n8n-nodes-base.wait',
			typeVersion: 1.1,
			position: [220, 0],
			parameters: { resume: 'timeInterval', amount: waitSeconds, unit: 'seconds' },
			webhookId: `${nodeId.slice(0, -4)}9999`,
		},
		{
			name: DELIVER_NODE,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [440, 0],
			parameters: {
				method: 'POST',
				url: `${collector.url}/events`,
				sendBody: true,
				contentType: 'raw',
				rawContentType: 'text/plain',
				body: '={{ JSON.stringify({ eventId: $json.eventId, tenantId: $json.tenantId, id: $json.id }) }}',
				options: {},
			},
		},
	);
	wf.connections = {
		[TRIGGER_NODE]: { main: [[{ node: 'Hold on the worker', type: 'main', index: 0 }]] },
		'Hold on the worker': { main: [[{ node: DELIVER_NODE, type: 'main', index: 0 }]] },
	};
	return wf;
}

/** What the collector received: one `{ eventId, tenantId, id }` per accepted line. */
export function delivered(
	collector: HecReceiver,
): Array<{ eventId: string; tenantId: string; id: string }> {
	return collector
		.rawLines()
		.map((line) => JSON.parse(line) as { eventId: string; tenantId: string; id: string });
}
