/**
 * Get Many across customer tenants: one `$filter` for all tenants, tenants fetched concurrently
 * with a bound, each page shaped into items as it arrives (never holding a tenant's raw pages and
 * its items at once), and a failing tenant reported by name instead of leaving a silent gap.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { alertFilterString, alertQueryFromFilters } from '../../shared/alerts/filters';
import type { AlertQuery } from '../../shared/alerts/filters';
import { appendAlertItems, isAlertOutput, outputNeedsEvidence } from '../../shared/alerts/output';
import type { AlertOutput } from '../../shared/alerts/output';
import type { DefenderAlert } from '../../shared/alerts/types';
import type { FormatOptions } from '../../shared/formats';
import {
	ALERT_PAGING,
	ALERT_PAGING_NEWEST_FIRST,
	defenderApiPages,
	itemsPerTenant,
	resolveTenants,
	tenantConcurrency,
	tenantFields,
	withInputErrors,
} from '../../shared/transport';

export interface ListOptions {
	query: AlertQuery;
	output: AlertOutput;
	includeEvidence: boolean;
	newestFirst: boolean;
	concurrency: number;
	/** Per tenant; undefined = all. */
	limit?: number;
	/** The node's Format Options, read by the operation (readFormatOptions). */
	formatOptions?: FormatOptions;
}

export function readListOptions(
	this: IExecuteFunctions,
	itemIndex: number,
	filters: IDataObject,
	options: IDataObject,
	limit: number | undefined,
): ListOptions {
	const output = this.getNodeParameter('output', itemIndex, 'simplified');
	if (!isAlertOutput(output)) {
		throw new NodeOperationError(
			this.getNode(),
			`Output "${String(output)}" is not one of the offered choices`,
			{
				itemIndex,
				description: 'Pick an Output from the list.',
			},
		);
	}
	const query: AlertQuery = withInputErrors(this.getNode(), { itemIndex }, () =>
		alertQueryFromFilters(filters, Date.now()),
	);
	return {
		query,
		output,
		includeEvidence: options.includeEvidence === true || outputNeedsEvidence(output),
		newestFirst: options.sort === 'desc',
		concurrency: tenantConcurrency(options),
		limit,
	};
}

export async function fetchAlertsForTenants(
	this: IExecuteFunctions,
	itemIndex: number,
	list: ListOptions,
): Promise<INodeExecutionData[]> {
	const tenants = await resolveTenants.call(this, itemIndex);
	const qs: IDataObject = {};
	const filter = alertFilterString(list.query);
	if (filter) qs.$filter = filter;
	if (list.includeEvidence) qs.$expand = 'evidence';

	return await itemsPerTenant.call(this, itemIndex, tenants, list.concurrency, async (tenant) => {
		const items: INodeExecutionData[] = [];
		const context = {
			output: list.output,
			tenant: tenantFields(tenant),
			itemIndex,
			formatOptions: list.formatOptions,
		};
		const pages = defenderApiPages.call(this, {
			tenant,
			path: '/api/alerts',
			qs,
			itemIndex,
			stableOrder: list.newestFirst ? ALERT_PAGING_NEWEST_FIRST : ALERT_PAGING,
			limit: list.limit,
		}) as AsyncGenerator<DefenderAlert[]>;
		for await (const page of pages) appendAlertItems(page, context, items);
		return items;
	});
}
