import type { INodeProperties } from 'n8n-workflow';

import * as findByIp from './findByIp.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getByAlert from './getByAlert.operation';

export { findByIp, get, getAll, getByAlert };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['machine'] } },
		options: [
			{
				name: 'Find by IP',
				value: 'findByIp',
				description: 'Find machines that used an internal IP address around a time',
				action: 'Find machines by IP',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a machine by ID or DNS name',
				action: 'Get a machine',
			},
			{
				name: 'Get by Alert',
				value: 'getByAlert',
				description: 'Get the machine an alert was raised on',
				action: 'Get the machine of an alert',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many machines, filtered',
				action: 'Get many machines',
			},
		],
		default: 'get',
	},
	...get.description,
	...getAll.description,
	...findByIp.description,
	...getByAlert.description,
];
