/**
 * List search and load options over the tenants listed on the MSSP App credential, for the
 * shared tenant fields (descriptions/tenantScope.ts). Nodes register them under `methods`:
 *   methods = { listSearch: { searchTenants }, loadOptions: { getTenants } };
 */
import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { configuredTenants, withInputErrors } from '../transport';
import type { Tenant } from '../transport';

async function listed(ctx: ILoadOptionsFunctions): Promise<Tenant[]> {
	const authentication = ctx.getNodeParameter('authentication', 'defenderMsspAppApi') as string;
	if (authentication !== 'defenderMsspAppApi') return [];
	const credentials = await ctx.getCredentials('defenderMsspAppApi');
	return withInputErrors(ctx.getNode(), {}, () => configuredTenants(credentials));
}

function nameOf(tenant: Tenant): string {
	return tenant.label ? `${tenant.label} (${tenant.tenantId})` : tenant.tenantId;
}

export async function searchTenants(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const needle = (filter ?? '').trim().toLowerCase();
	const results = (await listed(this))
		.filter((t) => !needle || nameOf(t).toLowerCase().includes(needle))
		.map((t) => ({ name: nameOf(t), value: t.tenantId }));
	return { results };
}

export async function getTenants(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await listed(this))
		.map((t) => ({ name: nameOf(t), value: t.tenantId }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
