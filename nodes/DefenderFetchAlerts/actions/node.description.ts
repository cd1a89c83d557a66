import type { INodeProperties } from 'n8n-workflow';

import { authenticationProperty } from '../../shared/descriptions';
import * as alert from './alert';

/** Every parameter of the node; the node class holds the rest of its description. */
export const properties: INodeProperties[] = [
	authenticationProperty,
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [{ name: 'Alert', value: 'alert' }],
		default: 'alert',
	},
	...alert.description,
];
