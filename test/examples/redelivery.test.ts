/**
 * The SIEM redelivery example (examples/siem-redelivery.json): its Code nodes run against
 * execution lists shaped like n8n 2.41's public API (GET /api/v1/executions: id, status, mode,
 * retryOf, retrySuccessId, startedAt, stoppedAt, workflowId; pages of `data` with `nextCursor`),
 * and its wiring is the one that calls that API.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { codeOf, Item, runCodeNode } from './codeNode';

interface Node {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string }>;
}
interface Workflow {
	id: string;
	nodes: Node[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const read = (file: string) => JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as Workflow;
const wf = read('siem-redelivery.json');
const node = (name: string) => wf.nodes.find((n) => n.name === name) as Node;

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const MIN = 60_000;
const SETTINGS = { baseDelayMinutes: 1, maxDelayMinutes: 60, maxRetriesPerSweep: 25 };

interface Exec {
	id: string;
	status: string;
	mode?: string;
	retryOf?: string | null;
	retrySuccessId?: string | null;
	/** Minutes before NOW it stopped. */
	ago: number;
	workflowId?: string;
}

function page(execs: Exec[], nextCursor: string | null = null): Item {
	return {
		json: {
			data: execs.map((e) => ({
				id: e.id,
				finished: e.status === 'success',
				mode: e.mode ?? (e.retryOf ? 'retry' : 'trigger'),
				retryOf: e.retryOf ?? null,
				retrySuccessId: e.retrySuccessId ?? null,
				status: e.status,
				startedAt: new Date(NOW - e.ago * MIN - 2000).toISOString(),
				stoppedAt: e.status === 'running' ? null : new Date(NOW - e.ago * MIN).toISOString(),
				workflowId: e.workflowId ?? 'mdeAlertToSiem01',
				waitTill: null,
			})),
			nextCursor,
		},
	};
}

function pick(pages: Item[], settings: Record<string, number> = SETTINGS) {
	return runCodeNode(codeOf(wf, 'Pick due chain heads'), {
		input: pages,
		nodes: { Settings: [{ json: settings }] },
		now: NOW,
	}).map((i) => i.json);
}
const due = (pages: Item[], settings?: Record<string, number>) =>
	pick(pages, settings).map((j) => `${String(j.executionId)}#${String(j.attempt)}`);

