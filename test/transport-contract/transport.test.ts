/**
 * The transport against the sandbox tenant, through n8n-core's execution path (harness runNode).
 */
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';
import { trustCa } from '../harness';
import { probeHooks } from './fixtures/TransportProbe.node';
import { appData, FAST, probe, resetTransport, seen, tenantParam } from './support';

jest.setTimeout(300_000);

let sb: Sandbox;
let untrust: () => void;

beforeAll(async () => {
	sb = await startSandbox();
	untrust = trustCa(sb.caPem);
});
afterAll(async () => {
	untrust();
	await sb.stop();
});
beforeEach(async () => {
	await sb.control.reset();
	resetTransport();
	probeHooks.onPage = undefined;
});

const fab = () => sb.tenants.fabrikam.id;
const apiCalls = async (tenant: string, family = 'alerts') =>
	(await sb.control.counters()).api[tenant]?.[family]?.calls ?? 0;
const tokensIssued = async (tenant: string) =>
	(await sb.control.counters()).tokens[tenant]?.issued ?? 0;

describe('tokens', () => {
	it('requests one token per tenant however many calls run at once, and labels the items', async () => {
		const r = await probe(sb, { tenantScope: 'all', count: 8, path: '/api/alerts?$top=1' });
		expect(r.error).toBeUndefined();
		const rows = r.output![0].map((i) => i.json);
		expect(rows.map((row) => row.ok)).toEqual([true, true, true]);
		expect(rows.map((row) => row.tenantLabel)).toEqual(['Fabrikam', 'Northwind', 'Tailspin']);
		const counters = await sb.control.counters();
		const issued = Object.values(counters.tokens).reduce((n, t) => n + t.issued, 0);
		expect(issued).toBe(3);
		// A second run in the same process reuses the cached tokens.
		await probe(sb, { tenantScope: 'all', count: 2, path: '/api/alerts?$top=1' });
		const again = Object.values((await sb.control.counters()).tokens).reduce(
			(n, t) => n + t.issued,
			0,
		);
		expect(again).toBe(3);
	});

	it('on 401 fetches a fresh token once and succeeds', async () => {
		await probe(sb, { ...tenantParam(fab()), path: '/api/alerts?$top=1' });
		await sb.control.addFault({ kind: 'revokedToken', tenantId: fab(), pathPrefix: '/api/alerts' });
		const r = await probe(sb, { ...tenantParam(fab()), path: '/api/alerts?$top=1' });
		expect(r.error).toBeUndefined();
		expect(await tokensIssued(fab())).toBe(2);
	});

	it('names the fix when a tenant has not consented, and other tenants still succeed', async () => {
		const woodgrove = sb.tenants.woodgrove.id;
		const r = await probe(sb, {
			tenantScope: 'list',
			tenantIds: [fab(), woodgrove],
			path: '/api/alerts?$top=1',
		});
		const rows = r.output![0].map((i) => i.json);
		expect(rows[0].ok).toBe(true);
		expect(rows[1].ok).toBe(false);
		expect(String(rows[1].description)).toMatch(/consent link/);
	});
});

