/**
 * What the trigger keeps and reports over many polls against the sandbox, where Defender's `Date`
 * header has whole seconds while n8n's clock has milliseconds: Remember At Most still bounds the
 * records (a caught-up poll was once judged from the watermark the header lowers, so the bound
 * almost never applied), and a page that fails again and again at the same place is a failure
 * the poll reports, not a stall hidden behind "progress" that only re-reads the overlap.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { getTenantCursor, readCursorState } from '../../nodes/shared/alerts/cursorState';
import type { DefenderAlert } from '../../nodes/shared/alerts/types';
import {
	sandboxAppCredentials,
	cursorOf,
	freshStart,
	itemsOf,
	makeAlerts,
	poll,
	startEnv,
	stopEnv,
} from './support';
import type { Env } from './support';

jest.setTimeout(240_000);

let env: Env;
const MIN = 60_000;

beforeAll(async () => {
	env = await startEnv();
});
afterAll(async () => stopEnv(env));
beforeEach(async () => freshStart(env.sb, 3 * 60 * MIN));

const params = (options: INodeParameters = {}): INodeParameters => ({
	authentication: 'defenderMsspAppApi',
	tenantScope: 'all',
	events: ['created', 'updated'],
	output: 'raw',
	options,
});

function recordsOf(staticData: IDataObject, tenantId: string): number {
	const cursor = getTenantCursor(readCursorState(cursorOf(staticData)), tenantId);
	return cursor ? Object.keys(cursor.seen).length : 0;
}

test('Remember At Most bounds the records although the Date header has whole seconds', async () => {
	const fab = env.sb.tenants.fabrikam.id;
	const creds = sandboxAppCredentials(env.sb, [{ tenantId: fab, label: 'Fabrikam' }]);
	const p = params({ memoryMaxAlerts: 5 });
	// Half a second past the second: the header's Date is always before the trigger's now.
	env.sb.clock.advance((1500 - (env.sb.clock.now() % 1000)) % 1000);
	let s = (await poll(p, creds, undefined)).staticData;
	const made: string[] = [];
	const emitted: string[] = [];
	let most = 0;
	for (let i = 0; i < 8; i++) {
		env.sb.clock.advance(10 * MIN);
		const alerts: DefenderAlert[] = makeAlerts(fab, 3, env.sb.clock.now() - 2_000);
		await env.sb.control.insertAlerts(fab, alerts);
		made.push(...alerts.map((a) => a.id));
		const r = await poll(p, creds, s);
		expect(r.error).toBeUndefined();
		emitted.push(...itemsOf(r).map((item) => String(item.id)));
		s = r.staticData;
		most = Math.max(most, recordsOf(s, fab));
	}
	expect(emitted.sort()).toEqual(made.sort());
	// The bound (5), or this poll's window if it holds more: the previous poll's 3 and these 3.
	expect(most).toBeLessThanOrEqual(6);
});

test('a page that keeps failing inside the overlap is the poll’s error, not a silent stall', async () => {
	const fab = env.sb.tenants.fabrikam.id;
	const creds = sandboxAppCredentials(env.sb, [{ tenantId: fab, label: 'Fabrikam' }]);
	await env.sb.control.setNextLinkMode('serverPaging', fab, { pageSize: 2 });
	try {
		let s = (await poll(params(), creds, undefined)).staticData;
		env.sb.clock.advance(1000);
		await env.sb.control.insertAlerts(fab, makeAlerts(fab, 6, env.sb.clock.now()));
		env.sb.clock.advance(1000);
		const r = await poll(params(), creds, s);
		expect(itemsOf(r)).toHaveLength(6);
		s = r.staticData;
		// From now on the second page of the window (still inside the overlap) always fails.
		env.sb.clock.advance(1000);
		await env.sb.control.addFault({
			kind: '500',
			tenantId: fab,
			pathPrefix: '/api/alerts',
			after: 1,
			count: 1_000,
		});
		const stuck = await poll(params(), creds, s);
		expect(stuck.error?.message).toContain(fab);
	} finally {
		await env.sb.control.clearFaults();
		await env.sb.control.setNextLinkMode('none', fab);
	}
});
