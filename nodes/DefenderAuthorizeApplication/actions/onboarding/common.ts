import type { INodeProperties } from 'n8n-workflow';

export const customerTenantProperty: INodeProperties = {
	displayName: 'Customer Tenant ID or Domain',
	name: 'customerTenant',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. contoso.onmicrosoft.com',
	description: "The customer's tenant ID (GUID) or one of its domains, as the customer gave it",
};

export const redirectUriProperty: INodeProperties = {
	displayName: 'Redirect URI',
	name: 'redirectUri',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. https://n8n.example.com/webhook/defender-consent',
	description:
		"Production URL of the Webhook node that receives the redirect. Add it to the app registration's Web redirect URIs.",
};