describe('siem-redelivery.json: which executions a sweep retries', () => {
	it('retries a failed execution once its first delay (1 minute) has passed', () => {
		expect(due([page([{ id: '10', status: 'error', ago: 0.5 }])])).toEqual([]);
		expect(due([page([{ id: '10', status: 'error', ago: 1.01 }])])).toEqual(['10#1']);
	});

	it('retries only the head of a chain, later for each attempt (1, 2, 4 … minutes)', () => {
		const chain = (headAgo: number) => [
			page([
				{ id: '10', status: 'error', ago: 30 },
				{ id: '11', status: 'error', retryOf: '10', ago: 20 },
				{ id: '12', status: 'error', retryOf: '11', ago: headAgo },
			]),
		];
		// Two attempts so far: the third waits 4 minutes after the last failure.
		expect(due(chain(3.9))).toEqual([]);
		expect(due(chain(4.1))).toEqual(['12#3']);
	});

	it('caps the delay at maxDelayMinutes however long the chain', () => {
		const execs: Exec[] = [{ id: '1', status: 'error', ago: 999 }];
		for (let i = 2; i <= 12; i++)
			execs.push({
				id: String(i),
				status: 'error',
				retryOf: String(i - 1),
				ago: i === 12 ? 61 : 999 - i,
			});
		expect(due([page(execs)])).toEqual(['12#12']);
		execs[execs.length - 1].ago = 59;
		expect(due([page(execs)])).toEqual([]);
	});

	it('leaves alone what is delivered, being retried, or not a delivery', () => {
		expect(
			due([
				page([
					// Retried with success: n8n wrote retrySuccessId (the success is not listed).
					{ id: '20', status: 'error', retrySuccessId: '21', ago: 50 },
					// A retry is running now (listed with status=running): not again.
					{ id: '30', status: 'error', ago: 50 },
					{ id: '31', status: 'running', retryOf: '30', ago: 0 },
					// An editor test run.
					{ id: '40', status: 'error', mode: 'manual', ago: 50 },
					// Succeeded, waiting, canceled: nothing to deliver.
					{ id: '50', status: 'success', ago: 50 },
					{ id: '51', status: 'waiting', ago: 50 },
					{ id: '52', status: 'canceled', ago: 50 },
				]),
			]),
		).toEqual([]);
	});

	it('retries crashed executions (n8n died while they ran) like failed ones', () => {
		expect(due([page([{ id: '60', status: 'crashed', ago: 2 }])])).toEqual(['60#1']);
	});

	it('reads every page: a retry listed on a later page hides its parent', () => {
		const pages = [
			page([{ id: '70', status: 'error', ago: 40 }], 'cursor-2'),
			page([{ id: '71', status: 'error', retryOf: '70', ago: 30 }], 'cursor-3'),
			page([{ id: '80', status: 'error', ago: 5 }]),
		];
		expect(due(pages)).toEqual(['71#2', '80#1']);
	});

	it('covers several workflows and takes the oldest first, maxRetriesPerSweep at a time', () => {
		const execs: Exec[] = [];
		for (let i = 0; i < 30; i++)
			execs.push({
				id: String(100 + i),
				status: 'error',
				ago: 10 + i,
				workflowId: i % 2 === 0 ? 'mdeAlertToSiem01' : 'mdeEmailRouting1',
			});
		const out = pick([page(execs)]);
		expect(out).toHaveLength(25);
		expect(out[0]).toMatchObject({
			executionId: '129',
			workflowId: 'mdeEmailRouting1',
			deferred: 5,
		});
		expect(out.map((j) => j.executionId)).toEqual(
			Array.from({ length: 25 }, (_, i) => String(129 - i)),
		);
		expect(new Set(out.map((j) => j.workflowId)).size).toBe(2);
	});

	it('lists failed, crashed and running executions of every workflow in Settings', () => {
		const settings = node('Settings').parameters.assignments as {
			assignments: Array<{ name: string; value: unknown }>;
		};
		const value = (name: string) => settings.assignments.find((a) => a.name === name)?.value;
		const ids = /^=\{\{(.*)\}\}$/s.exec(String(value('workflowIds')))?.[1] as string;
		const workflowIds = new Function(`return (${ids});`)() as string[];
		// The workflows whose failures it retries are the shipped examples that deliver alerts.
		expect(workflowIds).toEqual(
			['alert-to-siem.json', 'email-routing.json', 'soar-isolate-and-block.json'].map(
				(f) => read(f).id,
			),
		);
		expect(workflowIds).not.toContain(wf.id);
		for (const k of ['baseDelayMinutes', 'maxDelayMinutes', 'maxRetriesPerSweep'])
			expect(typeof value(k)).toBe('number');
		const out = runCodeNode(codeOf(wf, 'Listings'), {
			input: [{ json: { n8nApiUrl: 'http://127.0.0.1:5678/api/v1/', workflowIds: ['a', 'b'] } }],
		}).map((i) => `${String(i.json.api)} ${String(i.json.workflowId)} ${String(i.json.status)}`);
		expect(out).toEqual(
			['a', 'b'].flatMap((w) =>
				['error', 'crashed', 'running'].map((s) => `http://127.0.0.1:5678/api/v1 ${w} ${s}`),
			),
		);
	});

	it('calls the public API with the n8n API credential: paged listing, read, then retry', () => {
		const next = (name: string) => (wf.connections[name]?.main[0] ?? []).map((t) => t.node);
		const chain = ['Settings', 'Listings', 'List executions', 'Pick due chain heads'];
		expect(
			next(wf.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger')?.name as string),
		).toEqual(['Settings']);
		for (let i = 0; i + 1 < chain.length; i++) expect(next(chain[i])).toEqual([chain[i + 1]]);
		// Each due head is read with its data first (replay.test.ts), then retried or replayed.
		expect(next('Pick due chain heads')).toEqual(['Read execution']);
		expect(next('Read execution')).toEqual(['Retry or replay']);
		expect(next('Retry or replay')).toEqual(['Action']);
		expect(next('Action')).toEqual(['Retry execution']);
		const list = node('List executions');
		const retry = node('Retry execution');
		for (const n of [list, retry]) {
			expect(n.parameters).toMatchObject({
				authentication: 'predefinedCredentialType',
				nodeCredentialType: 'n8nApi',
			});
			expect(Object.keys(n.credentials ?? {})).toEqual(['n8nApi']);
		}
		expect(list.parameters.url).toBe('={{ $json.api }}/executions');
		expect(JSON.stringify(list.parameters.queryParameters)).toContain('{{ $json.status }}');
		expect(list.parameters.options).toMatchObject({
			pagination: {
				pagination: {
					parameters: {
						parameters: [{ type: 'qs', name: 'cursor', value: '={{ $response.body.nextCursor }}' }],
					},
					completeExpression: '={{ !$response.body.nextCursor }}',
				},
			},
		});
		expect(retry.parameters).toMatchObject({
			method: 'POST',
			jsonBody: '{ "loadWorkflow": true }',
		});
		expect(String(retry.parameters.url)).toMatch(
			/\/executions\/\{\{ \$json\.executionId \}\}\/retry$/,
		);
		// One refused retry (409) must not stop the sweep's other retries.
		expect(retry.parameters.options).toMatchObject({
			response: { response: { neverError: true } },
		});
	});
});
