import type { INodeProperties } from 'n8n-workflow';

import type { OperationTable } from '../../../shared/execution';
import * as batchImport from './batchImport.operation';
import * as createOrUpdate from './createOrUpdate.operation';
import * as deleteIndicator from './delete.operation';
import * as getAll from './getAll.operation';

export const operations: OperationTable[string] = {
	batchImport: batchImport.execute,
	createOrUpdate: createOrUpdate.execute,
	delete: deleteIndicator.execute,
	getAll: getAll.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['indicator'] } },
		options: [
			{
				name: 'Batch Import',
				value: 'batchImport',
				description: 'Create or update many indicators, 500 per call, with a result per row',
				action: 'Import indicators',
			},
			{
				name: 'Create or Update',
				value: 'createOrUpdate',
				description:
					'Block, warn about, audit or allow a file hash, IP, domain, URL or certificate',
				action: 'Create or update an indicator',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete an indicator by ID',
				action: 'Delete an indicator',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many indicators',
				action: 'Get many indicators',
			},
		],
		default: 'createOrUpdate',
	},
	...createOrUpdate.description,
	...getAll.description,
	...deleteIndicator.description,
	...batchImport.description,
];
