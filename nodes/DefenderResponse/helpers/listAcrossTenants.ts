/**
 * Machine and Indicator Get Many: one list endpoint, the same `$filter`, in every customer tenant
 * of the chosen scope (tenants fetched concurrently with a bound; the limit applies per tenant).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	defenderApiRequestAllItems,
	itemsPerTenant,
	resolveTenants,
	tenantConcurrency,
	tenantFields,
} from '../../shared/transport';

export async function listAcrossTenants(
	this: IExecuteFunctions,
	itemIndex: number,
	path: '/api/machines' | '/api/indicators',
	$filter: string | undefined,
): Promise<INodeExecutionData[]> {
	const tenants = await resolveTenants.call(this, itemIndex);
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return await itemsPerTenant.call(
		this,
		itemIndex,
		tenants,
		tenantConcurrency(options),
		async (tenant) => {
			const records = (await defenderApiRequestAllItems.call(this, {
				tenant,
				path,
				qs: $filter ? { $filter } : {},
				limit,
				stableOrder: null,
				itemIndex,
			})) as IDataObject[];
			const fields = tenantFields(tenant);
			return records.map((record) => ({
				json: { ...record, ...fields },
				pairedItem: { item: itemIndex },
			}));
		},
	);
}
