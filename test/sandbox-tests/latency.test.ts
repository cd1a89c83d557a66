/**
 * Slow but successful answers: the `latency` fault (next N matching requests) and the standing
 * latency (`setLatency`, every matching request until cleared), in process and over HTTP.
 */
import { clientCredentials, HttpResult, SandboxControlClient } from '../sandbox/client';
import { startSandbox, Sandbox } from '../sandbox/server';
import { appToken, bearer, http } from './helpers';

let sb: Sandbox;
let req: ReturnType<typeof http>;
let fab: string;
let tok: string;
beforeAll(async () => {
	sb = await startSandbox();
	req = http(sb);
	fab = sb.tenants.fabrikam.id;
});
afterAll(async () => {
	await sb.stop();
});
beforeEach(async () => {
	await sb.control.reset();
	await sb.control.seedAlerts(fab, { count: 5, seed: 11 });
	tok = await appToken(sb, fab);
});

/** The request and how long it took in real time. */
async function timed(call: () => Promise<HttpResult>): Promise<{ r: HttpResult; ms: number }> {
	const started = Date.now();
	const r = await call();
	return { r, ms: Date.now() - started };
}
const list = (t = tok) => req('GET', '/api/alerts?$top=3', { headers: bearer(t) });
/** Headers that differ between any two answers (ids, time, connection handling). */
const VARYING = [
	'request-id',
	'x-ms-request-id',
	'client-request-id',
	'date',
	'connection',
	'keep-alive',
];
const stable = (r: HttpResult) =>
	Object.fromEntries(Object.entries(r.headers).filter(([k]) => !VARYING.includes(k)));
/** The request log entry of the answer `r` (by its request-id; logged on 'finish', which may trail the client by a tick). */
async function logged(r: HttpResult) {
	for (let i = 0; i < 20; i++) {
		const e = (await sb.control.requests()).find((x) => x.id === r.headers['request-id']);
		if (e) return e;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	throw new Error(`request ${r.headers['request-id']} is not in the sandbox's request log`);
}

describe('latency fault', () => {
	test('the next N matching requests get their normal answer (status, headers, body), after latencyMs', async () => {
		const normal = await list();
		expect(normal.status).toBe(200);
		const f = await sb.control.addFault({
			kind: 'latency',
			latencyMs: 400,
			count: 2,
			pathPrefix: '/api/alerts',
			method: 'GET',
		});
		expect(f.spec.latencyMs).toBe(400);
		for (let i = 0; i < 2; i++) {
			const { r, ms } = await timed(() => list());
			expect(ms).toBeGreaterThanOrEqual(395);
			expect(r.status).toBe(normal.status);
			expect(r.json).toEqual(normal.json);
			expect(stable(r)).toEqual(stable(normal));
			expect(await logged(r)).toMatchObject({ status: 200, fault: 'latency', latencyMs: 400 });
		}
		const after = await list();
		expect(after.status).toBe(200);
		expect((await logged(after))?.latencyMs).toBeUndefined();
		expect((await sb.control.faults())[0]).toMatchObject({
			kind: 'latency',
			remaining: 0,
			served: 2,
		});
		const c = await sb.control.counters();
		expect(c.faultsServed).toBe(2);
		expect(c.latencyDelayed).toBe(2);
	});

	test('tenant and method filters; latencyMs is required', async () => {
		const nw = sb.tenants.northwind.id;
		await sb.control.addFault({
			kind: 'latency',
			latencyMs: 300,
			tenantId: sb.tenants.northwind.domain,
			method: 'GET',
			pathPrefix: '/api',
		});
		const fabR = await list();
		expect((await logged(fabR))?.latencyMs).toBeUndefined();
		const { r, ms } = await timed(async () => list(await appToken(sb, nw)));
		expect(r.status).toBe(200);
		expect(ms).toBeGreaterThanOrEqual(295);
		expect(await logged(r)).toMatchObject({ tenantId: nw, latencyMs: 300 });
		await expect(sb.control.addFault({ kind: 'latency' })).rejects.toThrow(/latencyMs/);
		await expect(sb.control.addFault({ kind: 'latency', latencyMs: -1 })).rejects.toThrow(
			/latencyMs/,
		);
	});
});

describe('standing latency', () => {
	test('over HTTP: every matching request waits until cleared; Date is the moment of the answer; counted', async () => {
		const c = new SandboxControlClient(sb.origin, sb.caPath);
		const set = await c.setLatency({
			latencyMs: 1100,
			pathPrefix: '/api',
			tenantId: sb.tenants.fabrikam.domain,
		});
		expect(set).toEqual({ latencyMs: 1100, pathPrefix: '/api', tenantId: fab });
		expect(await c.latency()).toEqual(set);
		for (let i = 0; i < 2; i++) {
			const before = sb.clock.now();
			const { r, ms } = await timed(() => list());
			expect(r.status).toBe(200);
			expect(r.json.value).toHaveLength(3);
			expect(ms).toBeGreaterThanOrEqual(1095);
			// Stamped after the wait: at least the second in which the wait ended, not the arrival's.
			expect(Date.parse(String(r.headers.date))).toBeGreaterThanOrEqual(
				Math.floor((before + 1100) / 1000) * 1000,
			);
			expect((await logged(r))?.latencyMs).toBe(1100);
		}
		const token = await clientCredentials(
			sb.origin,
			sb.caPem,
			fab,
			sb.credentials.clientId,
			sb.credentials.clientSecret,
		);
		expect((await logged(token))?.latencyMs).toBeUndefined();
		const other = await list(await appToken(sb, sb.tenants.northwind.id));
		expect((await logged(other))?.latencyMs).toBeUndefined();
		expect(await c.counters()).toMatchObject({ latencyDelayed: 2, faultsServed: 0 });

		expect(await c.setLatency(null)).toBeNull();
		expect(await c.latency()).toBeNull();
		expect((await logged(await list()))?.latencyMs).toBeUndefined();
		await expect(c.setLatency({} as never)).rejects.toMatchObject({ status: 400 });
		await c.setLatency({ latencyMs: 50 });
		await c.reset();
		expect(await c.latency()).toBeNull();
	});

	test('in process, on the token endpoint; a latency fault on top: the slower of the two wins', async () => {
		await sb.control.setLatency({
			latencyMs: 300,
			pathPrefix: '/oauth2/v2.0/token',
			tenantId: fab,
		});
		await sb.control.addFault({
			kind: 'latency',
			latencyMs: 600,
			pathPrefix: '/oauth2/v2.0/token',
		});
		const cc = () =>
			clientCredentials(
				sb.origin,
				sb.caPem,
				fab,
				sb.credentials.clientId,
				sb.credentials.clientSecret,
			);
		const first = await timed(cc);
		expect(first.r.status).toBe(200);
		expect(first.r.json.access_token).toEqual(expect.any(String));
		expect(first.ms).toBeGreaterThanOrEqual(595);
		expect(await logged(first.r)).toMatchObject({ fault: 'latency', latencyMs: 600 });
		const second = await timed(cc);
		expect(second.r.status).toBe(200);
		expect(second.ms).toBeGreaterThanOrEqual(295);
		expect(await logged(second.r)).toMatchObject({ latencyMs: 300 });
		expect((await logged(second.r))?.fault).toBeUndefined();
		expect(await sb.control.counters()).toMatchObject({ latencyDelayed: 2, faultsServed: 1 });
	});
});
