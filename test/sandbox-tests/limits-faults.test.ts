/** Rate limits (429 + Retry-After on the sandbox clock, per app+tenant), counters, and every fault kind. */
import { clientCredentials, SandboxControlClient } from '../sandbox/client';
import { startSandbox, Sandbox } from '../sandbox/server';
import { aadCode, apiCode, appToken, bearer, http } from './helpers';

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
	tok = await appToken(sb, fab);
});
const list = (t = tok) => req('GET', '/api/alerts?$top=1', { headers: bearer(t) });

describe('rate limits', () => {
	test('documented defaults', async () => {
		expect(await sb.control.rateLimits()).toMatchObject({
			alerts: [
				{ limit: 100, windowMs: 60_000 },
				{ limit: 1500, windowMs: 3_600_000 },
			],
			alertsBatchUpdate: [
				{ limit: 10, windowMs: 60_000 },
				{ limit: 500, windowMs: 3_600_000 },
			],
		});
	});

	test('batch update: 11th call in a minute → 429 with Retry-After and the "in N seconds" message', async () => {
		for (let i = 0; i < 10; i++) {
			const r = await req('POST', '/api/alerts/batchUpdate', {
				headers: bearer(tok),
				json: { alertIds: [], status: 'Resolved' },
			});
			expect(r.status).not.toBe(429);
		}
		const r = await req('POST', '/api/alerts/batchUpdate', {
			headers: bearer(tok),
			json: { alertIds: [], status: 'Resolved' },
		});
		expect(r.status).toBe(429);
		expect(apiCode(r)).toBe('TooManyRequests');
		const retry = Number(r.headers['retry-after']);
		expect(retry).toBeGreaterThan(0);
		expect(retry).toBeLessThanOrEqual(60);
		expect(r.json.error.message).toMatch(
			new RegExp(`You can send requests again in ${retry} seconds`),
		);
	});

	test('lowered limit: honouring Retry-After (sandbox clock) gets through; quota is per tenant; counters', async () => {
		await sb.control.setRateLimits({
			alerts: [
				{ limit: 3, windowMs: 60_000 },
				{ limit: 5, windowMs: 3_600_000 },
			],
		});
		for (let i = 0; i < 3; i++) expect((await list()).status).toBe(200);
		const r = await list();
		expect(r.status).toBe(429);
		const retry = Number(r.headers['retry-after']);
		expect((await list(await appToken(sb, sb.tenants.northwind.id))).status).toBe(200);
		expect((await list()).status).toBe(429);
		await sb.control.advanceClock(retry * 1000);
		expect((await list()).status).toBe(200);
		expect((await list()).status).toBe(200);
		const hourly = await list();
		expect(hourly.status).toBe(429);
		expect(Number(hourly.headers['retry-after'])).toBeGreaterThan(60);
		const c = await sb.control.counters();
		expect(c.api[fab].alerts).toEqual({ calls: 8, throttled: 3 });
		expect(c.api[sb.tenants.northwind.id].alerts).toEqual({ calls: 1, throttled: 0 });
		expect(c.throttledTotal).toBe(3);
	});
});

