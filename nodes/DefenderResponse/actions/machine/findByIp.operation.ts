import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { isIpv4, isIpv6 } from '../../helpers/indicatorValue';
import { request, singleTenant, tenantFields } from '../../helpers/target';
import { optionsProperty, singleTenantProperty } from '../common.description';

const properties: INodeProperties[] = [
	singleTenantProperty,
	{
		displayName: 'IP Address',
		name: 'ip',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 10.166.93.61',
		description: 'Internal IP address the machine used',
	},
	{
		displayName: 'Seen At',
		name: 'timestamp',
		type: 'dateTime',
		default: '',
		description:
			'When the machine had that address; Defender looks 15 minutes either side, within the last 30 days. Empty means now.',
	},
	optionsProperty(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['machine'], operation: ['findByIp'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const target = await singleTenant.call(this, itemIndex);
	const ip = String(this.getNodeParameter('ip', itemIndex, '')).trim();
	if (!isIpv4(ip) && !isIpv6(ip)) {
		throw new NodeOperationError(
			this.getNode(),
			`"${ip.slice(0, 60)}" is not an IPv4 or IPv6 address.`,
			{ itemIndex },
		);
	}
	const raw = String(this.getNodeParameter('timestamp', itemIndex, '') || '');
	const when = raw ? new Date(raw) : new Date();
	if (Number.isNaN(when.getTime())) {
		throw new NodeOperationError(this.getNode(), `"${raw}" is not a date and time.`, { itemIndex });
	}
	const stamp = when.toISOString().replace(/\.\d{3}Z$/, 'Z');
	const body = await request.call(this, target, itemIndex, {
		method: 'GET',
		path: `/api/machines/findbyip(ip='${ip}',timestamp=${stamp})`,
	});
	const machines = (Array.isArray(body.value) ? body.value : []) as IDataObject[];
	return machines.map((m) => ({
		json: { ...m, ...tenantFields(target.tenant) },
		pairedItem: { item: itemIndex },
	}));
}
