import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { idParameter, request, singleTenant, tenantFields } from '../../helpers/target';
import { machineIdProperty, optionsProperty, singleTenantProperty } from '../common.description';

const properties: INodeProperties[] = [singleTenantProperty, machineIdProperty, optionsProperty()];

export const description = updateDisplayOptions(
	{ show: { resource: ['machine'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const target = await singleTenant.call(this, itemIndex);
	const machineId = idParameter.call(this, 'machineId', 'machine', itemIndex);
	const machine = await request.call(this, target, itemIndex, {
		method: 'GET',
		path: `/api/machines/${encodeURIComponent(machineId)}`,
		what: `Machine "${machineId}"`,
	});
	delete machine['@odata.context'];
	return [
		{ json: { ...machine, ...tenantFields(target.tenant) }, pairedItem: { item: itemIndex } },
	];
}
