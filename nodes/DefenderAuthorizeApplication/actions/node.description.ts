import type { INodeProperties } from 'n8n-workflow';

import * as onboarding from './onboarding';

/** Every parameter of the node; the node class holds the rest of its description. */
export const properties: INodeProperties[] = [
	{
		// Only the MSSP App credential: consent links, state signing and the code redemption all
		// belong to the MSSP's app registration. Kept as a parameter so the shared tenant fields
		// (shown for the app credential) and `resolveTenants` work unchanged.
		displayName: 'Authentication',
		name: 'authentication',
		type: 'hidden',
		default: 'defenderMsspAppApi',
	},
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [{ name: 'Customer Onboarding', value: 'onboarding' }],
		default: 'onboarding',
	},
	...onboarding.description,
];
