/**
 * One request in the tenant a Response operation acts in, its 404 naming what was not found.
 * The tenant, the ids and the item fields come from the shared item layer (shared/execution).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { idParameter, notFoundError, singleTenant } from '../../shared/execution';
import type { ItemTarget } from '../../shared/execution';
import { defenderApiRequest } from '../../shared/transport';
import type { DefenderRequest } from '../../shared/transport';

export { idParameter, singleTenant };
/** Every Response operation stamps its items with the tenant, as the other nodes do. */
export { tenantFields } from '../../shared/transport';
export type Target = ItemTarget;

/** One request in the target tenant; a 404 names `what` and the tenant. */
export async function request(
	this: IExecuteFunctions,
	target: Target,
	itemIndex: number,
	req: Omit<DefenderRequest, 'tenant' | 'itemIndex'> & { what?: string },
): Promise<IDataObject> {
	const { what, ...rest } = req;
	try {
		return (await defenderApiRequest.call(this, {
			tenant: target.tenant,
			itemIndex,
			...rest,
		})) as IDataObject;
	} catch (error) {
		const where = { what: what ?? 'The requested resource', tenant: target.tenant };
		throw notFoundError.call(this, error, where, itemIndex);
	}
}
