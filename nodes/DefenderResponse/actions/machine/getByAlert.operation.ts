import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { idParameter, request, singleTenant, tenantFields } from '../../helpers/target';
import { optionsProperty, singleTenantProperty } from '../common.description';

const properties: INodeProperties[] = [
	singleTenantProperty,
	{
		displayName: 'Alert ID',
		name: 'alertId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. da637472900382838869_1364969609',
		description: 'The alert whose machine to get (e.g. the ID from the Defender Alert Trigger)',
	},
	optionsProperty(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['machine'], operation: ['getByAlert'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const target = await singleTenant.call(this, itemIndex);
	const alertId = idParameter.call(this, 'alertId', 'alert', itemIndex);
	const machine = await request.call(this, target, itemIndex, {
		method: 'GET',
		path: `/api/alerts/${encodeURIComponent(alertId)}/machine`,
		family: 'alerts',
		what: `The machine of alert "${alertId}"`,
	});
	delete machine['@odata.context'];
	return [
		{
			json: { ...machine, alertId, ...tenantFields(target.tenant) },
			pairedItem: { item: itemIndex },
		},
	];
}
