import { updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { quoteString } from '../../../shared/alerts/odataFilter';
import {
	returnAllProperties,
	tenantConcurrencyOption,
	tenantScopeProperties,
} from '../../../shared/descriptions';
import { INDICATOR_ACTIONS } from '../../helpers/indicatorBody';
import { INDICATOR_TYPES } from '../../helpers/indicatorValue';
import { listAcrossTenants } from '../../helpers/listAcrossTenants';
import { optionsProperty } from '../common.description';

const properties: INodeProperties[] = [
	...tenantScopeProperties,
	...returnAllProperties,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Action',
				name: 'action',
				type: 'options',
				options: INDICATOR_ACTIONS.map((a) => ({ name: a, value: a })),
				default: 'Block',
			},
			{
				displayName: 'Type',
				name: 'indicatorType',
				type: 'options',
				options: INDICATOR_TYPES.map((t) => ({ name: t, value: t })),
				default: 'FileSha256',
			},
			{ displayName: 'Value', name: 'indicatorValue', type: 'string', default: '' },
		],
	},
	optionsProperty([tenantConcurrencyOption('fetched')]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['indicator'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const clauses = ['indicatorValue', 'indicatorType', 'action']
		.filter((k) => typeof filters[k] === 'string' && (filters[k] as string).trim())
		.map((k) => `${k} eq ${quoteString((filters[k] as string).trim())}`);
	return await listAcrossTenants.call(
		this,
		itemIndex,
		'/api/indicators',
		clauses.join(' and ') || undefined,
	);
}
