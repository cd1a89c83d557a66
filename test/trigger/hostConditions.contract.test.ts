/**
 * The Alert Trigger under the conditions n8n and Defender really impose, each a defect the old
 * trigger had (see the CHANGELOG): a poll budget (getPollBudgetMs), a slow tenant, a Retry-After
 * longer than the time left, server-driven paging, a clock ahead of Defender's, a backlog of old
 * alerts drained under a per-poll cap in New-alert mode, a tenant removed and added back, and a
 * replayed poll whose repeats a SIEM must be able to drop (eventId).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { parseApiTime } from '../../nodes/shared/alerts/time';
import type { DefenderAlert } from '../../nodes/shared/alerts/types';
import {
	sandboxAppCredentials,
	freshStart,
	itemsOf,
	makeAlerts,
	poll,
	skewPollClock,
	startEnv,
	stopEnv,
} from './support';
import type { Env } from './support';
import type { HarnessCredentials } from '../harness';

jest.setTimeout(240_000);

let env: Env;
const MIN = 60_000;

beforeAll(async () => {
	env = await startEnv();
});
afterAll(async () => stopEnv(env));
// Each test starts beyond the longest backfill (2 h) of the tests before it.
beforeEach(async () => freshStart(env.sb, 3 * 60 * MIN));

function tenantsOf(...ids: string[]): HarnessCredentials {
	return sandboxAppCredentials(
		env.sb,
		ids.map((tenantId, i) => ({ tenantId, label: `T${i}` })),
	);
}

const all = (extra: INodeParameters = {}): INodeParameters => ({
	authentication: 'defenderMsspAppApi',
	tenantScope: 'all',
	events: ['created', 'updated'],
	output: 'raw',
	...extra,
});

async function insert(tenantId: string, count: number, atMs = env.sb.clock.now()) {
	const alerts = makeAlerts(tenantId, count, atMs);
	await env.sb.control.insertAlerts(tenantId, alerts);
	return alerts;
}

const ids = (items: IDataObject[]) => items.map((i) => String(i.id)).sort();

test('a poll ends inside its budget: tenants keep what they read, the unreached go first next poll', async () => {
	const t = env.sb.tenants;
	const tenants = [t.fabrikam.id, t.northwind.id, t.tailspin.id];
	const creds = tenantsOf(...tenants);
	const params = all({ options: { tenantConcurrency: 1 } });
	let s = (await poll(params, creds, undefined)).staticData;
	env.sb.clock.advance(1000);
	const owner = new Map<string, string>();
	for (const id of tenants) for (const a of await insert(id, 2)) owner.set(a.id, id);
	env.sb.clock.advance(1000);
	// Every alert list answer takes 1 s; the budget leaves room for two tenants, not three.
	await env.sb.control.setLatency({ latencyMs: 1000, pathPrefix: '/api/alerts' });
	const started = Date.now();
	const first = await poll(params, creds, s, 'trigger', { pollBudgetMs: 2_800 });
	expect(Date.now() - started).toBeLessThan(2_800 + 1_500);
	expect(first.error).toBeUndefined();
	const got1 = itemsOf(first).map((i) => String(i.id));
	expect(got1.map((id) => owner.get(id))).not.toContain(tenants[2]);
	expect(first.logs.some((l) => /time budget ran out/.test(l.message))).toBe(true);
	// The next poll starts with the tenant that was not reached; one tenant fits its budget.
	const second = await poll(params, creds, first.staticData, 'trigger', { pollBudgetMs: 1_600 });
	const got2 = itemsOf(second).map((i) => String(i.id));
	expect(got2.length).toBeGreaterThan(0);
	expect(new Set(got2.map((id) => owner.get(id)))).toEqual(new Set([tenants[2]]));
	await env.sb.control.setLatency(null);
	s = second.staticData;
	const rest: string[] = [];
	for (let i = 0; i < 3; i++) {
		env.sb.clock.advance(1000);
		const r = await poll(params, creds, s);
		rest.push(...itemsOf(r).map((j) => String(j.id)));
		s = r.staticData;
	}
	expect([...got1, ...got2, ...rest].sort()).toEqual([...owner.keys()].sort());
});

test('a Retry-After longer than the time left stops the tenant for this poll instead of outliving it', async () => {
	const fab = env.sb.tenants.fabrikam.id;
	const creds = tenantsOf(fab);
	let s = (await poll(all(), creds, undefined)).staticData;
	env.sb.clock.advance(1000);
	const alerts = await insert(fab, 3);
	env.sb.clock.advance(1000);
	await env.sb.control.addFault({
		kind: '429',
		tenantId: fab,
		pathPrefix: '/api/alerts',
		retryAfterSeconds: 4,
		count: 1,
	});
	const started = Date.now();
	const cut = await poll(all(), creds, s, 'trigger', { pollBudgetMs: 2_000 });
	expect(Date.now() - started).toBeLessThan(3_500);
	expect(cut.error).toBeUndefined();
	expect(cut.result).toBeNull();
	s = cut.staticData;
	const next = await poll(all(), creds, s);
	expect(ids(itemsOf(next))).toEqual(alerts.map((a) => a.id).sort());
});

/**
 * Fabrikam's API pages by itself, 7 alerts a page: a first poll, then 30 new alerts, and `body`
 * with the cursor state and those alerts.
 */
