import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { alertOutputProperties } from '../../../shared/descriptions/alertOutput.description';
import { singleAlertItems } from '../../helpers/singleAlert';
import { alertIdLocator, singleTenantProperty } from '../common.description';

const properties: INodeProperties[] = [
	singleTenantProperty,
	alertIdLocator,
	...alertOutputProperties,
];

const displayOptions = { show: { resource: ['alert'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await singleAlertItems.call(this, itemIndex);
}
