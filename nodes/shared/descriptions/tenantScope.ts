/**
 * Tenant scope fields (which customer tenants an operation runs on) and the retry-wait option.
 * Read by `resolveTenants` (transport/tenants.ts); keep the parameter names in step with it.
 */
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_TENANT_CONCURRENCY } from '../transport';

const appOnly = { show: { authentication: ['defenderMsspAppApi'] } };

export const tenantScopeProperties: INodeProperties[] = [
	{
		displayName: 'Customer Tenants',
		name: 'tenantScope',
		type: 'options',
		noDataExpression: true,
		displayOptions: appOnly,
		options: [
			{
				name: 'All Tenants on the Credential',
				value: 'all',
				description: 'Every customer tenant listed on the MSSP App credential',
			},
			{ name: 'One Tenant', value: 'one' },
			{ name: 'Several Tenants', value: 'list' },
		],
		default: 'one',
	},
	{
		displayName: 'Customer Tenant',
		name: 'tenant',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		displayOptions: { show: { authentication: ['defenderMsspAppApi'], tenantScope: ['one'] } },
		modes: [
			{
				displayName: 'From Credential',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchTenants', searchable: true },
			},
			{
				displayName: 'By ID or Domain',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47 or contoso.onmicrosoft.com',
				validation: [
					{
						type: 'regex',
						properties: {
							regex:
								'^\\s*(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]{2,63})\\s*$',
							errorMessage: 'Enter a tenant ID (GUID) or a domain such as contoso.onmicrosoft.com',
						},
					},
				],
			},
		],
	},
	{
		displayName: 'Customer Tenant Names or IDs',
		name: 'tenantIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getTenants' },
		default: [],
		required: true,
		displayOptions: { show: { authentication: ['defenderMsspAppApi'], tenantScope: ['list'] } },
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
];

const pickedTenant = tenantScopeProperties.find((p) => p.name === 'tenant') as INodeProperties;

/** For operations that act in exactly one tenant: the picker shows without a scope choice. */
export const singleTenantProperty: INodeProperties = { ...pickedTenant, displayOptions: appOnly };

/** Return All / Limit, with n8n's standard copy; the notice says the limit is per tenant. */
export const returnAllProperties: INodeProperties[] = [
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
		displayName: 'With several customer tenants, the limit applies to each tenant',
		name: 'limitNotice',
		type: 'notice',
		default: '',
		displayOptions: {
			show: {
				returnAll: [false],
				authentication: ['defenderMsspAppApi'],
				tenantScope: ['list', 'all'],
			},
		},
	},
];

/** Goes into a node's Options collection; `verb` says what happens to each tenant. */
export const tenantConcurrencyOption = (verb: 'fetched' | 'polled'): INodeProperties => ({
	displayName: 'Tenant Concurrency',
	name: 'tenantConcurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 20 },
	default: DEFAULT_TENANT_CONCURRENCY,
	description: `How many customer tenants are ${verb} at the same time. Each tenant has its own Defender rate limit.`,
});

/** Goes into a node's Options collection. */
export const maxRetryWaitOption: INodeProperties = {
	displayName: 'Max Retry Wait (Seconds)',
	name: 'maxRetryWaitSeconds',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 120,
	description:
		'Longest wait accepted when Defender throttles a tenant (HTTP 429 Retry-After). A longer requested wait fails the tenant with an error instead of blocking the workflow.',
};
