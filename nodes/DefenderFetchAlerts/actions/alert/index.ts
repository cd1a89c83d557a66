import type { INodeProperties } from 'n8n-workflow';

import * as batchUpdate from './batchUpdate.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export { batchUpdate, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['alert'] } },
		options: [
			{
				name: 'Batch Update',
				value: 'batchUpdate',
				description: 'Update many alerts at once in one tenant',
				action: 'Batch update alerts',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get an alert by ID',
				action: 'Get an alert',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many alerts across customer tenants',
				action: 'Get many alerts',
			},
			{
				name: 'Update',
				value: 'update',
				description: "Update an alert's status, owner, classification or comment",
				action: 'Update an alert',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
	...get.description,
	...update.description,
	...batchUpdate.description,
];
