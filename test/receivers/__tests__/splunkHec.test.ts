import { request as httpsRequest } from 'node:https';
import { gzipSync } from 'node:zlib';
import { tlsMaterial } from '../../sandbox/tls';
import { HecReceiver, startHecReceiver } from '../splunkHec';

interface Reply {
	status: number;
	json: Record<string, unknown>;
}

async function post(
	r: HecReceiver,
	path: string,
	body: string | Buffer,
	auth: string | null = `Splunk ${r.token}`,
	headers: Record<string, string> = {},
): Promise<Reply> {
	const res = await fetch(`${r.url}${path}`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			...(auth ? { Authorization: auth } : {}),
			...headers,
		},
		body,
	});
	const text = await res.text();
	return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

describe('Splunk HEC receiver', () => {
	let hec: HecReceiver;
	beforeEach(async () => {
		hec = await startHecReceiver({ allowedIndexes: ['mssp_contoso', 'main'] });
	});
	afterEach(() => hec.stop());

	it('accepts one event and answers Success code 0', async () => {
		const reply = await post(
			hec,
			'/services/collector/event',
			'{"event":{"id":"a1"},"sourcetype":"mde:alert"}',
		);
		expect(reply).toEqual({ status: 200, json: { text: 'Success', code: 0 } });
		expect(hec.events()).toEqual([{ event: { id: 'a1' }, sourcetype: 'mde:alert' }]);
		expect(hec.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	});

	it('accepts concatenated envelopes on /services/collector, with and without newlines', async () => {
		const body =
			'{"event":"x}{","index":"main"}{"event":{"n":2}}\n{"time":1593508091.108,"event":{"n":3}}';
		expect((await post(hec, '/services/collector', body)).json).toEqual({
			text: 'Success',
			code: 0,
		});
		expect(hec.events().map((e) => e.event)).toEqual(['x}{', { n: 2 }, { n: 3 }]);
	});

	it('rejects a JSON array and broken JSON as Invalid data format with the event number', async () => {
		const arr = await post(hec, '/services/collector/event', '[{"event":1}]');
		expect(arr).toEqual({
			status: 400,
			json: { text: 'Invalid data format', code: 6, 'invalid-event-number': 0 },
		});
		const broken = await post(hec, '/services/collector/event', '{"event":1}{"event":');
		expect(broken.json).toEqual({
			text: 'Invalid data format',
			code: 6,
			'invalid-event-number': 1,
		});
		expect(hec.events()).toEqual([]);
	});

	it('answers the documented per-event errors and stores nothing of a rejected batch', async () => {
		const noEvent = await post(hec, '/services/collector/event', '{"event":1}{"host":"h"}');
		expect(noEvent).toEqual({
			status: 400,
			json: { text: 'Event field is required', code: 12, 'invalid-event-number': 1 },
		});
		const blank = await post(hec, '/services/collector/event', '{"event":"  "}');
		expect(blank.json).toMatchObject({ text: 'Event field cannot be blank', code: 13 });
		const index = await post(hec, '/services/collector/event', '{"event":1,"index":"other"}');
		expect(index).toMatchObject({ status: 400, json: { text: 'Incorrect index', code: 7 } });
		const fields = await post(
			hec,
			'/services/collector/event',
			'{"event":1,"fields":{"a":{"b":1}}}',
		);
		expect(fields.json).toMatchObject({ code: 15 });
		expect(await post(hec, '/services/collector/event', '  ')).toEqual({
			status: 400,
			json: { text: 'No data', code: 5 },
		});
		expect(hec.events()).toEqual([]);
	});

	it('checks the Authorization header like Splunk', async () => {
		const body = '{"event":1}';
		expect(await post(hec, '/services/collector/event', body, null)).toEqual({
			status: 401,
			json: { text: 'Token is required', code: 2 },
		});
		expect(await post(hec, '/services/collector/event', body, `Bearer ${hec.token}`)).toEqual({
			status: 401,
			json: { text: 'Invalid authorization', code: 3 },
		});
		expect(await post(hec, '/services/collector/event', body, 'Splunk nope')).toEqual({
			status: 403,
			json: { text: 'Invalid token', code: 4 },
		});
		expect(hec.events()).toEqual([]);
		expect(hec.requests().map((r) => r.status)).toEqual([401, 401, 403]);
	});

	it('injects faults for the next N requests, then recovers', async () => {
		hec.failNext(2);
		hec.failNext(1, { code: 8 });
		const replies = [];
		for (let i = 0; i < 4; i++)
			replies.push(await post(hec, '/services/collector/event', `{"event":${i}}`));
		expect(replies.map((r) => [r.status, r.json.code])).toEqual([
			[503, 9],
			[503, 9],
			[500, 8],
			[200, 0],
		]);
		expect(replies[0].json.text).toBe('Server is busy');
		expect(hec.events()).toEqual([{ event: 3 }]);
	});

	it('refuses every request during an outage, accepts again after it', async () => {
		hec.outage({ code: 9 });
		const during = [];
		for (let i = 0; i < 3; i++)
			during.push((await post(hec, '/services/collector/event', `{"event":${i}}`)).status);
		expect(during).toEqual([503, 503, 503]);
		hec.outage(null);
		expect((await post(hec, '/services/collector/event', '{"event":9}')).status).toBe(200);
		expect(hec.events()).toEqual([{ event: 9 }]);
	});

	it('holds requests while held: one whose sender died is dropped, one that waited is indexed', async () => {
		hec.hold(400);
		const aborted = new AbortController();
		const dying = fetch(`${hec.url}/services/collector/event`, {
			method: 'POST',
			headers: { Authorization: `Splunk ${hec.token}` },
			body: '{"event":"sender killed"}',
			signal: aborted.signal,
		}).catch(() => 'aborted');
		const waiting = post(hec, '/services/collector/event', '{"event":"waited"}');
		for (let i = 0; i < 50 && hec.inFlight() < 2; i++) await new Promise((r) => setTimeout(r, 10));
		expect(hec.inFlight()).toBe(2);
		aborted.abort();
		expect(await dying).toBe('aborted');
		expect((await waiting).status).toBe(200);
		await new Promise((r) => setTimeout(r, 50));
		expect(hec.inFlight()).toBe(0);
		expect(hec.events()).toEqual([{ event: 'waited' }]);
		expect(
			hec
				.requests()
				.map((r) => r.status)
				.sort(),
		).toEqual([0, 200]);
		// hold(null) holds what arrives next no more.
		hec.hold(null);
		expect((await post(hec, '/services/collector/event', '{"event":1}')).status).toBe(200);
	});

	it('can drop the connection instead of answering', async () => {
		hec.failNext(1, { reset: true });
		await expect(post(hec, '/services/collector/event', '{"event":1}')).rejects.toThrow();
		expect((await post(hec, '/services/collector/event', '{"event":2}')).status).toBe(200);
		expect(hec.events()).toEqual([{ event: 2 }]);
	});

	it('takes raw lines on /services/collector/raw (auth) and plain CEF lines on /events (no auth)', async () => {
		const cef = 'CEF:0|Microsoft|Microsoft Defender for Endpoint|1.0|X|Suspicious|7|src=10.0.0.1';
		expect(
			(await post(hec, '/services/collector/raw?sourcetype=cef', `${cef}\n${cef}\n`)).json,
		).toEqual({ text: 'Success', code: 0 });
		expect((await post(hec, '/services/collector/raw', cef, null)).status).toBe(401);
		expect((await post(hec, '/events', `${cef}\r\n\r\nCEF:0|second`, null)).status).toBe(200);
		expect(hec.rawLines()).toEqual([cef, cef, cef, 'CEF:0|second']);
		expect(hec.rawRecords()[0]).toEqual({
			endpoint: 'hec-raw',
			line: cef,
			query: { sourcetype: 'cef' },
		});
		expect(hec.rawRecords()[2].endpoint).toBe('events');
	});

	it('reads gzip bodies and reports health', async () => {
		const gz = gzipSync('{"event":"zipped"}');
		expect(
			(await post(hec, '/services/collector/event', gz, undefined, { 'Content-Encoding': 'gzip' }))
				.status,
		).toBe(200);
		expect(hec.events()).toEqual([{ event: 'zipped' }]);
		const health = await fetch(`${hec.url}/services/collector/health`);
		expect(await health.json()).toEqual({ text: 'HEC is healthy', code: 17 });
	});

	it('serves HTTPS with a given key pair', async () => {
		const tls = tlsMaterial();
		const secure = await startHecReceiver({ tls: { key: tls.keyPem, cert: tls.certPem } });
		try {
			expect(secure.url).toMatch(/^https:/);
			const status = await new Promise<number>((resolve, reject) => {
				const req = httpsRequest(
					`${secure.url}/services/collector/event`,
					{ method: 'POST', ca: tls.caPem, headers: { Authorization: `Splunk ${secure.token}` } },
					(res) => {
						res.resume();
						resolve(res.statusCode ?? 0);
					},
				);
				req.on('error', reject);
				req.end('{"event":"tls"}');
			});
			expect(status).toBe(200);
			expect(secure.events()).toEqual([{ event: 'tls' }]);
		} finally {
			await secure.stop();
		}
	});
});
