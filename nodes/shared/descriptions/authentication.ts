/**
 * The credential choice every Defender node shows, and the matching `credentials` entries, so
 * all nodes offer the same two credentials the same way.
 */
import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{
			name: 'MSSP App (Many Customer Tenants)',
			value: 'defenderMsspAppApi',
			description: "The MSSP's multi-tenant app, consented in each customer tenant",
		},
		{
			name: 'OAuth2 (One Customer Tenant)',
			value: 'defenderMsspOAuth2Api',
			description: 'Sign in as a user of one customer tenant',
		},
	],
	default: 'defenderMsspAppApi',
};

/** `credentials` array of a Defender node. */
export const defenderCredentials: INodeCredentialDescription[] = [
	{
		name: 'defenderMsspAppApi',
		required: true,
		displayOptions: { show: { authentication: ['defenderMsspAppApi'] } },
	},
	{
		name: 'defenderMsspOAuth2Api',
		required: true,
		displayOptions: { show: { authentication: ['defenderMsspOAuth2Api'] } },
	},
];