describe('faults', () => {
	test('after: n lets n matching requests that no other fault serves through first', async () => {
		await sb.control.addFault({ kind: '500', pathPrefix: '/api/alerts', after: 2, count: 1 });
		await sb.control.addFault({ kind: '503', pathPrefix: '/api/alerts', count: 1 });
		// The 503 serves the first request: it does not count towards the 500's `after`.
		expect((await list()).status).toBe(503);
		expect((await list()).status).toBe(200);
		expect((await list()).status).toBe(200);
		expect((await list()).status).toBe(500);
		expect((await list()).status).toBe(200);
		await expect(sb.control.addFault({ kind: '500', after: -1 })).rejects.toThrow(/after/);
	});

	test('429 and 503 with Retry-After, 500, for the next N matching requests only', async () => {
		await sb.control.addFault({
			kind: '429',
			pathPrefix: '/api/alerts',
			count: 2,
			retryAfterSeconds: 7,
		});
		for (let i = 0; i < 2; i++) {
			const r = await list();
			expect(r.status).toBe(429);
			expect(r.headers['retry-after']).toBe('7');
			expect(r.json.error.message).toContain('in 7 seconds');
		}
		expect((await list()).status).toBe(200);
		expect((await sb.control.counters()).api[fab].alerts.throttled).toBe(2);
		await sb.control.addFault({ kind: '503', retryAfterSeconds: 3 });
		const u = await list();
		expect(u.status).toBe(503);
		expect(u.headers['retry-after']).toBe('3');
		apiCode(u);
		await sb.control.addFault({ kind: '500', method: 'GET' });
		const e = await list();
		expect(e.status).toBe(500);
		expect(apiCode(e)).toBe('InternalServerError');
	});

	test('tenant filter: a fault for one tenant leaves the others alone', async () => {
		await sb.control.addFault({
			kind: '500',
			pathPrefix: '/api',
			tenantId: sb.tenants.northwind.domain,
		});
		expect((await list()).status).toBe(200);
		expect((await list(await appToken(sb, sb.tenants.northwind.id))).status).toBe(500);
	});

	test('connection reset', async () => {
		await sb.control.addFault({ kind: 'reset', pathPrefix: '/api' });
		await expect(list()).rejects.toMatchObject({
			code: expect.stringMatching(/ECONNRESET|EPIPE|socket hang up/),
		});
		expect((await list()).status).toBe(200);
	});

	test('hang past the client timeout', async () => {
		await sb.control.addFault({ kind: 'hang', pathPrefix: '/api', hangMs: 5000 });
		await expect(
			req('GET', '/api/alerts', { headers: bearer(tok), timeoutMs: 300 }),
		).rejects.toThrow(/timeout/);
		expect((await list()).status).toBe(200);
	});

	test('malformed JSON body with status 200', async () => {
		await sb.control.addFault({ kind: 'malformed', pathPrefix: '/api/alerts' });
		const r = await list();
		expect(r.status).toBe(200);
		expect(r.headers['content-type']).toContain('application/json');
		expect(r.json).toBeUndefined();
		expect(() => JSON.parse(r.text)).toThrow();
	});

	test('revoked token → 401 for the next request only', async () => {
		await sb.control.addFault({ kind: 'revokedToken', pathPrefix: '/api' });
		const r = await list();
		expect(r.status).toBe(401);
		expect(apiCode(r)).toBe('Unauthorized');
		expect((await list()).status).toBe(200);
	});

	test('faults on the token endpoint (path after the tenant segment), AADSTS-shaped', async () => {
		await sb.control.addFault({ kind: '503', pathPrefix: '/oauth2/v2.0/token', tenantId: fab });
		const r = await clientCredentials(
			sb.origin,
			sb.caPem,
			fab,
			sb.credentials.clientId,
			sb.credentials.clientSecret,
		);
		expect(r.status).toBe(503);
		expect(r.json.error).toBe('temporarily_unavailable');
		aadCode(r);
		expect(
			(
				await clientCredentials(
					sb.origin,
					sb.caPem,
					fab,
					sb.credentials.clientId,
					sb.credentials.clientSecret,
				)
			).status,
		).toBe(200);
		await expect(sb.control.addFault({ kind: 'nope' as never })).rejects.toThrow(
			/unknown fault kind/,
		);
	});
});

describe('control API over HTTP', () => {
	test('typed client: world, seed, clock, counters, request log without secrets, faults list, reset', async () => {
		const c = new SandboxControlClient(sb.origin, sb.caPath);
		const w = await c.world();
		expect(w.tenants.map((t) => t.domain)).toEqual(
			expect.arrayContaining(['fabrikam.onmicrosoft.com', 'woodgrovebank.onmicrosoft.com']),
		);
		expect(await c.seedAlerts('fabrikam.onmicrosoft.com', { count: 30, seed: 5 })).toEqual({
			inserted: 30,
			total: 30,
		});
		expect(await c.alerts(fab)).toHaveLength(30);
		await list();
		const log = await c.requests();
		const before = await c.clock();
		const after = await c.advanceClock(3_600_000);
		expect(after.now - before.now).toBeGreaterThanOrEqual(3_600_000);
		await expect(c.advanceClock(-5)).rejects.toMatchObject({ status: 400 });
		expect(
			log.some(
				(e) =>
					e.path === '/api/alerts' &&
					e.status === 200 &&
					e.tenantId === fab &&
					e.family === 'alerts',
			),
		).toBe(true);
		expect(JSON.stringify(log)).not.toContain(sb.credentials.clientSecret);
		expect(JSON.stringify(log)).not.toContain(tok);
		await c.addFault({ kind: '500', count: 3 });
		expect((await c.faults())[0]).toMatchObject({ kind: '500', remaining: 3 });
		await c.clearFaults();
		expect(await c.faults()).toEqual([]);
		await c.updateTenant(sb.tenants.woodgrove.id, { consented: true });
		await c.reset();
		expect(
			(await c.world()).tenants.find((t) => t.id === sb.tenants.woodgrove.id)?.consentedApps,
		).not.toContain(sb.credentials.clientId);
		expect(await c.alerts(fab)).toHaveLength(0);
		await expect(c.seedAlerts('nosuch.onmicrosoft.com', { count: 1 })).rejects.toMatchObject({
			status: 404,
		});
		const bad = await req('POST', '/_sandbox/faults', {
			body: '{oops',
			headers: { 'Content-Type': 'application/json' },
		});
		expect(bad.status).toBe(400);
	});

	test('200 extra tenants, each with its own quota and data', async () => {
		const big = await startSandbox({ extraTenants: 200 });
		try {
			expect(big.world.tenants.size).toBeGreaterThanOrEqual(207);
			const t = big.world.resolveTenant('customer200.onmicrosoft.com');
			expect(t).toBeDefined();
			const r = await clientCredentials(
				big.origin,
				big.caPem,
				t!.domain,
				big.credentials.clientId,
				big.credentials.clientSecret,
			);
			expect(r.status).toBe(200);
			const added = await big.control.addTenant({ name: 'Late Customer' });
			expect(added.consentedApps).toContain(big.credentials.clientId);
		} finally {
			await big.stop();
		}
	});
});
