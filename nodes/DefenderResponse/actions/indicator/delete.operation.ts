import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { idParameter, request, singleTenant, tenantFields } from '../../helpers/target';
import { optionsProperty, singleTenantProperty } from '../common.description';

const properties: INodeProperties[] = [
	singleTenantProperty,
	{
		displayName: 'Indicator ID',
		name: 'indicatorId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 995',
		description: "The indicator's ID (the ID field of Create or Get Many)",
	},
	optionsProperty(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['indicator'], operation: ['delete'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const target = await singleTenant.call(this, itemIndex);
	const id = idParameter.call(this, 'indicatorId', 'indicator', itemIndex);
	await request.call(this, target, itemIndex, {
		method: 'DELETE',
		path: `/api/indicators/${id}`,
		what: `Indicator "${id}"`,
	});
	return [
		{
			json: { id, deleted: true, ...tenantFields(target.tenant) },
			pairedItem: { item: itemIndex },
		},
	];
}
