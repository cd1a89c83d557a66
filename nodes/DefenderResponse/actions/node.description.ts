import type { INodeProperties } from 'n8n-workflow';

import { authenticationProperty } from '../../shared/descriptions';
import * as indicator from './indicator';
import * as machine from './machine';
import * as machineAction from './machineAction';

/** Every parameter of the node; the node class holds the rest of its description. */
export const properties: INodeProperties[] = [
	authenticationProperty,
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Indicator', value: 'indicator' },
			{ name: 'Machine', value: 'machine' },
			{ name: 'Machine Action', value: 'machineAction' },
		],
		default: 'machineAction',
	},
	...machine.description,
	...machineAction.description,
	...indicator.description,
];
