/**
 * Machine and Indicator Get Many across customer tenants, through n8n-core against the sandbox:
 * all tenants on the app credential, a list, a per-tenant limit, a tenant without consent among
 * them (an error item naming it, or the run's error), and the OAuth2 credential's own tenant.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { DefenderMsspAppApi } from '../../credentials/DefenderMsspAppApi.credentials';
import { DefenderMsspOAuth2Api } from '../../credentials/DefenderMsspOAuth2Api.credentials';
import { DefenderResponse } from '../../nodes/DefenderResponse/DefenderResponse.node';
import { runNode } from '../harness';
import type { HarnessCredentials, RunNodeResult } from '../harness';
import {
	sandboxAppCredentials,
	itemsOf,
	oauthCredentials,
	startEnv,
	stopEnv,
	type Env,
} from '../fetch-alerts/support';

let env: Env;
let t: Env['sb']['tenants'];
const machineIds: Record<string, string[]> = {};

beforeAll(async () => {
	env = await startEnv();
	t = env.sb.tenants;
	const seeds: Array<[string, number]> = [
		[t.fabrikam.id, 200],
		[t.northwind.id, 160],
		[t.tailspin.id, 120],
	];
	// The sandbox derives one machine per 20 alerts: 10, 8 and 6 machines.
	for (const [tenantId, count] of seeds) {
		await env.sb.control.seedAlerts(tenantId, { count, seed: count });
		machineIds[tenantId] = (await env.sb.control.machines(tenantId)).map((m) => m.id).sort();
	}
}, 120_000);
afterAll(async () => stopEnv(env));

const allFour = (): HarnessCredentials =>
	sandboxAppCredentials(env.sb, [
		{ tenantId: t.fabrikam.id, label: 'Fabrikam' },
		{ tenantId: t.northwind.id, label: 'Northwind' },
		{ tenantId: t.woodgrove.id, label: 'Woodgrove' },
		{ tenantId: t.tailspin.id, label: 'Tailspin' },
	]);

function run(
	parameters: INodeParameters,
	credentials: HarnessCredentials,
	continueOnFail = false,
): Promise<RunNodeResult> {
	return runNode({
		nodeType: new DefenderResponse(),
		credentialTypes: [new DefenderMsspAppApi(), new DefenderMsspOAuth2Api()],
		credentials,
		parameters: { authentication: 'defenderMsspAppApi', ...parameters },
		continueOnFail,
	});
}

const idsOf = (items: IDataObject[], label: string) =>
	items
		.filter((i) => i.tenantLabel === label)
		.map((i) => String(i.id))
		.sort();
const machines = { resource: 'machine', operation: 'getAll', returnAll: true };

describe('Machine Get Many', () => {
	it("all tenants: each tenant's machines tagged with it; the tenant without consent is an error item naming it", async () => {
		const result = await run(
			{ ...machines, tenantScope: 'all', options: { tenantConcurrency: 2 } },
			allFour(),
			true,
		);
		const items = itemsOf(result);
		expect(idsOf(items, 'Fabrikam')).toEqual(machineIds[t.fabrikam.id]);
		expect(idsOf(items, 'Northwind')).toEqual(machineIds[t.northwind.id]);
		expect(idsOf(items, 'Tailspin')).toEqual(machineIds[t.tailspin.id]);
		expect(
			items.filter((i) => i.tenantLabel === 'Fabrikam').every((i) => i.tenantId === t.fabrikam.id),
		).toBe(true);
		const errors = items.filter((i) => i.error);
		expect(errors).toHaveLength(1);
		expect(errors[0]).toMatchObject({ tenantId: t.woodgrove.id, tenantLabel: 'Woodgrove' });
		expect(String(errors[0].error)).toContain(t.woodgrove.id);
		expect(`${errors[0].error} ${errors[0].description}`).toMatch(/consent/i);
		for (const item of result.output![0]) expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('without continue on fail, the run fails naming the tenant', async () => {
		const result = await run({ ...machines, tenantScope: 'all' }, allFour());
		expect(result.output).toBeNull();
		expect(result.error?.message).toContain(t.woodgrove.id);
	});

	it('a list of tenants with a filter; the limit applies to each tenant', async () => {
		const list = { tenantScope: 'list', tenantIds: [t.northwind.id, t.tailspin.id] };
		const active = itemsOf(
			await run({ ...machines, ...list, filters: { healthStatus: ['Active'] } }, allFour()),
		);
		const want = async (tenantId: string) =>
			(await env.sb.control.machines(tenantId))
				.filter((m) => m.healthStatus === 'Active')
				.map((m) => m.id)
				.sort();
		expect(idsOf(active, 'Northwind')).toEqual(await want(t.northwind.id));
		expect(idsOf(active, 'Tailspin')).toEqual(await want(t.tailspin.id));
		expect(active.length).toBeGreaterThan(0);
		expect(active.every((i) => i.healthStatus === 'Active')).toBe(true);

		const limited = itemsOf(
			await run({ ...machines, ...list, returnAll: false, limit: 3 }, allFour()),
		);
		expect([idsOf(limited, 'Northwind').length, idsOf(limited, 'Tailspin').length]).toEqual([3, 3]);
	});

	it('the OAuth2 credential reads its own tenant', async () => {
		const creds = await oauthCredentials(env.sb, t.tailspin.id);
		const items = itemsOf(
			await run({ ...machines, authentication: 'defenderMsspOAuth2Api' }, creds),
		);
		expect(items.map((i) => String(i.id)).sort()).toEqual(machineIds[t.tailspin.id]);
		expect(items.every((i) => i.tenantId === t.tailspin.id)).toBe(true);
	});
});

describe('Indicator Get Many', () => {
	it("a list of tenants: each tenant's indicators, filtered, tagged with their tenant", async () => {
		const create = (tenantId: string, value: string) =>
			run(
				{
					resource: 'indicator',
					operation: 'createOrUpdate',
					tenant: { __rl: true, mode: 'id', value: tenantId },
					indicatorValue: value,
					action: 'Block',
					expiration: '7d',
					title: value,
				},
				allFour(),
			);
		itemsOf(await create(t.fabrikam.id, 'bad.fabrikam.example'));
		itemsOf(await create(t.fabrikam.id, '198.51.100.7'));
		itemsOf(await create(t.tailspin.id, 'bad.tailspin.example'));

		const list = {
			resource: 'indicator',
			operation: 'getAll',
			returnAll: true,
			tenantScope: 'list',
			tenantIds: [t.fabrikam.id, t.northwind.id, t.tailspin.id],
		};
		const all = itemsOf(await run(list, allFour()));
		const values = (label: string, items: IDataObject[]) =>
			items
				.filter((i) => i.tenantLabel === label)
				.map((i) => i.indicatorValue)
				.sort();
		expect(values('Fabrikam', all)).toEqual(['198.51.100.7', 'bad.fabrikam.example']);
		expect(values('Tailspin', all)).toEqual(['bad.tailspin.example']);
		expect(values('Northwind', all)).toEqual([]);

		const domains = itemsOf(
			await run({ ...list, filters: { indicatorType: 'DomainName' } }, allFour()),
		);
		expect(domains.map((i) => `${i.tenantLabel}:${i.indicatorValue}`).sort()).toEqual([
			'Fabrikam:bad.fabrikam.example',
			'Tailspin:bad.tailspin.example',
		]);
	});
});
