import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { maybeWait, readAction } from '../../helpers/runAction';
import { idParameter, singleTenant, tenantFields } from '../../helpers/target';
import { singleTenantProperty, optionsProperty } from '../common.description';
import { waitOptions } from './common';

const properties: INodeProperties[] = [
	singleTenantProperty,
	{
		displayName: 'Action ID',
		name: 'actionId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 7bb85f9d-3a5f-4b0a-9c0e-4b3a3c5f2d7e',
		description: "The machine action's ID, as returned when it was started",
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description: 'Whether to wait until the action reaches a final status, and output that status',
	},
	optionsProperty(waitOptions),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['machineAction'], operation: ['getStatus'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const target = await singleTenant.call(this, itemIndex);
	const actionId = idParameter.call(this, 'actionId', 'machineAction', itemIndex);
	const action = await readAction.call(this, target, itemIndex, actionId);
	const final = await maybeWait.call(this, target, itemIndex, action);
	return [{ json: { ...final, ...tenantFields(target.tenant) }, pairedItem: { item: itemIndex } }];
}
