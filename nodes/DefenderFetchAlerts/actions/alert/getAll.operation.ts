import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { alertFilterProperties } from '../../../shared/descriptions/alertFilters.description';
import { alertOutputProperties } from '../../../shared/descriptions/alertOutput.description';
import { maxRetryWaitOption, tenantScopeProperties } from '../../../shared/descriptions';
import { fetchAlertsForTenants, readListOptions } from '../../helpers/listAlerts';

const properties: INodeProperties[] = [
	...tenantScopeProperties,
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'With several customer tenants, the limit applies to each tenant',
		name: 'limitNotice',
		type: 'notice',
		default: '',
		displayOptions: {
			show: { returnAll: [false], authentication: ['defenderMsspAppApi'], tenantScope: ['list', 'all'] },
		},
	},
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
					'Whether to include each alert\'s evidence (files, processes, users, IPs…). Always on for One Item per Evidence.',
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
			{
				displayName: 'Tenant Concurrency',
				name: 'tenantConcurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 20 },
				default: 5,
				description:
					'How many customer tenants are fetched at the same time. Each tenant has its own Defender rate limit.',
			},
		],
	},
];

const displayOptions = { show: { resource: ['alert'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const list = readListOptions.call(this, itemIndex, filters, options, limit);
	return await fetchAlertsForTenants.call(this, itemIndex, list);
}
