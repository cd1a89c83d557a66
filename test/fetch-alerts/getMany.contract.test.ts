/**
 * Get Many through n8n-core against the sandbox tenant. Filters are proven by the sandbox's own
 * answer: the ids returned must equal the seeded alerts that match the same condition in JS.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { DefenderAlert } from '../../nodes/shared/alerts/types';
import {
	sandboxAppCredentials,
	itemsOf,
	oauthCredentials,
	run,
	startEnv,
	stopEnv,
	type Env,
} from './support';

let env: Env;
let seeded: DefenderAlert[];
const HOUR = 3_600_000;

beforeAll(async () => {
	env = await startEnv();
	const { sb } = env;
	await sb.control.seedAlerts(sb.tenants.fabrikam.id, { count: 400, seed: 7 });
	await sb.control.seedAlerts(sb.tenants.northwind.id, { count: 150, seed: 8 });
	await sb.control.seedAlerts(sb.tenants.tailspin.id, { count: 100, seed: 9 });
	seeded = (await sb.control.alerts(sb.tenants.fabrikam.id)) as DefenderAlert[];
}, 120_000);
afterAll(async () => stopEnv(env));

const fabrikamOnly = () =>
	sandboxAppCredentials(env.sb, [{ tenantId: env.sb.tenants.fabrikam.id, label: 'Fabrikam' }]);
const base = {
	authentication: 'defenderMsspAppApi',
	tenantScope: 'all',
	operation: 'getAll',
	returnAll: true,
};
const ids = (items: IDataObject[]) => items.map((i) => String(i.id)).sort();
const expected = (match: (a: DefenderAlert) => boolean) =>
	seeded
		.filter(match)
		.map((a) => a.id)
		.sort();
const ms = (t: unknown) => Date.parse(String(t));

describe('Get Many filters (the sandbox evaluates the $filter the node sends)', () => {
	const first = () =>
		seeded.find((a) => a.assignedTo && a.incidentId && a.rbacGroupName) as DefenderAlert;
	const cases: Array<[string, () => INodeParameters, () => (a: DefenderAlert) => boolean]> = [
		[
			'severity (multi)',
			() => ({ severity: ['High', 'Medium'] }),
			() => (a) => a.severity === 'High' || a.severity === 'Medium',
		],
		[
			'status (multi)',
			() => ({ status: ['New', 'InProgress'] }),
			() => (a) => a.status === 'New' || a.status === 'InProgress',
		],
		[
			'category',
			() => ({ category: first().category }),
			() => (a) => a.category === first().category,
		],
		[
			'detection source',
			() => ({ detectionSource: first().detectionSource }),
			() => (a) => a.detectionSource === first().detectionSource,
		],
		[
			'assigned to',
			() => ({ assignedTo: first().assignedTo }),
			() => (a) => a.assignedTo?.toLowerCase() === first().assignedTo?.toLowerCase(),
		],
		[
			'device group',
			() => ({ deviceGroup: first().rbacGroupName }),
			() => (a) => a.rbacGroupName?.toLowerCase() === first().rbacGroupName?.toLowerCase(),
		],
		[
			'incident id',
			() => ({ incidentId: String(first().incidentId) }),
			() => (a) => a.incidentId === first().incidentId,
		],
		[
			'relative window on creation time',
			() => ({
				timeWindow: {
					window: { field: 'alertCreationTime', mode: 'relative', amount: 2, unit: 'days' },
				},
			}),
			() => (a) => ms(a.alertCreationTime) >= Date.now() - 48 * HOUR,
		],
		[
			'absolute window on last update time',
			() => ({
				timeWindow: {
					window: {
						field: 'lastUpdateTime',
						mode: 'absolute',
						from: new Date(Date.now() - 5 * 24 * HOUR).toISOString(),
						to: new Date(Date.now() - 2 * 24 * HOUR).toISOString(),
					},
				},
			}),
			() => (a) =>
				ms(a.lastUpdateTime) >= Date.now() - 5 * 24 * HOUR &&
				ms(a.lastUpdateTime) < Date.now() - 2 * 24 * HOUR,
		],
	];

	it.each(cases)('%s', async (_name, filters, match) => {
		const want = expected(match());
		expect(want.length).toBeGreaterThan(0);
		expect(want.length).toBeLessThan(seeded.length);
		const items = itemsOf(
			await run({ ...base, filters: filters(), output: 'raw' }, fabrikamOnly()),
		);
		expect(ids(items)).toEqual(want);
	});

	it('combines filters with and, Limit and newest-first sort', async () => {
		const items = itemsOf(
			await run(
				{
					...base,
					returnAll: false,
					limit: 7,
					filters: { severity: ['Low'], status: ['New'] },
					options: { sort: 'desc' },
				},
				fabrikamOnly(),
			),
		);
		const want = seeded
			.filter((a) => a.severity === 'Low' && a.status === 'New')
			.sort((a, b) => ms(b.alertCreationTime) - ms(a.alertCreationTime) || (a.id < b.id ? 1 : -1))
			.slice(0, 7)
			.map((a) => a.id);
		expect(items.map((i) => i.id)).toEqual(want);
	});
});

describe('Get Many across tenants', () => {
	const all = () =>
		sandboxAppCredentials(env.sb, [
			{ tenantId: env.sb.tenants.fabrikam.id, label: 'Fabrikam' },
			{ tenantId: env.sb.tenants.northwind.id, label: 'Northwind' },
			{ tenantId: env.sb.tenants.woodgrove.id, label: 'Woodgrove' },
			{ tenantId: env.sb.tenants.tailspin.id, label: 'Tailspin' },
		]);

	it('three tenants at once plus one without consent: every item tagged, an error item names the failing tenant', async () => {
		const result = await run(
			{ ...base, output: 'simplified', options: { tenantConcurrency: 2 } },
			all(),
			{ continueOnFail: true },
		);
		const items = itemsOf(result);
		const count = (label: string) =>
			items.filter((i) => i.tenantLabel === label && !i.error).length;
		expect([count('Fabrikam'), count('Northwind'), count('Tailspin')]).toEqual([400, 150, 100]);
		const errors = items.filter((i) => i.error);
		expect(errors).toHaveLength(1);
		expect(errors[0]).toMatchObject({
			tenantId: env.sb.tenants.woodgrove.id,
			tenantLabel: 'Woodgrove',
		});
		expect(String(errors[0].error)).toContain(env.sb.tenants.woodgrove.id);
		expect(`${errors[0].error} ${errors[0].description}`).toMatch(/consent/i);
		for (const item of result.output![0]) expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('On Error → Continue (using error output): the failing tenant goes to the error output, the others to the success output', async () => {
		const result = await run({ ...base, output: 'simplified' }, all(), {
			onError: 'continueErrorOutput',
		});
		const [success, failure] = result.output ?? [];
		expect(success.some((i) => i.json.error !== undefined)).toBe(false);
		expect(new Set(success.map((i) => i.json.tenantLabel))).toEqual(
			new Set(['Fabrikam', 'Northwind', 'Tailspin']),
		);
		expect(failure).toHaveLength(1);
		expect(failure[0].json).toMatchObject({
			error: expect.stringContaining(env.sb.tenants.woodgrove.id),
			details: {
				tenantId: env.sb.tenants.woodgrove.id,
				tenantLabel: 'Woodgrove',
				description: expect.stringMatching(/consent/i),
			},
		});
	});

	it('without continueOnFail the run fails with an error naming the tenant', async () => {
		const result = await run({ ...base }, all());
		expect(result.output).toBeNull();
		expect(result.error?.message).toContain(env.sb.tenants.woodgrove.id);
	});

	it('a list of tenants chosen by ID, labels taken from the credential', async () => {
		const items = itemsOf(
			await run(
				{
					...base,
					tenantScope: 'list',
					tenantIds: [env.sb.tenants.northwind.id, env.sb.tenants.tailspin.id],
					output: 'evidence',
				},
				all(),
			),
		);
		expect(new Set(items.map((i) => i.tenantLabel))).toEqual(new Set(['Northwind', 'Tailspin']));
		expect(items.every((i) => typeof i.alertId === 'string')).toBe(true);
		expect(items.some((i) => typeof i.entityType === 'string')).toBe(true);
	});

	it('the OAuth2 credential reads its own tenant', async () => {
		const creds = await oauthCredentials(env.sb, env.sb.tenants.tailspin.id);
		const items = itemsOf(
			await run(
				{
					authentication: 'defenderMsspOAuth2Api',
					operation: 'getAll',
					returnAll: true,
					output: 'cef',
				},
				creds,
			),
		);
		expect(items).toHaveLength(100);
		expect(items[0]).toMatchObject({ tenantId: env.sb.tenants.tailspin.id });
		expect(String(items[0].formatted)).toMatch(/^CEF:0\|Microsoft\|/);
	});

	it('Return All pages through 25,000 alerts without a gap or a repeat', async () => {
		const big = await env.sb.control.addTenant({ name: 'bigcorp', displayName: 'Big Corp' });
		await env.sb.control.seedAlerts(big.id, { count: 25_000, seed: 11 });
		const items = itemsOf(
			await run(
				{ ...base, output: 'raw' },
				sandboxAppCredentials(env.sb, [{ tenantId: big.id, label: 'Big Corp' }]),
			),
		);
		expect(items).toHaveLength(25_000);
		expect(new Set(items.map((i) => i.id)).size).toBe(25_000);
	}, 180_000);
});
