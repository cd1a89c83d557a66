import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readFormatOptions } from '../../../shared/alerts/formatOptions';
import { appendAlertItems } from '../../../shared/alerts/output';
import type { DefenderAlert } from '../../../shared/alerts/types';
import { alertOutputProperties } from '../../../shared/descriptions/alertOutput.description';
import { defenderApiRequest, tenantFields, withInputErrors } from '../../../shared/transport';
import { readOutput } from '../../helpers/readOutput';
import { alertIdParameter, alertNotFound, singleTenant } from '../../helpers/singleAlert';
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
	const { tenant } = await singleTenant.call(this, itemIndex);
	const alertId = alertIdParameter.call(this, itemIndex);
	const body = readUpdateBody.call(this, itemIndex);
	const output = readOutput.call(this, itemIndex);
	// Checked before the request, so a bad option never follows a change already applied.
	const formatOptions = await readFormatOptions.call(this, itemIndex, output);
	let alert: DefenderAlert;
	try {
		alert = (await defenderApiRequest.call(this, {
			tenant,
			method: 'PATCH',
			path: `/api/alerts/${encodeURIComponent(alertId)}`,
			body,
			itemIndex,
		})) as DefenderAlert;
	} catch (error) {
		throw alertNotFound.call(this, error, alertId, tenant, itemIndex);
	}
	const items: INodeExecutionData[] = [];
	appendAlertItems(
		[alert],
		{ output, tenant: tenantFields(tenant), itemIndex, formatOptions },
		items,
	);
	return items;
}
