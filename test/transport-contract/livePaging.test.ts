/**
 * A listing over a live result set: between every pair of pages alerts leave the filter and enter
 * it, behind the page just served and ahead of it (triageDuringListing). Small pages make many
 * pairs; more alerts leave behind each page than `$top`/`$skip` windows could absorb by overlap.
 */
import { startEnv, stopEnv, type Env } from '../fetch-alerts/support';
import { OPEN_FILTER, triageDuringListing } from '../fetch-alerts/triageDuringListing';
import type { TriagePlan } from '../fetch-alerts/triageDuringListing';
import type { Sandbox } from '../sandbox/server';
import { probe, resetTransport, tenantParam } from './support';

jest.setTimeout(120_000);

let env: Env;
let sb: Sandbox;

beforeAll(async () => {
	env = await startEnv();
	sb = env.sb;
});
afterAll(async () => stopEnv(env));
beforeEach(async () => {
	await sb.control.reset();
	resetTransport();
});

const PLAN: TriagePlan = { leaveBehind: 4, leaveAhead: 2, enterBehind: 1, enterAhead: 2 };

async function listOpenAlerts(
	extra: { sort?: string; limit?: number; pageSize?: number } = {},
): Promise<{ ids: string[]; pages: number }> {
	const r = await probe(sb, {
		...tenantParam(sb.tenants.fabrikam.id),
		mode: 'list',
		path: '/api/alerts',
		qs: JSON.stringify({ $filter: OPEN_FILTER }),
		pageSize: extra.pageSize ?? 20,
		...(extra.limit ? { limit: extra.limit } : {}),
		...(extra.sort ? { sort: extra.sort } : {}),
	});
	expect(r.error).toBeUndefined();
	const row = r.output![0][0].json;
	return { ids: row.ids as string[], pages: Number(row.pages) };
}

describe('alerts leaving and entering the filter between every pair of pages', () => {
	interface Case {
		sort?: string;
		nextLinkMode?: 'serverPaging';
		/** Most alerts share their creation time with the one before: instants of dozens of alerts. */
		sharedTimestampRatio?: number;
	}
	const cases: Array<[string, Case]> = [
		['oldest first', {}],
		['newest first', { sort: 'desc' }],
		['oldest first, the server cutting every page to 7 rows', { nextLinkMode: 'serverPaging' }],
		[
			'oldest first through instants shared by more alerts than half a page',
			{ sharedTimestampRatio: 0.93 },
		],
		[
			'newest first through instants shared by more alerts than half a page',
			{ sort: 'desc', sharedTimestampRatio: 0.93 },
		],
	];
	it.each(cases)('%s: none skipped, none repeated', async (_name, how) => {
		const tenant = sb.tenants.fabrikam.id;
		await sb.control.seedAlerts(tenant, {
			count: 300,
			seed: 23,
			...(how.sharedTimestampRatio ? { sharedTimestampRatio: how.sharedTimestampRatio } : {}),
		});
		if (how.sharedTimestampRatio) {
			const times = new Map<string, number>();
			for (const a of await sb.control.alerts(tenant))
				times.set(String(a.alertCreationTime), (times.get(String(a.alertCreationTime)) ?? 0) + 1);
			expect(Math.max(...times.values())).toBeGreaterThan(20);
		}
		if (how.nextLinkMode)
			await sb.control.setNextLinkMode(how.nextLinkMode, tenant, { pageSize: 7 });
		const triage = triageDuringListing(sb, tenant, PLAN);
		const { ids } = await listOpenAlerts({ sort: how.sort });
		triage.stop();
		expect(triage.pages).toBeGreaterThan(8);
		expect(triage.changed.leaveBehind).toBeGreaterThan(4 * 8);
		expect(triage.changed.enterAhead).toBeGreaterThan(0);
		// Only an instant shared by more alerts than half a page is stepped through with $skip.
		if (how.sharedTimestampRatio) expect(triage.pagesWithSkip).toBeGreaterThan(0);
		else expect(triage.pagesWithSkip).toBe(0);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids).toEqual(triage.expected(how.sort === 'desc'));
	});

	it('with a Limit: the first alerts of that listing, in its order', async () => {
		const tenant = sb.tenants.fabrikam.id;
		await sb.control.seedAlerts(tenant, { count: 300, seed: 29 });
		const triage = triageDuringListing(sb, tenant, PLAN);
		const { ids, pages } = await listOpenAlerts({ limit: 90 });
		triage.stop();
		expect(pages).toBeGreaterThan(4);
		expect(ids).toEqual(triage.expected().slice(0, 90));
	});
});
