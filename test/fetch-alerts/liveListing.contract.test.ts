/**
 * Get Many while analysts triage: a status filter (New, In Progress) over more alerts than one
 * 10,000-row page, and between the pages alerts are resolved (they leave the filter) and reopened
 * (they enter it), behind the page just served and ahead of it — more leaving behind than the 100
 * rows `$top`/`$skip` windows overlapped by. Every alert that matched throughout must come back
 * once, in the chosen order, with nothing repeated.
 */
import type { IDataObject } from 'n8n-workflow';

import { sandboxAppCredentials, itemsOf, run, startEnv, stopEnv, type Env } from './support';
import { OPEN_STATUSES, triageDuringListing } from './triageDuringListing';

let env: Env;

beforeAll(async () => {
	env = await startEnv();
}, 60_000);
afterAll(async () => stopEnv(env));

const PLAN = { leaveBehind: 200, leaveAhead: 20, enterBehind: 50, enterAhead: 20 };

describe('Get Many with alerts leaving and entering the filter between pages', () => {
	it.each([
		['Oldest First', 'asc'],
		['Newest First', 'desc'],
	])(
		'%s: none skipped, none repeated',
		async (_name, sort) => {
			const { sb } = env;
			await sb.control.reset();
			const tenant = sb.tenants.fabrikam.id;
			await sb.control.seedAlerts(tenant, { count: 16_000, seed: 31 });
			const triage = triageDuringListing(sb, tenant, PLAN);
			const result = await run(
				{
					authentication: 'defenderMsspAppApi',
					tenantScope: 'all',
					operation: 'getAll',
					returnAll: true,
					output: 'raw',
					filters: { status: [...OPEN_STATUSES] },
					options: { sort },
				},
				sandboxAppCredentials(sb, [{ tenantId: tenant, label: 'Fabrikam' }]),
			);
			triage.stop();
			const ids = itemsOf(result).map((item: IDataObject) => String(item.id));
			const expected = triage.expected(sort === 'desc');
			expect(expected.length).toBeGreaterThan(10_000);
			expect(triage.pages).toBeGreaterThanOrEqual(2);
			expect(triage.changed.leaveBehind).toBeGreaterThanOrEqual(200);
			const listed = new Set(ids);
			const missing = expected.filter((id) => !listed.has(id));
			const unexpected = ids.filter((id) => !expected.includes(id));
			expect({ repeated: ids.length - listed.size, missing: missing.length, unexpected }).toEqual({
				repeated: 0,
				missing: 0,
				unexpected: [],
			});
			expect(ids).toEqual(expected);
		},
		240_000,
	);
});
