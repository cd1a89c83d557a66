/**
 * What Get and Update share: the one tenant they act in and the alert id from the locator (both
 * from the shared item layer), and a 404 that says which alert in which tenant was not found.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { idParameter, notFoundError } from '../../shared/execution';
import type { Tenant } from '../../shared/transport';

export { singleTenant } from '../../shared/execution';

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
