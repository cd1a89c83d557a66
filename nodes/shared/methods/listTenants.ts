/**
 * List search and load options over the tenants listed on the MSSP App credential, for the
 * shared tenant fields (descriptions/tenantScope.ts). Nodes register them under `methods`:
 *   methods = { listSearch: { searchTenants }, loadOptions: { getTenants } };
 */
import { NodeOperationError } from 'n8n-workflow';
import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { configuredTenants } from '../transport';
import type { Tenant } from '../transport';

async function listed(ctx: ILoadOptionsFunctions): Promise<Tenant[]> {
	const authentication = ctx.getNodeParameter('authentication', 'defenderMsspAppApi') as string;
	if (authentication !== 'defenderMsspAppApi') return [];
	try {
		return configuredTenants(await ctx.getCredentials('defenderMsspAppApi'));
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message);
	}
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
