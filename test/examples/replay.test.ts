/**
 * The redelivery sweep's replay of executions n8n cannot retry (examples/siem-redelivery.json) and
 * the replay entry point of the alert-to-SIEM example (examples/alert-to-siem.json). In queue
 * mode a worker killed mid-run leaves an execution stored as `error` with an empty runData
 * (n8n 2.41 dist/workflow-runner.js processError): the sweep reads each due head with its data
 * (GET /api/v1/executions/{id}?includeData=true, which returns `data` unflattened), replays the
 * window its poll read through the workflow's webhook and deletes it once the replay delivered.
 * The Code nodes and Switch conditions are run, not just read.
 */
import {
	codeOf,
	decide,
	EMPTY_RUN,
	FAILED_AT_POST,
	heads,
	iso,
	listed,
	nodeOf,
	REPLAY_URL,
	runCodeNode,
	siem,
	stored,
	sweep,
	targets,
} from './sweepFixtures';

describe('siem-redelivery.json: executions n8n cannot retry are replayed', () => {
	it('gives each due head its chain (head first) and the chain root', () => {
		const [only] = heads([
			listed('10', 30),
			listed('11', 20, { retryOf: '10', mode: 'retry' }),
			// Its parent was pruned: the chain ends at 21.
			listed('21', 40, { retryOf: '20', mode: 'retry' }),
		]).filter((i) => i.json.executionId === '11');
		expect(only.json).toMatchObject({
			chain: ['11', '10'],
			root: { id: '10', mode: 'trigger', startedAt: iso(30), stoppedAt: iso(28.5) },
		});
		const orphan = heads([listed('21', 40, { retryOf: '20', mode: 'retry' })])[0].json;
		expect(orphan).toMatchObject({ chain: ['21'], root: { id: '21' }, attempt: 2 });
	});

	it('retries an execution that has run data, replays one that has none', () => {
		const due = heads([listed('30', 10), listed('31', 9)]);
		const out = decide(due, [stored(FAILED_AT_POST), stored(EMPTY_RUN)]);
		expect(out.map((j) => `${String(j.executionId)}:${String(j.action)}`)).toEqual([
			'30:retry',
			'31:replay',
		]);
		// From the lost poll's start minus the margin (poll interval + overlap + slack) to its end.
		expect(out[1]).toMatchObject({ replayUrl: REPLAY_URL, from: iso(9 + 8), to: iso(7.5) });
	});

	it('replays the overlapping windows of one workflow once, and apart windows apart', () => {
		// A killed worker loses one execution per trigger of the same poll, seconds apart.
		const due = heads([listed('80', 10), listed('81', 9.9), listed('82', 40)]);
		const out = decide(due, [stored(EMPTY_RUN), stored(EMPTY_RUN), stored(EMPTY_RUN)]);
		expect(out.map((j) => [j.action, j.lostExecutionIds, j.chain, j.from, j.to])).toEqual([
			['replay', ['82'], ['82'], iso(48), iso(38.5)],
			['replay', ['80', '81'], ['80', '81'], iso(18), iso(8.4)],
		]);
		const chained = runCodeNode(codeOf(sweep, 'Replayed chain'), {
			input: [200, 200].map((statusCode) => ({ json: { statusCode } })),
			nodes: { 'Retry or replay': out.map((json) => ({ json })) },
		}).map((i) => i.json.executionId);
		expect(chained).toEqual(['82', '80', '81']);
	});

	it('replays a lost chain (the old sweep retried it, failing at once) from its root', () => {
		const due = heads([listed('40', 20), listed('41', 15, { retryOf: '40', mode: 'retry' })]);
		const [out] = decide(due, [stored(EMPTY_RUN)]);
		expect(out).toMatchObject({ action: 'replay', executionId: '41', chain: ['41', '40'] });
		expect(out.from).toBe(iso(20 + 8));
		expect(out.to).toBe(iso(18.5));
	});

	it('ends the window at least a minute after the start when n8n stored no stop', () => {
		const due = heads([listed('45', 10, { stoppedAt: null as unknown as string })]);
		const [out] = decide(due, [stored(EMPTY_RUN)]);
		expect(out).toMatchObject({ action: 'replay', from: iso(18), to: iso(9) });
	});

	it('replays a crashed execution whose run data n8n rebuilt from its event log', () => {
		// execution-recovery.service.js amend: each node that ran gets ARTIFICIAL_TASK_DATA.
		const placeholder = [
			{ data: { main: [[{ json: { isArtificialRecoveredEventItem: true } }]] } },
		];
		const recovered = {
			'New alert (Splunk HEC)': placeholder,
			'Batch HEC envelopes': placeholder,
			'POST to Splunk HEC': [{ executionStatus: 'crashed', error: { message: 'crashed' } }],
		};
		const due = heads([listed('46', 10, { status: 'crashed' })]);
		expect(decide(due, [stored(recovered)])[0]).toMatchObject({ action: 'replay' });
		const real = { 'New alert (Splunk HEC)': [{ data: { main: [[{ json: { id: 'a1' } }]] } }] };
		expect(decide(due, [stored(real)])[0]).toMatchObject({ action: 'retry' });
	});

	it('retries unless the read proves the data lost', () => {
		const due = heads(['50', '51', '52', '53'].map((id) => listed(id, 10)));
		const out = decide(due, [
			{ json: { statusCode: 404, body: { message: 'Not Found' } } },
			stored(EMPTY_RUN, { dataTooLargeToDisplay: true }),
			// No data row at all: n8n's retry answers 409, reported in Retried.
			stored(null),
			// A body the HTTP node left unparsed proves nothing.
			{ json: { statusCode: 200, body: '{"data":{"resultData":{"runData":{}}}}' } },
		]);
		expect(out.map((j) => j.action)).toEqual(['retry', 'retry', 'retry', 'retry']);
	});

	it('reports a lost execution of a workflow without a replay entry point', () => {
		const due = heads([listed('60', 10, { workflowId: 'mdeEmailRouting1' })]);
		const [out] = decide(due, [stored(EMPTY_RUN)]);
		expect(out).toMatchObject({ action: 'cannot replay', executionId: '60' });
		expect(String(out.reason)).toContain('mdeEmailRouting1');
	});

	it('discards a replay that was lost itself: its original is still listed', () => {
		const due = heads([listed('70', 10, { mode: 'webhook' })]);
		expect(decide(due, [stored(EMPTY_RUN)])).toEqual([
			expect.objectContaining({ action: 'discard', executionId: '70' }),
		]);
	});

	it('routes each action to its node', () => {
		const rules = (nodeOf(sweep, 'Action').parameters.rules as { values: unknown[] })
			.values as Array<{ conditions: { conditions: Array<{ leftValue: string }> } }>;
		const route = (action: string) => {
			for (const [i, r] of rules.entries()) {
				const expr = /^=\{\{(.*)\}\}$/s.exec(r.conditions.conditions[0].leftValue)?.[1] as string;
				if (new Function('$json', `return (${expr});`)({ action }) === true) return i;
			}
			return rules.length;
		};
		const routed = ['retry', 'replay', 'discard', 'cannot replay'].map(route);
		expect(routed).toEqual([0, 1, 2, 3]);
		expect(nodeOf(sweep, 'Action').parameters.options).toMatchObject({ fallbackOutput: 'extra' });
		expect([0, 1, 2, 3].map((o) => targets(sweep, 'Action', o))).toEqual([
			['Retry execution'],
			['Replay the window'],
			['Delete replayed execution'],
			['Cannot replay'],
		]);
	});

	it('deletes the lost chain, head first, only when the replay answered 2xx', () => {
		const due = heads([listed('40', 20), listed('41', 15, { retryOf: '40', mode: 'retry' })]);
		const replays = decide(due, [stored(EMPTY_RUN)]).map((json) => ({ json }));
		const chained = (statusCode: number) =>
			runCodeNode(codeOf(sweep, 'Replayed chain'), {
				input: [{ json: { statusCode, body: {} } }],
				nodes: { 'Retry or replay': replays },
			}).map((i) => i.json);
		expect(chained(200).map((j) => j.executionId)).toEqual(['41', '40']);
		// The webhook answers 500 when the replay's own delivery failed: keep it for the next sweep.
		for (const code of [500, 404, 0]) expect(chained(code)).toEqual([]);
	});

	it('reads, replays and deletes through the API and the webhook with their credentials', () => {
		const readNode = nodeOf(sweep, 'Read execution');
		expect(readNode.parameters).toMatchObject({ method: 'GET', nodeCredentialType: 'n8nApi' });
		expect(String(readNode.parameters.url)).toMatch(/\/executions\/\{\{ \$json\.executionId \}\}$/);
		expect(JSON.stringify(readNode.parameters.queryParameters)).toContain('"includeData"');
		const del = nodeOf(sweep, 'Delete replayed execution');
		expect(del.parameters).toMatchObject({
			method: 'DELETE',
			nodeCredentialType: 'n8nApi',
			// One at a time, in the order given (head first): a crash mid-way keeps the root.
			options: { batching: { batch: { batchSize: 1 } } },
		});
		expect(targets(sweep, 'Replay the window')).toEqual(['Replayed chain']);
		expect(targets(sweep, 'Replayed chain')).toEqual(['Delete replayed execution']);
		const replay = nodeOf(sweep, 'Replay the window');
		const hook = nodeOf(siem, 'Replay window');
		expect(replay.parameters).toMatchObject({
			method: 'POST',
			url: '={{ $json.replayUrl }}',
			genericAuthType: 'httpHeaderAuth',
			options: { response: { response: { fullResponse: true, neverError: true } } },
		});
		expect(String(replay.parameters.jsonBody)).toContain('from: $json.from, to: $json.to');
		expect(String(replay.parameters.jsonBody)).toContain(
			'lostExecutionIds: $json.lostExecutionIds',
		);
		// One Header Auth credential shared by the caller and the webhook.
		expect(replay.credentials?.httpHeaderAuth).toEqual(hook.credentials?.httpHeaderAuth);
		const settings = JSON.stringify(nodeOf(sweep, 'Settings').parameters);
		expect(settings).toContain(
			`${siem.id}: 'http://localhost:5678/webhook/${String(hook.parameters.path)}'`,
		);
		expect(settings).toContain('"replayMarginMinutes","value":8');
	});
});