describe('retries', () => {
	it('waits at least Retry-After on 429, then succeeds', async () => {
		await sb.control.addFault({
			kind: '429',
			tenantId: fab(),
			retryAfterSeconds: 1,
			pathPrefix: '/api/alerts',
		});
		const started = Date.now();
		const r = await probe(sb, { ...tenantParam(fab()), path: '/api/alerts?$top=1' });
		expect(r.error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect((await sb.control.counters()).throttledTotal).toBe(1);
	});

	it('fails fast with advice when Retry-After exceeds Max Retry Wait', async () => {
		await sb.control.addFault({
			kind: '429',
			tenantId: fab(),
			retryAfterSeconds: 30,
			pathPrefix: '/api/alerts',
		});
		const started = Date.now();
		const r = await probe(sb, {
			...tenantParam(fab()),
			path: '/api/alerts?$top=1',
			maxRetryWaitSeconds: 2,
		});
		expect(Date.now() - started).toBeLessThan(15_000);
		expect(r.output).toBeNull();
		expect(r.error?.message).toMatch(/throttling tenant .* 30 s/);
		expect(r.error?.description).toMatch(/Max Retry Wait \(2 s\)/);
	});

	it.each(['500', '503', 'reset', 'malformed'] as const)(
		'retries a %s fault and succeeds',
		async (kind) => {
			await sb.control.addFault({ kind, tenantId: fab(), pathPrefix: '/api/alerts', count: 2 });
			const r = await probe(sb, { ...tenantParam(fab()), path: '/api/alerts?$top=1' });
			expect(r.error).toBeUndefined();
			expect((await sb.control.counters()).faultsServed).toBe(2);
		},
	);

	it('retries a request that times out', async () => {
		await sb.control.addFault({
			kind: 'hang',
			tenantId: fab(),
			pathPrefix: '/api/alerts',
			hangMs: 5000,
		});
		const tuning = JSON.stringify({ retry: { ...FAST.retry, timeoutMs: 400 } });
		const r = await probe(sb, { ...tenantParam(fab()), path: '/api/alerts?$top=1', tuning });
		expect(r.error).toBeUndefined();
	});

	it('surfaces a 404 at once with Defender code, request id, tenant and advice', async () => {
		const before = await apiCalls(fab());
		const r = await probe(sb, {
			...tenantParam(fab()),
			path: '/api/alerts/da000000000000000000_1',
		});
		expect(r.error?.message).toMatch(/ResourceNotFound|NotFound/);
		expect(r.error?.message).toContain('Fabrikam');
		expect(r.error?.description).toMatch(/Nothing with this ID exists/);
		expect(r.error?.description).toMatch(/Request ID: \S+/);
		expect((await apiCalls(fab())) - before).toBe(1);
	});

	it('gives up on persistent 500s after the configured retries', async () => {
		await sb.control.addFault({
			kind: '500',
			tenantId: fab(),
			pathPrefix: '/api/alerts',
			count: 50,
		});
		const tuning = JSON.stringify({ retry: { ...FAST.retry, maxRetries: 2 } });
		const r = await probe(sb, { ...tenantParam(fab()), path: '/api/alerts?$top=1', tuning });
		expect(r.error?.description).toMatch(/kept failing/);
		expect((await sb.control.counters()).faultsServed).toBe(3);
	});
});

describe('request budget', () => {
	it('keeps a tenant under its quota while another tenant proceeds', async () => {
		await sb.control.setRateLimits({ alerts: [{ limit: 5, windowMs: 1000 }] });
		const tuning = JSON.stringify({ ...FAST, budget: { limit: 5, windowMs: 1000 } });
		let slowDoneAt = 0;
		const slow = probe(sb, {
			...tenantParam(fab()),
			path: '/api/alerts?$top=1',
			count: 12,
			tuning,
		}).then((r) => {
			slowDoneAt = Date.now();
			return r;
		});
		const fast = await probe(sb, {
			...tenantParam(sb.tenants.northwind.id),
			path: '/api/alerts?$top=1',
			count: 3,
			tuning,
		});
		const fastDoneAt = Date.now();
		const slowResult = await slow;
		expect(fast.error).toBeUndefined();
		expect(slowResult.error).toBeUndefined();
		// Northwind (3 calls) is not held behind Fabrikam's budget (12 calls at 5/s need ≥ 2 s).
		expect(fastDoneAt).toBeLessThan(slowDoneAt);
		expect(Number(slowResult.output![0][0].json.ms)).toBeGreaterThanOrEqual(2000);
		expect((await sb.control.counters()).throttledTotal).toBe(0);
	});
});

describe('paging', () => {
	const cases: Array<[number, string]> = [
		[0, 'none'],
		[1, 'none'],
		[10_000, 'none'],
		[10_001, 'standard'],
		[25_000, 'repeating'],
	];
	it.each(cases)(
		'returns exactly the %i alerts present when its end was fixed (nextLink %s) while new ones arrive',
		async (count, mode) => {
			const tenant = fab();
			await sb.control.setNextLinkMode(mode as 'none', tenant);
			if (count > 0)
				await sb.control.seedAlerts(tenant, { count, seed: count, sharedTimestampRatio: 0.2 });
			const before = (await sb.control.alerts(tenant)) as Array<{ id: string }>;
			probeHooks.onPage = async (page) => {
				await sb.control.advanceClock(1000);
				const now = (await sb.control.clock()).now;
				await sb.control.seedAlerts(tenant, {
					count: 3,
					seed: 1000 + page,
					startTime: now,
					endTime: now,
				});
			};
			await sb.control.resetCounters();
			const r = await probe(sb, { ...tenantParam(tenant), mode: 'list', path: '/api/alerts' });
			expect(r.error).toBeUndefined();
			const ids = r.output![0][0].json.ids as string[];
			expect(new Set(ids).size).toBe(ids.length);
			// A first page that is short is the whole list: one call, nothing that arrived after it.
			// A full one makes the listing fix its end (the newest alert then, read from the server)
			// before paging on: every alert created up to that end is listed once, none after it.
			const bound = (await sb.control.requests(200))
				.map((q) =>
					/alertCreationTime le (\S+?)(?:&|$| and)/.exec(
						decodeURIComponent(q.query ?? '').replace(/\+/g, ' '),
					),
				)
				.find((m) => m !== null)?.[1];
			const now = (await sb.control.alerts(tenant)) as Array<{
				id: string;
				alertCreationTime: string;
			}>;
			const expected =
				bound === undefined
					? before.map((a) => a.id)
					: now
							.filter((a) => Date.parse(a.alertCreationTime) <= Date.parse(bound))
							.map((a) => a.id);
			expect([...ids].sort()).toEqual(expected.sort());
			expect(ids.length).toBeGreaterThanOrEqual(before.length);
			if (count > 0) expect(now.length - ids.length).toBeGreaterThanOrEqual(3);
			if (count <= 1) {
				expect(bound).toBeUndefined();
				expect(await apiCalls(tenant)).toBe(1);
			} else expect(bound).toBeDefined();
		},
	);

	it('follows next-page links of an API base URL entered in capitals, with a trailing slash', async () => {
		// A list in the server's order (not alerts' creation-time keyset) pages by @odata.nextLink,
		// which Defender writes in lower case; the base URL is compared with it once normalised.
		const tenant = fab();
		await sb.control.seedAlerts(tenant, { count: 20, seed: 5 });
		await sb.control.setNextLinkMode('serverPaging', tenant, { pageSize: 7 });
		const apiBaseUrl = `${sb.apiBaseUrl.replace(/^https:/, 'HTTPS:')}/`;
		const r = await probe(
			sb,
			{ ...tenantParam(tenant), mode: 'list', path: '/api/v1.0/alerts' },
			appData(sb, { apiBaseUrl }),
		);
		expect(r.error).toBeUndefined();
		expect(r.output![0][0].json).toMatchObject({ ok: true, pages: 3 });
		expect(new Set(r.output![0][0].json.ids as string[]).size).toBe(20);
	});

	it('stops at the limit', async () => {
		await sb.control.seedAlerts(fab(), { count: 50, seed: 7 });
		const r = await probe(sb, {
			...tenantParam(fab()),
			mode: 'list',
			path: '/api/alerts',
			pageSize: 20,
			limit: 45,
		});
		expect((r.output![0][0].json.ids as string[]).length).toBe(45);
	});
});

describe('secret scan (runs last)', () => {
	it('no secret, token or Authorization value appears in any output, error or log line', () => {
		const text = seen.join('\n');
		expect(text.length).toBeGreaterThan(1000);
		expect(text).not.toContain(sb.credentials.clientSecret);
		expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\./);
		expect(text).not.toMatch(/Bearer [A-Za-z0-9]/);
		expect(appData(sb).clientSecret).toBe(sb.credentials.clientSecret);
	});
});
