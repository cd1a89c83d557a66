/**
 * Shared by the sweep's tests: the two examples, execution rows shaped like n8n 2.41's public API
 * list, and runners of the sweep's Code nodes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { codeOf, Item, runCodeNode } from './codeNode';

export { codeOf, runCodeNode };
export type { Item };

export interface Node {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}
export interface Workflow {
	id: string;
	nodes: Node[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
	settings?: Record<string, unknown>;
}

export const read = (file: string) =>
	JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', file), 'utf8')) as Workflow;
export const sweep = read('siem-redelivery.json');
export const siem = read('alert-to-siem.json');
export const nodeOf = (wf: Workflow, name: string) => {
	const n = wf.nodes.find((x) => x.name === name);
	if (!n) throw new Error(`no node "${name}"`);
	return n;
};
export const targets = (wf: Workflow, name: string, output = 0) =>
	(wf.connections[name]?.main[output] ?? []).map((t) => t.node).sort();

export const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
export const MIN = 60_000;
export const iso = (minutesAgo: number) => new Date(NOW - minutesAgo * MIN).toISOString();
export const REPLAY_URL = 'http://127.0.0.1:5678/webhook/defender-siem-replay';
export const SETTINGS = {
	baseDelayMinutes: 1,
	maxDelayMinutes: 60,
	maxRetriesPerSweep: 25,
	replayMarginMinutes: 8,
	replayUrls: { mdeAlertToSiem01: REPLAY_URL },
};

export interface Listed {
	id: string;
	status: string;
	mode: string;
	retryOf: string | null;
	startedAt: string;
	stoppedAt: string;
	workflowId: string;
}
export const listed = (id: string, startedAgo: number, extra: Partial<Listed> = {}): Listed => ({
	id,
	status: 'error',
	mode: 'trigger',
	retryOf: null,
	startedAt: iso(startedAgo),
	stoppedAt: iso(startedAgo - 1.5),
	workflowId: 'mdeAlertToSiem01',
	...extra,
});

export function heads(execs: Listed[]): Item[] {
	return runCodeNode(codeOf(sweep, 'Pick due chain heads'), {
		input: [{ json: { data: execs, nextCursor: null } }],
		nodes: { Settings: [{ json: SETTINGS }] },
		now: NOW,
	});
}

/** What GET /executions/{id}?includeData=true answers (HTTP Request, full response). */
export const stored = (
	runData: Record<string, unknown> | null,
	extra: Record<string, unknown> = {},
) => ({
	json: {
		statusCode: 200,
		body: { data: runData === null ? null : { resultData: { runData } }, ...extra },
	},
});
export const EMPTY_RUN = {};
export const FAILED_AT_POST = { 'New alert (Splunk HEC)': [{}], 'Send again or fail (HEC)': [{}] };

export function decide(due: Item[], reads: Item[]) {
	return runCodeNode(codeOf(sweep, 'Retry or replay'), {
		input: reads,
		nodes: { Settings: [{ json: SETTINGS }], 'Pick due chain heads': due },
	}).map((i) => i.json);
}
