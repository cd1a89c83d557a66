import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readFormatOptions } from '../../../shared/alerts/formatOptions';
import { appendAlertItems } from '../../../shared/alerts/output';
import type { DefenderAlert } from '../../../shared/alerts/types';
import { alertOutputProperties } from '../../../shared/descriptions/alertOutput.description';
import { defenderApiRequest, tenantFields } from '../../../shared/transport';
import { alertIdParameter, alertNotFound, singleTenant } from '../../helpers/singleAlert';
import { readOutput } from '../../helpers/readOutput';
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
	const { tenant } = await singleTenant.call(this, itemIndex);
	const alertId = alertIdParameter.call(this, itemIndex);
	const output = readOutput.call(this, itemIndex);
	const formatOptions = await readFormatOptions.call(this, itemIndex, output);
	let alert: DefenderAlert;
	try {
		alert = (await defenderApiRequest.call(this, {
			tenant,
			method: 'GET',
			path: `/api/alerts/${encodeURIComponent(alertId)}`,
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