describe('alert-to-siem.json: the replay entry point', () => {
	it('answers when delivery ended, behind header auth', () => {
		const hook = nodeOf(siem, 'Replay window');
		expect(hook.type).toBe('n8n-nodes-base.webhook');
		expect(hook.parameters).toMatchObject({
			httpMethod: 'POST',
			authentication: 'headerAuth',
			responseMode: 'lastNode',
		});
		// `n8n execute --id` still starts at the manual backfill, the first trigger in node order.
		const first = siem.nodes.find((n) => /Trigger$|webhook$/i.test(n.type));
		expect(first?.type).toBe('n8n-nodes-base.manualTrigger');
	});

	it.each([
		['Fetch the window (HEC)', 'splunkHec', 'Batch HEC envelopes'],
		['Fetch the window (CEF)', 'cef', 'Join CEF lines'],
	])('%s lists the window by Last Update Time into %s delivery', (name, output, batch) => {
		expect(targets(siem, 'Replay window')).toContain(name);
		const fetch = nodeOf(siem, name);
		expect(fetch.type).toBe('n8n-nodes-defender-mssp.defenderFetchAlerts');
		expect(fetch.parameters).toMatchObject({
			operation: 'getAll',
			tenantScope: 'all',
			returnAll: true,
			output,
			filters: {
				timeWindow: {
					window: {
						field: 'lastUpdateTime',
						mode: 'absolute',
						from: '={{ $json.body.from }}',
						to: '={{ $json.body.to }}',
					},
				},
			},
		});
		expect(targets(siem, name)).toEqual([batch]);
	});
});
