import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { alertFilterProperties } from '../../../shared/descriptions/alertFilters.description';
import { alertOutputProperties } from '../../../shared/descriptions/alertOutput.description';
import {
	maxRetryWaitOption,
	returnAllProperties,
	tenantConcurrencyOption,
	tenantScopeProperties,
} from '../../../shared/descriptions';
import { readFormatOptions } from '../../../shared/alerts/formatOptions';
import { fetchAlertsForTenants, readListOptions } from '../../helpers/listAlerts';

const properties: INodeProperties[] = [
	...tenantScopeProperties,
	...returnAllProperties,
	...alertFilterProperties,
	...alertOutputProperties,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Evidence',
				name: 'includeEvidence',
				type: 'boolean',
				default: false,
				description:
					"Whether to include each alert's evidence (files, processes, users, IPs…). Always on for One Item per Evidence.",
			},
			maxRetryWaitOption,
			{
				displayName: 'Sort',
				name: 'sort',
				type: 'options',
				options: [
					{ name: 'Newest First', value: 'desc', description: 'By creation time, newest first' },
					{ name: 'Oldest First', value: 'asc', description: 'By creation time, oldest first' },
				],
				default: 'asc',
				description: 'Order of the alerts within each tenant',
			},
			tenantConcurrencyOption('fetched'),
		],
	},
];

const displayOptions = { show: { resource: ['alert'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const list = readListOptions.call(this, itemIndex, filters, options, limit);
	list.formatOptions = await readFormatOptions.call(this, itemIndex, list.output);
	return await fetchAlertsForTenants.call(this, itemIndex, list);
}
