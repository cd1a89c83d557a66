/**
 * The one customer tenant a single-tenant operation acts in (Get, Update, every Response action),
 * and the 404 that names what was not found there.
 */
import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';

import { getAuthentication, quotedTenantName, resolveTenants } from '../transport';
import type { DefenderAuthentication, Tenant } from '../transport';

export interface ItemTarget {
	authentication: DefenderAuthentication;
	tenant: Tenant;
	/** The node's Max Retry Wait option, when it has one and it is set. */
	maxRetryWaitSeconds?: number;
}

export async function singleTenant(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<ItemTarget> {
	const authentication = getAuthentication.call(this, itemIndex);
	const [tenant] = await resolveTenants.call(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const wait = options.maxRetryWaitSeconds;
	return {
		authentication,
		tenant,
		...(typeof wait === 'number' ? { maxRetryWaitSeconds: wait } : {}),
	};
}

/**
 * A 404 rethrown naming `what` (e.g. `Alert "da…"`) and the tenant; any other error unchanged.
 * It is rewritten because n8n turns any message containing Defender's code "ResourceNotFound"
 * into a DNS error ("…ENOTFOUND…").
 */
export function notFoundError(
	this: IExecuteFunctions,
	error: unknown,
	target: { what: string; tenant: Tenant; hint?: string },
	itemIndex: number,
): unknown {
	if (!(error instanceof NodeApiError) || String(error.httpCode) !== '404') return error;
	return new NodeApiError(
		this.getNode(),
		{ message: `${target.what} was not found` } as JsonObject,
		{
			itemIndex,
			httpCode: '404',
			message: `${target.what} was not found in customer tenant ${quotedTenantName(target.tenant)}`,
			description: target.hint ?? 'Check the ID and that it belongs to this customer tenant.',
		},
	);
}
