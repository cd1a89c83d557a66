/**
 * The Defender Alert Trigger through n8n-core's poll path against the sandbox tenant: where a
 * first poll starts, backfill, manual mode, null polls, created/updated events in both update
 * modes, late indexing inside the overlap, per-poll caps over one shared timestamp, failing
 * tenants that neither block nor rewind the others, and both credentials.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import {
	sandboxAppCredentials,
	configurePoll,
	cursorOf,
	FAST,
	itemsOf,
	makeAlerts,
	oauthCredentials,
	poll,
	resetTransport,
	startEnv,
	stopEnv,
} from './support';
import type { Env } from './support';
import type { HarnessCredentials } from '../harness';

jest.setTimeout(240_000);

let env: Env;
let app: HarnessCredentials;
const MIN = 60_000;

beforeAll(async () => {
	env = await startEnv();
	configurePoll(env.sb);
	const t = env.sb.tenants;
	app = sandboxAppCredentials(env.sb, [
		{ tenantId: t.fabrikam.id, label: 'Fabrikam' },
		{ tenantId: t.northwind.id, label: 'Northwind' },
		{ tenantId: t.tailspin.id, label: 'Tailspin' },
		{ tenantId: t.woodgrove.id, label: 'Woodgrove' },
	]);
});
afterAll(async () => stopEnv(env));
beforeEach(async () => {
	resetTransport();
	await env.sb.control.clearFaults();
	// Each test starts in its own stretch of sandbox time.
	env.sb.clock.advance(30 * MIN);
});

const one = (tenantId: string, extra: INodeParameters = {}): INodeParameters => ({
	authentication: 'defenderMsspAppApi',
	tenantScope: 'one',
	tenant: { __rl: true, mode: 'id', value: tenantId },
	events: ['created', 'updated'],
	output: 'simplified',
	...extra,
});

async function insert(
	tenantId: string,
	count: number,
	opts: { sameTime?: boolean; visibleAt?: number } = {},
) {
	const alerts = makeAlerts(tenantId, count, env.sb.clock.now(), opts);
	await env.sb.control.insertAlerts(
		tenantId,
		alerts,
		opts.visibleAt ? { visibleAt: opts.visibleAt } : {},
	);
	return alerts;
}

test('first poll starts now: older alerts are not replayed, new ones come once, then null', async () => {
	const fab = env.sb.tenants.fabrikam.id;
	await env.sb.control.seedAlerts(fab, { count: 40, seed: 3, endTime: env.sb.clock.now() - MIN });
	const first = await poll(one(fab), app, undefined);
	expect(first.error).toBeUndefined();
	expect(first.result).toBeNull();
	expect(cursorOf(first.staticData)).toBeDefined();

	env.sb.clock.advance(1000);
	const fresh = await insert(fab, 2);
	env.sb.clock.advance(1000);
	const second = itemsOf(await poll(one(fab), app, first.staticData));
	expect(second.map((i) => [i.event, i.id, i.tenantId, i.tenantLabel])).toEqual(
		fresh.map((a) => ['created', a.id, fab, 'Fabrikam']),
	);
	const s2 = (await poll(one(fab), app, undefined)).staticData; // a new activation starts now too
	env.sb.clock.advance(1000);
	expect((await poll(one(fab), app, s2)).result).toBeNull();
});

test('updated events: any change vs. status/classification/assignment only, compared with the last emitted', async () => {
	const fab = env.sb.tenants.fabrikam.id;
	const any = one(fab);
	const significant = one(fab, { updateMode: 'statusClassificationAssignment' });
	let sAny = (await poll(any, app, undefined)).staticData;
	let sSig = (await poll(significant, app, undefined)).staticData;
	env.sb.clock.advance(1000);
	const [a] = await insert(fab, 1);
	env.sb.clock.advance(1000);
	for (const [params, key] of [
		[any, 'any'],
		[significant, 'sig'],
	] as const) {
		const r = await poll(params, app, key === 'any' ? sAny : sSig);
		expect(itemsOf(r).map((i) => i.event)).toEqual(['created']);
		if (key === 'any') sAny = r.staticData;
		else sSig = r.staticData;
	}

	env.sb.clock.advance(1000);
	await env.sb.control.updateAlert(fab, a.id, {
		comments: [{ comment: 'looked at it', createdBy: 'x', createdTime: null }],
	});
	env.sb.clock.advance(1000);
	let r = await poll(any, app, sAny);
	expect(itemsOf(r)).toEqual([
		expect.objectContaining({ event: 'updated', id: a.id, changedFields: ['comments'] }),
	]);
	sAny = r.staticData;
	r = await poll(significant, app, sSig);
	expect(r.result).toBeNull();
	sSig = r.staticData;

	env.sb.clock.advance(1000);
	await env.sb.control.updateAlert(fab, a.id, {
		status: 'InProgress',
		assignedTo: 'analyst@fabrikam.com',
	});
	env.sb.clock.advance(1000);
	r = await poll(significant, app, sSig);
	// Compared with what it last emitted (before the comment), so the comment shows as changed too.
	expect(itemsOf(r)).toEqual([
		expect.objectContaining({
			event: 'updated',
			id: a.id,
			status: 'InProgress',
			changedFields: ['status', 'assignedTo', 'comments'],
		}),
	]);
	r = await poll(any, app, sAny);
	expect(itemsOf(r)).toEqual([
		expect.objectContaining({ event: 'updated', changedFields: ['status', 'assignedTo'] }),
	]);
	env.sb.clock.advance(1000);
	expect((await poll(any, app, r.staticData)).result).toBeNull();
});

test('an alert indexed late (inside the overlap window) is emitted once', async () => {
	const fab = env.sb.tenants.fabrikam.id;
	let s = (await poll(one(fab), app, undefined)).staticData;
	env.sb.clock.advance(1000);
	const [late] = await insert(fab, 1, { visibleAt: env.sb.clock.now() + 2 * MIN });
	const seen: string[] = [];
	for (let i = 0; i < 8; i++) {
		env.sb.clock.advance(30_000); // polls move past its lastUpdateTime before it is visible
		const r = await poll(one(fab), app, s);
		seen.push(...itemsOf(r).map((x) => `${x.event}:${x.id}`));
		s = r.staticData;
	}
	expect(seen).toEqual([`created:${late.id}`]);
});

test('a per-poll cap over one shared timestamp emits oldest first and continues without loss', async () => {
	const nw = env.sb.tenants.northwind.id;
	const params = one(nw, { options: { maxEventsPerPoll: 10 } });
	let s = (await poll(params, app, undefined)).staticData;
	env.sb.clock.advance(1000);
	const burst = await insert(nw, 25, { sameTime: true });
	const got: string[] = [];
	const sizes: number[] = [];
	for (let i = 0; i < 4; i++) {
		env.sb.clock.advance(1000);
		const r = await poll(params, app, s);
		const items = itemsOf(r);
		sizes.push(items.length);
		got.push(...items.map((x) => x.id as string));
		s = r.staticData;
	}
	expect(sizes).toEqual([10, 10, 5, 0]);
	expect([...got].sort()).toEqual(burst.map((a) => a.id).sort());
});

test('backfill: a first run with a backfill window emits every alert of it, paged past 10,000', async () => {
	const nw = env.sb.tenants.northwind.id;
	const now = env.sb.clock.now();
	await env.sb.control.seedAlerts(nw, {
		count: 10_600,
		seed: 11,
		startTime: now - 20 * 60 * MIN,
		endTime: now - 2 * MIN,
		sharedTimestampRatio: 0.2,
	});
	const expected = (await env.sb.control.alerts(nw)).filter(
		(a) => Date.parse(String(a.lastUpdateTime)) >= now - 24 * 60 * MIN,
	);
	expect(expected.length).toBeGreaterThan(10_000);
	await env.sb.control.resetCounters();
	// 10,000-alert pages take seconds to serialise on a loaded machine: allow it.
	configurePoll(env.sb, { tuning: { ...FAST, retry: { ...FAST.retry, timeoutMs: 120_000 } } });
	const r = await poll(one(nw, { output: 'raw', options: { backfillHours: 24 } }), app, undefined);
	const items = itemsOf(r);
	expect(items.length).toBe(expected.length);
	expect(new Set(items.map((i) => i.id)).size).toBe(expected.length);
	expect((await env.sb.control.counters()).api[nw].alerts.calls).toBeGreaterThanOrEqual(2);
	env.sb.clock.advance(1000);
	expect((await poll(one(nw), app, r.staticData)).result).toBeNull();
	configurePoll(env.sb);
}, 300_000);

test('manual mode returns the newest matching alert and neither creates nor moves the cursor', async () => {
	const fab = env.sb.tenants.fabrikam.id;
	const active = (await poll(one(fab), app, undefined)).staticData;
	env.sb.clock.advance(1000);
	await insert(fab, 2, { sameTime: false });
	env.sb.clock.advance(1000);
	const [newest] = await insert(fab, 1);
	const manual = await poll(one(fab), app, active, 'manual');
	expect(itemsOf(manual)).toEqual([
		expect.objectContaining({ event: 'created', id: newest.id, tenantId: fab }),
	]);
	expect(manual.staticDataAfterPoll).toEqual(active);
	const fresh = await poll(one(fab), app, undefined, 'manual');
	expect(cursorOf(fresh.staticDataAfterPoll)).toBeUndefined();
	// The active workflow still emits all three after the test fetch.
	env.sb.clock.advance(1000);
	expect(itemsOf(await poll(one(fab), app, active))).toHaveLength(3);
});

test('one failing tenant neither blocks nor rewinds the others; it catches up when it recovers', async () => {
	const t = env.sb.tenants;
	const list: INodeParameters = {
		...one(''),
		tenantScope: 'list',
		tenantIds: [t.fabrikam.id, t.tailspin.id, t.woodgrove.id],
	};
	let r = await poll(list, app, undefined);
	expect(r.error).toBeUndefined();
	expect(r.logs.some((l) => /Woodgrove/.test(l.message) && /1 of 3/.test(l.message))).toBe(true);
	let s = r.staticData;
	const before = cursorOf(s) as { tenants: Record<string, IDataObject> };

	env.sb.clock.advance(1000);
	const [fabAlert] = await insert(t.fabrikam.id, 1);
	const [tsAlert] = await insert(t.tailspin.id, 1);
	await env.sb.control.addFault({
		kind: '503',
		count: 10,
		pathPrefix: '/api/alerts',
		tenantId: t.fabrikam.id,
	});
	env.sb.clock.advance(1000);
	r = await poll(list, app, s);
	expect(itemsOf(r).map((i) => i.id)).toEqual([tsAlert.id]);
	const after = cursorOf(r.staticData) as { tenants: Record<string, IDataObject> };
	expect(after.tenants[t.fabrikam.id]).toEqual(before.tenants[t.fabrikam.id]);
	expect(after.tenants[t.tailspin.id].w).not.toEqual(before.tenants[t.tailspin.id].w);
	s = r.staticData;

	await env.sb.control.clearFaults();
	env.sb.clock.advance(1000);
	r = await poll(list, app, s);
	expect(itemsOf(r).map((i) => [i.id, i.tenantLabel])).toEqual([[fabAlert.id, 'Fabrikam']]);

	// Every tenant failing is an error that names them, and moves nothing.
	const bad: INodeParameters = { ...list, tenantIds: [t.woodgrove.id, t.adatum.id] };
	const failed = await poll(bad, app, undefined);
	expect(failed.error?.message).toMatch(/all 2 customer tenants/);
	expect(String((failed.error as { description?: string }).description)).toContain(t.adatum.id);
	// Manual mode shows a failing tenant as an error.
	const manual = await poll(list, app, s, 'manual');
	expect(manual.error?.message).toContain('Woodgrove');
});

test('OAuth2 credential (one tenant) and app credential both poll', async () => {
	const ts = env.sb.tenants.tailspin.id;
	const oauth = await oauthCredentials(env.sb, ts);
	const params: INodeParameters = {
		authentication: 'defenderMsspOAuth2Api',
		events: ['created'],
		output: 'raw',
	};
	let r = await poll(params, oauth, undefined);
	expect(r.error).toBeUndefined();
	env.sb.clock.advance(1000);
	const [a] = await insert(ts, 1);
	env.sb.clock.advance(1000);
	r = await poll(params, r.credentials, r.staticData);
	expect(itemsOf(r)).toEqual([
		expect.objectContaining({ event: 'created', id: a.id, tenantId: ts }),
	]);
	expect(FAST.retry?.maxRetries).toBe(2);
});
