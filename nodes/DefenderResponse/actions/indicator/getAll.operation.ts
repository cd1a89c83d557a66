import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { quoteString } from '../../../shared/alerts/odataFilter';
import { defenderApiRequestAllItems } from '../../../shared/transport';
import { INDICATOR_ACTIONS } from '../../helpers/indicatorBody';
import { INDICATOR_TYPES } from '../../helpers/indicatorValue';
import { singleTenant, tenantFields } from '../../helpers/target';
import { optionsProperty, singleTenantProperty } from '../common.description';

const properties: INodeProperties[] = [
	singleTenantProperty,
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
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Action', name: 'action', type: 'options', options: INDICATOR_ACTIONS.map((a) => ({ name: a, value: a })), default: 'Block' },
			{ displayName: 'Type', name: 'indicatorType', type: 'options', options: INDICATOR_TYPES.map((t) => ({ name: t, value: t })), default: 'FileSha256' },
			{ displayName: 'Value', name: 'indicatorValue', type: 'string', default: '' },
		],
	},
	optionsProperty(),
];

export const description = updateDisplayOptions({ show: { resource: ['indicator'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const target = await singleTenant.call(this, itemIndex);
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const clauses = ['indicatorValue', 'indicatorType', 'action']
		.filter((k) => typeof filters[k] === 'string' && (filters[k] as string).trim())
		.map((k) => `${k} eq ${quoteString((filters[k] as string).trim())}`);
	const indicators = await defenderApiRequestAllItems.call(this, {
		authentication: target.authentication,
		tenant: target.tenant,
		path: '/api/indicators',
		qs: clauses.length ? { $filter: clauses.join(' and ') } : {},
		limit,
		stableOrder: null,
		itemIndex,
		...(target.maxRetryWaitSeconds !== undefined ? { maxRetryWaitSeconds: target.maxRetryWaitSeconds } : {}),
	});
	return (indicators as IDataObject[]).map((i) => ({ json: { ...i, ...tenantFields(target.tenant) }, pairedItem: { item: itemIndex } }));
}
