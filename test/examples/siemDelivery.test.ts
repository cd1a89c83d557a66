/**
 * The alert-to-SIEM example's delivery path (examples/alert-to-siem.json): two Alert Triggers, one
 * per destination; a reply the SIEM will never accept goes to the dead letter, one it may accept
 * later fails the execution at a node that POSTs (so n8n's retry re-sends it); the manual backfill
 * stays manual. The Switch conditions and the batching Code node are run, not just read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { codeOf, runCodeNode } from './codeNode';

interface Node {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	onError?: string;
	continueOnFail?: boolean;
	retryOnFail?: boolean;
}
interface Workflow {
	nodes: Node[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}

const wf = JSON.parse(
	readFileSync(join(__dirname, '..', '..', 'examples', 'alert-to-siem.json'), 'utf8'),
) as Workflow;
const node = (name: string) => {
	const n = wf.nodes.find((x) => x.name === name);
	if (!n) throw new Error(`no node "${name}"`);
	return n;
};
const targets = (name: string, output = 0) =>
	(wf.connections[name]?.main[output] ?? []).map((t) => t.node).sort();

/** Which Switch output (0 Accepted, 1 Refused, 2 the fallback) an HTTP reply takes. */
function route(switchName: string, statusCode: number): number {
	const rules = (node(switchName).parameters.rules as { values: unknown[] }).values as Array<{
		conditions: { conditions: Array<{ leftValue: string; operator: { operation: string } }> };
	}>;
	for (const [i, rule] of rules.entries()) {
		const [c] = rule.conditions.conditions;
		expect(c.operator.operation).toBe('true');
		const expr = /^=\{\{(.*)\}\}$/s.exec(c.leftValue)?.[1] as string;
		const holds = new Function('$json', `return (${expr});`)({ statusCode }) as boolean;
		if (holds) return i;
	}
	return rules.length;
}

const BRANCHES = [
	{
		trigger: 'New alert (Splunk HEC)',
		output: 'splunkHec',
		batch: 'Batch HEC envelopes',
		post: 'POST to Splunk HEC',
		answer: 'HEC answer',
		again: 'Send again or fail (HEC)',
		dead: 'Dead letter (HEC)',
		backfill: 'Backfill 10 minutes (HEC)',
	},
	{
		trigger: 'New alert (CEF)',
		output: 'cef',
		batch: 'Join CEF lines',
		post: 'POST CEF lines',
		answer: 'CEF answer',
		again: 'Send again or fail (CEF)',
		dead: 'Dead letter (CEF)',
		backfill: 'Backfill 10 minutes (CEF)',
	},
];

