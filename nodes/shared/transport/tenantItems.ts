/**
 * A list operation across customer tenants, turned into n8n items. Tenants run concurrently with a
 * bound (`forEachTenant`), every item carries its tenant, and a failing tenant is never a silent
 * gap: it becomes an error item naming the tenant (continue on fail) or the run's error.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';

import { quotedTenantName, tenantFields } from './tenant';
import { forEachTenant } from './tenants';
import type { Tenant } from './types';

/** The error with the tenant named in its message, keeping n8n's error class and HTTP details. */
export function errorNamingTenant(
	node: INode,
	tenant: Tenant,
	error: Error,
	itemIndex?: number,
): Error {
	const message = `Customer tenant ${quotedTenantName(tenant)}: ${error.message}`;
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (!error.message.includes(tenant.tenantId)) error.message = message;
		return error;
	}
	return new NodeApiError(node, { message: error.message } as JsonObject, {
		message,
		...(itemIndex === undefined ? {} : { itemIndex }),
	});
}

/**
 * The item that stands for a failed input item or tenant under "On Error: Continue". n8n's
 * "Continue (using error output)" sends an item to the error output only when its json has no key
 * besides error/message/details (an item's own `error` would do too, but n8n then replaces its
 * json with the bare message, losing the tenant). So for the error output the advice and the
 * tenant go under `details`; for the regular output they stay top-level, as before.
 */
export function errorItem(
	node: INode,
	error: Error,
	fields: IDataObject,
	itemIndex: number,
): INodeExecutionData {
	const description = (error as NodeApiError).description;
	const more: IDataObject = { ...(description ? { description } : {}), ...fields };
	const json: IDataObject =
		node.onError === 'continueErrorOutput'
			? { error: error.message, details: more }
			: { error: error.message, ...more };
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * Tenants read at once unless the user says otherwise. Measured (`npm run bench`, the 200-tenant
 * fan-out with 250 ms per answer): 5 took 11.9 s, 10 took 7.0 s, 20 took 4.5 s; on loopback, where
 * the run is CPU-bound, all three were within noise. 10 hides most of a real link's wait while
 * holding half the pages in flight that 20 would (each up to 10,000 alerts), and keeps a
 * 1,000-tenant trigger poll at 250 ms per answer (25 s) inside the 45-s budget of a 1-minute poll.
 */
export const DEFAULT_TENANT_CONCURRENCY = 10;

/** Reads the Tenant Concurrency option; anything unusable falls back to the default. */
export function tenantConcurrency(
	options: IDataObject,
	fallback = DEFAULT_TENANT_CONCURRENCY,
): number {
	const value = Number(options.tenantConcurrency ?? fallback);
	return Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}

/**
 * Runs `work` for each tenant and joins the items in tenant order. Without continue-on-fail the
 * first failing tenant's error (naming it) fails the run.
 */
export async function itemsPerTenant(
	this: IExecuteFunctions,
	itemIndex: number,
	tenants: Tenant[],
	concurrency: number,
	work: (tenant: Tenant) => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[]> {
	const outcomes = await forEachTenant(tenants, concurrency, work);
	if (outcomes.length === 1 && outcomes[0].ok) return outcomes[0].value;
	const result: INodeExecutionData[] = [];
	for (const outcome of outcomes) {
		if (outcome.ok) {
			// A loop, not push(...items): a tenant can return more items than the argument limit.
			for (const item of outcome.value) result.push(item);
			continue;
		}
		const error = errorNamingTenant(this.getNode(), outcome.tenant, outcome.error, itemIndex);
		if (!this.continueOnFail()) throw error;
		result.push(errorItem(this.getNode(), error, tenantFields(outcome.tenant), itemIndex));
	}
	return result;
}