async function withServerPaging(
	body: (
		fab: string,
		creds: ReturnType<typeof tenantsOf>,
		s: IDataObject,
		alerts: DefenderAlert[],
	) => Promise<void>,
): Promise<void> {
	const fab = env.sb.tenants.fabrikam.id;
	await env.sb.control.setNextLinkMode('serverPaging', fab, { pageSize: 7 });
	try {
		const creds = tenantsOf(fab);
		const s = (await poll(all(), creds, undefined)).staticData;
		env.sb.clock.advance(1000);
		const alerts = await insert(fab, 30);
		env.sb.clock.advance(1000);
		await body(fab, creds, s, alerts);
	} finally {
		await env.sb.control.setNextLinkMode('none', fab);
	}
}

test('server-driven paging: short pages with a nextLink are not the end of the window', async () => {
	await withServerPaging(async (fab, creds, start, alerts) => {
		let s = start;
		const r = await poll(all(), creds, s);
		expect(ids(itemsOf(r))).toEqual(alerts.map((a) => a.id).sort());
		s = r.staticData;
		env.sb.clock.advance(1000);
		expect((await poll(all(), creds, s)).result).toBeNull();
	});
});

test('a page that fails mid-window keeps the pages read before it: a long window is not all-or-nothing', async () => {
	// 30 alerts over pages of 7: the 3rd page fails past the retries. The first two pages' alerts
	// are emitted and the cursor moves to where they reach, with a warning naming the tenant; the
	// next poll emits the rest, each alert once. (All-or-nothing, a window that needs many pages
	// fails more often the longer it grows, and grows with every failed poll: the tenant stalls.)
	await withServerPaging(async (fab, creds, start, alerts) => {
		let s = start;
		await env.sb.control.addFault({
			kind: '500',
			tenantId: fab,
			pathPrefix: '/api/alerts',
			after: 2,
			count: 10,
		});
		const cut = await poll(all(), creds, s);
		expect(cut.error).toBeUndefined();
		const first = ids(itemsOf(cut));
		expect(first.length).toBeGreaterThanOrEqual(7);
		expect(first.length).toBeLessThan(30);
		expect(
			cut.logs.some(
				(l) =>
					l.message.includes(fab) &&
					l.message.includes('the pages read before it are emitted and kept'),
			),
		).toBe(true);
		s = cut.staticData;
		await env.sb.control.clearFaults();
		env.sb.clock.advance(1000);
		const rest = ids(itemsOf(await poll(all(), creds, s)));
		expect([...first, ...rest].sort()).toEqual(alerts.map((a) => a.id).sort());
	});
});

