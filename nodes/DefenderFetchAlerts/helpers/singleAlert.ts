/**
 * What Get and Update share: the one tenant they act in and the alert id from the locator (both
 * from the shared item layer), one request for that alert turned into the node's output, and a
 * 404 that says which alert in which tenant was not found.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readFormatOptions } from '../../shared/alerts/formatOptions';
import { appendAlertItems } from '../../shared/alerts/output';
import type { DefenderAlert } from '../../shared/alerts/types';
import { idParameter, notFoundError, singleTenant } from '../../shared/execution';
import { defenderApiRequest, tenantFields } from '../../shared/transport';
import type { Tenant } from '../../shared/transport';
import { readOutput } from './readOutput';

export { singleTenant };

export function alertIdParameter(this: IExecuteFunctions, itemIndex: number): string {
	return idParameter.call(this, 'alertId', 'alert', itemIndex);
}

/** Rethrows a 404 as "alert X not found in tenant Y"; other errors unchanged. */
export function alertNotFound(
	this: IExecuteFunctions,
	error: unknown,
	alertId: string,
	tenant: Tenant,
	itemIndex: number,
): unknown {
	return notFoundError.call(
		this,
		error,
		{
			what: `Alert "${alertId}"`,
			tenant,
			hint: 'Check the alert ID and that the alert belongs to this tenant (alerts past the retention period are gone).',
		},
		itemIndex,
	);
}

/**
 * GET (or, with `readChange`, PATCH) the item's alert and return it as the node's items. The
 * change and the output options are read and checked before the request, so a bad option never
 * follows a change already applied.
 */
export async function singleAlertItems(
	this: IExecuteFunctions,
	itemIndex: number,
	readChange?: (this: IExecuteFunctions, itemIndex: number) => IDataObject,
): Promise<INodeExecutionData[]> {
	const { tenant } = await singleTenant.call(this, itemIndex);
	const alertId = alertIdParameter.call(this, itemIndex);
	const body = readChange?.call(this, itemIndex);
	const output = readOutput.call(this, itemIndex);
	const formatOptions = await readFormatOptions.call(this, itemIndex, output);
	let alert: DefenderAlert;
	try {
		alert = (await defenderApiRequest.call(this, {
			tenant,
			method: body ? 'PATCH' : 'GET',
			path: `/api/alerts/${encodeURIComponent(alertId)}`,
			body,
			itemIndex,
		})) as DefenderAlert;
	} catch (error) {
		throw alertNotFound.call(this, error, alertId, tenant, itemIndex);
	}
	const items: INodeExecutionData[] = [];
	const context = { output, tenant: tenantFields(tenant), itemIndex, formatOptions };
	appendAlertItems([alert], context, items);
	return items;
}
