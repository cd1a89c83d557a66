import { updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import {
	buildIndicatorBody,
	INDICATOR_ACTIONS,
	INDICATOR_SEVERITIES,
} from '../../helpers/indicatorBody';
import { asNodeError } from '../../../shared/transport';
import { request, singleTenant, tenantFields } from '../../helpers/target';
import { optionsProperty, singleTenantProperty } from '../common.description';

const words = (v: string) => v.replace(/([a-z0-9])([A-Z])/g, '$1 $2');

const properties: INodeProperties[] = [
	singleTenantProperty,
	{
		displayName: 'Value',
		name: 'indicatorValue',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f',
		description:
			'File hash (MD5, SHA-1, SHA-256), IP address, domain, URL or certificate thumbprint. IP ranges (CIDR) are not supported.',
	},
	{
		displayName: 'Type',
		name: 'indicatorType',
		type: 'options',
		options: [
			{ name: 'Certificate Thumbprint', value: 'CertificateThumbprint' },
			{
				name: 'Detect From Value',
				value: 'auto',
				description:
					'A 40-character hash counts as SHA-1; choose Certificate Thumbprint for certificates',
			},
			{ name: 'Domain Name', value: 'DomainName' },
			{ name: 'File MD5', value: 'FileMd5' },
			{ name: 'File SHA-1', value: 'FileSha1' },
			{ name: 'File SHA-256', value: 'FileSha256' },
			{ name: 'IP Address', value: 'IpAddress' },
			{ name: 'URL', value: 'Url' },
		],
		default: 'auto',
	},
	{
		displayName: 'Action',
		name: 'action',
		type: 'options',
		options: INDICATOR_ACTIONS.map((a) => ({ name: words(a), value: a })),
		default: 'Block',
		description: 'What Defender does when it sees the indicator. Audit needs Generate Alert.',
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		description: 'Shown in alerts; defaults to the action and value',
	},
	{
		displayName: 'Expiration',
		name: 'expiration',
		type: 'string',
		default: '30d',
		placeholder: 'e.g. 30d, 12h, P30D or 2026-12-31T00:00:00Z',
		description:
			'A duration from now or a date; empty or "never" keeps the indicator until deleted',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
				typeOptions: { rows: 2 },
			},
			{
				displayName: 'Device Groups',
				name: 'rbacGroupNames',
				type: 'string',
				default: '',
				description: 'Comma-separated device group names the indicator applies to; empty means all',
			},
			{
				displayName: 'Generate Alert',
				name: 'generateAlert',
				type: 'boolean',
				default: false,
				description: 'Whether Defender raises an alert when the indicator matches',
			},
			{
				displayName: 'Recommended Actions',
				name: 'recommendedActions',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Severity',
				name: 'severity',
				type: 'options',
				options: INDICATOR_SEVERITIES.map((s) => ({ name: s, value: s })),
				default: 'Medium',
			},
		],
	},
	optionsProperty(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['indicator'], operation: ['createOrUpdate'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const target = await singleTenant.call(this, itemIndex);
	const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	let body: IDataObject;
	try {
		body = buildIndicatorBody(
			{
				...extra,
				indicatorValue: this.getNodeParameter('indicatorValue', itemIndex, ''),
				indicatorType: this.getNodeParameter('indicatorType', itemIndex, 'auto'),
				action: this.getNodeParameter('action', itemIndex, 'Block'),
				title: this.getNodeParameter('title', itemIndex, ''),
				expiration: this.getNodeParameter('expiration', itemIndex, ''),
			},
			Date.now(),
		);
	} catch (error) {
		throw asNodeError(this.getNode(), error, { itemIndex });
	}
	const indicator = await request.call(this, target, itemIndex, {
		method: 'POST',
		path: '/api/indicators',
		body,
	});
	delete indicator['@odata.context'];
	return [
		{ json: { ...indicator, ...tenantFields(target.tenant) }, pairedItem: { item: itemIndex } },
	];
}
