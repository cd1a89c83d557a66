/**
 * Get Many across customer tenants: one `$filter` for all tenants, tenants fetched concurrently
 * with a bound, each page shaped into items as it arrives (never holding a tenant's raw pages and
 * its items at once), and a failing tenant reported by name instead of leaving a silent gap.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';

import { alertFilterString, alertQueryFromFilters } from '../../shared/alerts/filters';
import type { AlertQuery } from '../../shared/alerts/filters';
import { appendAlertItems, isAlertOutput, outputNeedsEvidence } from '../../shared/alerts/output';
import type { AlertOutput } from '../../shared/alerts/output';
import type { DefenderAlert } from '../../shared/alerts/types';
import {
	ALERT_PAGING,
	defenderApiPages,
	forEachTenant,
	getAuthentication,
	resolveTenants,
} from '../../shared/transport';
import type { StableOrder, Tenant } from '../../shared/transport';

export interface ListOptions {
	query: AlertQuery;
	output: AlertOutput;
	includeEvidence: boolean;
	newestFirst: boolean;
	concurrency: number;
	maxRetryWaitSeconds?: number;
	/** Per tenant; undefined = all. */
	limit?: number;
}

/** Creation time and id never change, so the reversed order is as stable as ALERT_PAGING. */
const NEWEST_FIRST: StableOrder = { ...ALERT_PAGING, orderBy: 'alertCreationTime desc,id desc' };

export function readListOptions(
	this: IExecuteFunctions,
	itemIndex: number,
	filters: IDataObject,
	options: IDataObject,
	limit: number | undefined,
): ListOptions {
	const output = this.getNodeParameter('output', itemIndex, 'simplified');
	if (!isAlertOutput(output)) {
		throw new NodeOperationError(this.getNode(), `Output "${String(output)}" is not one of the offered choices`, {
			itemIndex,
			description: 'Pick an Output from the list.',
		});
	}
	let query: AlertQuery;
	try {
		query = alertQueryFromFilters(filters, Date.now());
	} catch (error) {
		// Only AlertFilterError is expected here; anything else is reported the same way.
		throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex });
	}
	const concurrency = Number(options.tenantConcurrency ?? 5);
	return {
		query,
		output,
		includeEvidence: options.includeEvidence === true || outputNeedsEvidence(output),
		newestFirst: options.sort === 'desc',
		concurrency: Number.isFinite(concurrency) && concurrency >= 1 ? Math.floor(concurrency) : 5,
		...(typeof options.maxRetryWaitSeconds === 'number'
			? { maxRetryWaitSeconds: options.maxRetryWaitSeconds }
			: {}),
		...(limit === undefined ? {} : { limit }),
	};
}

function tenantName(tenant: Tenant): string {
	return tenant.label ? `"${tenant.label}" (${tenant.tenantId})` : tenant.tenantId;
}

/** Makes sure the error names the tenant, keeping n8n's error class and HTTP details. */
function tenantError(ctx: IExecuteFunctions, tenant: Tenant, error: Error, itemIndex: number): Error {
	const prefix = `Customer tenant ${tenantName(tenant)}: `;
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (!error.message.includes(tenant.tenantId)) error.message = prefix + error.message;
		return error;
	}
	return new NodeApiError(ctx.getNode(), error as unknown as JsonObject, {
		itemIndex,
		message: prefix + error.message,
	});
}

export async function fetchAlertsForTenants(
	this: IExecuteFunctions,
	itemIndex: number,
	list: ListOptions,
): Promise<INodeExecutionData[]> {
	const authentication = getAuthentication.call(this, itemIndex);
	const tenants = await resolveTenants.call(this, itemIndex);
	const qs: IDataObject = {};
	const filter = alertFilterString(list.query);
	if (filter) qs.$filter = filter;
	if (list.includeEvidence) qs.$expand = 'evidence';

	const outcomes = await forEachTenant(tenants, list.concurrency, async (tenant) => {
		const items: INodeExecutionData[] = [];
		const context = {
			output: list.output,
			tenant: { tenantId: tenant.tenantId, ...(tenant.label ? { tenantLabel: tenant.label } : {}) },
			itemIndex,
		};
		const pages = defenderApiPages.call(this, {
			authentication,
			tenant,
			path: '/api/alerts',
			qs,
			itemIndex,
			stableOrder: list.newestFirst ? NEWEST_FIRST : ALERT_PAGING,
			...(list.limit === undefined ? {} : { limit: list.limit }),
			...(list.maxRetryWaitSeconds === undefined ? {} : { maxRetryWaitSeconds: list.maxRetryWaitSeconds }),
		}) as AsyncGenerator<DefenderAlert[]>;
		for await (const page of pages) appendAlertItems(page, context, items);
		return items;
	});

	if (outcomes.length === 1 && outcomes[0].ok) return outcomes[0].value;
	const result: INodeExecutionData[] = [];
	for (const outcome of outcomes) {
		if (outcome.ok) {
			// A loop, not push(...items): a tenant can return more items than the argument limit.
			for (const item of outcome.value) result.push(item);
			continue;
		}
		const error = tenantError(this, outcome.tenant, outcome.error, itemIndex);
		if (!this.continueOnFail()) throw error;
		const description = (error as NodeApiError).description;
		result.push({
			json: {
				error: error.message,
				...(description ? { description } : {}),
				tenantId: outcome.tenant.tenantId,
				tenantLabel: outcome.tenant.label ?? outcome.tenant.tenantId,
			},
			pairedItem: { item: itemIndex },
		});
	}
	return result;
}