test("n8n's clock 10 minutes ahead of Defender's: nothing is lost, and the skew is reported", async () => {
	const fab = env.sb.tenants.fabrikam.id;
	const creds = tenantsOf(fab);
	// The trigger's clock runs 10 minutes ahead of the sandbox (Defender) clock.
	skewPollClock(env.sb, 10 * MIN);
	let s = (await poll(all(), creds, undefined)).staticData;
	const emitted: string[] = [];
	const made: string[] = [];
	let warned = false;
	for (let i = 0; i < 4; i++) {
		env.sb.clock.advance(MIN);
		made.push(...(await insert(fab, 2)).map((a) => a.id));
		env.sb.clock.advance(5_000);
		const r = await poll(all(), creds, s);
		emitted.push(...itemsOf(r).map((j) => String(j.id)));
		warned ||= r.logs.some((l) => /Defender's clock is \d+ s behind/.test(l.message));
		s = r.staticData;
	}
	expect(emitted.sort()).toEqual(made.sort());
	expect(warned).toBe(true);
});

test('New-alert mode drains a backlog of old, later-updated alerts under a cap and small memory, each once', async () => {
	const fab = env.sb.tenants.fabrikam.id;
	const creds = tenantsOf(fab);
	const now = env.sb.clock.now();
	// 20 alerts created 100 minutes ago, each updated a minute ago: inside a 2-hour backfill.
	const backlog = makeAlerts(fab, 20, now - 100 * MIN).map((a) => ({
		...a,
		lastUpdateTime: new Date(now - MIN).toISOString(),
	}));
	await env.sb.control.insertAlerts(fab, backlog);
	const params = all({
		events: ['created'],
		options: { backfillHours: 2, maxEventsPerPoll: 5, memoryMaxAlerts: 3 },
	});
	let s: IDataObject | undefined;
	const emitted: string[] = [];
	for (let i = 0; i < 6; i++) {
		const r = await poll(params, creds, s);
		const items = itemsOf(r);
		expect(items.length).toBeLessThanOrEqual(5);
		emitted.push(...items.map((j) => String(j.id)));
		s = r.staticData;
		env.sb.clock.advance(MIN);
	}
	expect(emitted.sort()).toEqual(backlog.map((a) => a.id).sort());
});

test('a tenant removed from the credential and added back resumes where it stopped', async () => {
	const t = env.sb.tenants;
	const now = env.sb.clock.now();
	for (const id of [t.fabrikam.id, t.northwind.id]) {
		await env.sb.control.insertAlerts(id, makeAlerts(id, 3, now - 30 * MIN));
	}
	const params = all({ options: { backfillHours: 1 } });
	const both = tenantsOf(t.fabrikam.id, t.northwind.id);
	const first = await poll(params, both, undefined);
	expect(itemsOf(first)).toHaveLength(6);
	env.sb.clock.advance(MIN);
	const without = await poll(params, tenantsOf(t.fabrikam.id), first.staticData);
	expect(without.result).toBeNull();
	env.sb.clock.advance(MIN);
	const fresh = await insert(t.northwind.id, 1);
	env.sb.clock.advance(1000);
	const back = await poll(params, both, without.staticData);
	// Only what happened meanwhile, not the backfill again.
	expect(ids(itemsOf(back))).toEqual([fresh[0].id]);
});

test('eventId: a replayed poll (crash before n8n saved) repeats events with the same keys, nothing else', async () => {
	const fab = env.sb.tenants.fabrikam.id;
	const creds = tenantsOf(fab);
	const s = (await poll(all(), creds, undefined)).staticData;
	env.sb.clock.advance(1000);
	const [a] = await insert(fab, 1);
	env.sb.clock.advance(1000);
	const first = itemsOf(await poll(all(), creds, s));
	const replay = itemsOf(await poll(all(), creds, s)); // the state before the first was kept
	expect(first.map((i) => i.eventId)).toEqual([
		`${fab}:${a.id}:${parseApiTime(a.lastUpdateTime) as string}`,
	]);
	expect(replay.map((i) => i.eventId)).toEqual(first.map((i) => i.eventId));
	const afterFirst = (await poll(all(), creds, s)).staticData;
	const updated = await env.sb.control.updateAlert(fab, a.id, { status: 'Resolved' });
	env.sb.clock.advance(1000);
	const update = itemsOf(await poll(all(), creds, afterFirst));
	expect(update.map((i) => [i.event, i.eventId])).toEqual([
		['updated', `${fab}:${a.id}:${parseApiTime(updated.lastUpdateTime) as string}`],
	]);
});

test("n8n's clock ahead and a tenant whose first poll fails: its alerts since activation still come", async () => {
	const { fabrikam, northwind } = env.sb.tenants;
	const creds = tenantsOf(fabrikam.id, northwind.id);
	const params = all({ events: ['created'] });
	skewPollClock(env.sb, 10 * MIN);
	await env.sb.control.addFault({
		kind: '503',
		count: 1000,
		pathPrefix: '/api/alerts',
		tenantId: fabrikam.id,
	});
	let s = (await poll(params, creds, undefined)).staticData;
	await env.sb.control.clearFaults();
	env.sb.clock.advance(MIN);
	const made = await insert(fabrikam.id, 2);
	const emitted: string[] = [];
	for (let i = 0; i < 4; i++) {
		env.sb.clock.advance(MIN);
		const r = await poll(params, creds, s);
		emitted.push(...itemsOf(r).map((j) => String(j.id)));
		s = r.staticData;
	}
	expect(emitted.sort()).toEqual(made.map((a) => a.id).sort());
});

test('New Alert with a status filter: an alert that starts matching after its creation is emitted once', async () => {
	const fab = env.sb.tenants.fabrikam.id;
	const creds = tenantsOf(fab);
	const params = all({ events: ['created'], filters: { status: ['InProgress'] } });
	let s = (await poll(params, creds, undefined)).staticData;
	env.sb.clock.advance(1000);
	const [a] = await insert(fab, 1); // status New: not wanted yet
	const emitted: string[] = [];
	for (let i = 0; i < 10; i++) {
		env.sb.clock.advance(MIN);
		if (i === 7) await env.sb.control.updateAlert(fab, a.id, { status: 'InProgress' });
		const r = await poll(params, creds, s);
		emitted.push(...itemsOf(r).map((j) => String(j.id)));
		s = r.staticData;
	}
	expect(emitted).toEqual([a.id]);
});
