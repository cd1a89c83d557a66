/**
 * The one customer tenant a single-tenant operation acts in (Get, Update, every Response action),
 * and the 404 that names what was not found there.
 */
import { NodeApiError } from 'n8n-workflow';
import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';

import { quotedTenantName, resolveTenants } from '../transport';
import type { Tenant } from '../transport';

/** The transport reads the credential and the retry settings itself: the tenant is all it needs. */
export interface ItemTarget {
	tenant: Tenant;
}

export async function singleTenant(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<ItemTarget> {
	const [tenant] = await resolveTenants.call(this, itemIndex);
	return { tenant };
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