describe('alert-to-siem.json delivery', () => {
	it('polls with one Alert Trigger per destination and has no schedule with a look-back', () => {
		expect(wf.nodes.filter((n) => n.type === 'n8n-nodes-base.scheduleTrigger')).toEqual([]);
		const triggers = wf.nodes.filter(
			(n) => n.type === 'n8n-nodes-defender-mssp.defenderAlertTrigger',
		);
		expect(triggers.map((t) => t.name).sort()).toEqual(BRANCHES.map((b) => b.trigger).sort());
		for (const b of BRANCHES) {
			expect(node(b.trigger).parameters).toMatchObject({ output: b.output, tenantScope: 'all' });
			expect(targets(b.trigger)).toEqual([b.batch]);
		}
	});

	it('keeps the 10-minute backfill behind the Manual Trigger only', () => {
		const manual = wf.nodes.filter((n) => n.type === 'n8n-nodes-base.manualTrigger');
		expect(manual).toHaveLength(1);
		// `n8n execute --id` starts at the first trigger in node order (n8n-workflow getStartNode):
		// were it an Alert Trigger, it would pass one empty item through instead of fetching.
		expect(wf.nodes.find((n) => /Trigger$/i.test(n.type))?.name).toBe(manual[0].name);
		expect(targets(manual[0].name)).toEqual(BRANCHES.map((b) => b.backfill).sort());
		const windows = wf.nodes.filter((n) => JSON.stringify(n.parameters).includes('"relative"'));
		expect(windows.map((n) => n.name).sort()).toEqual(BRANCHES.map((b) => b.backfill).sort());
		for (const b of BRANCHES) {
			expect(node(b.backfill).parameters.output).toBe(b.output);
			expect(targets(b.backfill)).toEqual([b.batch]);
		}
	});

	it.each(BRANCHES)('$post: a reply never errors, a connection failure fails the run', (b) => {
		const post = node(b.post);
		expect(post.parameters.options).toMatchObject({
			response: { response: { fullResponse: true, neverError: true } },
		});
		// No error output and no continue: a thrown error (connection refused) fails the execution
		// at this node, which n8n's retry re-runs.
		expect(post.onError).toBeUndefined();
		expect(post.continueOnFail).toBeUndefined();
		expect(targets(b.batch)).toEqual([b.post]);
		expect(targets(b.post)).toEqual([b.answer]);
	});

	it.each(BRANCHES)(
		'$answer: accepted ends, refused is dead-lettered, unavailable is sent again',
		(b) => {
			expect(targets(b.answer, 0)).toEqual([]);
			expect(targets(b.answer, 1)).toEqual([b.dead]);
			expect(targets(b.answer, 2)).toEqual([b.again]);
			expect(node(b.answer).parameters.options).toMatchObject({ fallbackOutput: 'extra' });
			for (const code of [200, 201, 204]) expect(route(b.answer, code)).toBe(0);
			// HEC code 6 (invalid data), 7 (incorrect index), 2–4 (token): sending again never helps.
			for (const code of [400, 401, 403, 404, 413]) expect(route(b.answer, code)).toBe(1);
			// HEC code 9 (busy), 8 (internal), 18–20 (unhealthy); timeouts and rate limits.
			for (const code of [408, 429, 500, 502, 503, 504]) expect(route(b.answer, code)).toBe(2);
		},
	);

	it.each(BRANCHES)('$again fails the execution at a node that POSTs the same batch', (b) => {
		const again = node(b.again);
		const first = node(b.post);
		expect(again.type).toBe('n8n-nodes-base.httpRequest');
		expect(again.parameters.url).toBe(first.parameters.url);
		expect(again.parameters.headerParameters).toEqual(first.parameters.headerParameters);
		expect(again.parameters.body).toBe(`={{ $('${b.batch}').item.json.body }}`);
		expect(JSON.stringify(again.parameters.options)).not.toContain('neverError');
		expect(again.onError).toBeUndefined();
		expect(again.continueOnFail).toBeUndefined();
		expect(targets(b.again)).toEqual([]);
		expect(node(b.dead).type).toBe('n8n-nodes-base.set');
	});

	it('batches a poll into one request that lists the eventIds it carries', () => {
		const envelope = (i: number) => ({ event: { id: `a${i}` }, fields: { event_id: `t:a${i}:v` } });
		const input = [
			...[1, 2, 3].map((i) => ({
				json: { id: `a${i}`, eventId: `t:a${i}:v`, formatted: envelope(i) },
			})),
			{ json: { tenantId: 't2', error: 'consent missing' } },
		];
		const [batch, ...rest] = runCodeNode(codeOf(wf, 'Batch HEC envelopes'), { input });
		expect(rest).toEqual([]);
		expect(batch.json).toMatchObject({
			count: 3,
			tenantErrors: 1,
			eventIds: ['t:a1:v', 't:a2:v', 't:a3:v'],
		});
		expect(batch.json.body).toBe([1, 2, 3].map((i) => JSON.stringify(envelope(i))).join('\n'));
		const cef = runCodeNode(codeOf(wf, 'Join CEF lines'), {
			input: [{ json: { id: 'a1', eventId: 't:a1:v', formatted: 'CEF:0|x' } }],
		});
		expect(cef).toEqual([
			{ json: expect.objectContaining({ count: 1, eventIds: ['t:a1:v'], body: 'CEF:0|x' }) },
		]);
	});
});
