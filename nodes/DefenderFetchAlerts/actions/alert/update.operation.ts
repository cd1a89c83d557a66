import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { alertOutputProperties } from '../../../shared/descriptions/alertOutput.description';
import { withInputErrors } from '../../../shared/transport';
import { singleAlertItems } from '../../helpers/singleAlert';
import { buildAlertUpdateBody } from '../../helpers/updateBody';
import { alertIdLocator, singleTenantProperty, updateFieldProperties } from '../common.description';

const properties: INodeProperties[] = [
	singleTenantProperty,
	alertIdLocator,
	...updateFieldProperties,
	...alertOutputProperties,
];

const displayOptions = { show: { resource: ['alert'], operation: ['update'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** The update fields of this item as a validated PATCH/batchUpdate body. */
export function readUpdateBody(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const classification = this.getNodeParameter('classification', itemIndex, '');
	const determination = classification ? this.getNodeParameter('determination', itemIndex, '') : '';
	return withInputErrors(this.getNode(), { itemIndex }, () =>
		buildAlertUpdateBody({ ...fields, classification, determination }),
	);
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await singleAlertItems.call(this, itemIndex, readUpdateBody);
}
