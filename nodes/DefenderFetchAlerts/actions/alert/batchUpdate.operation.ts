import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { withBatchProgress } from '../../helpers/batchProgress';
import { singleTenant } from '../../helpers/singleAlert';
import { assertId } from '../../../shared/execution';
import {
	defenderApiRequest,
	InputError,
	tenantFields,
	withInputErrors,
} from '../../../shared/transport';
import { alertIdList } from '../../helpers/updateBody';
import { singleTenantProperty, updateFieldProperties } from '../common.description';
import { readUpdateBody } from './update.operation';

/**
 * Alerts per batchUpdate call. Defender documents no maximum but allows only 10 batch calls a
 * minute per tenant (the transport's `alertsBatchUpdate` budget waits for it), so calls are large.
 */
export const BATCH_SIZE = 1000;

const properties: INodeProperties[] = [
	singleTenantProperty,
	{
		displayName: 'Alert IDs',
		name: 'alertIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. da637472900382838869_1364969609, da637308392288907382_-880718168',
		description:
			'The alerts to update, separated by commas, or an expression that returns a list of IDs',
	},
	...updateFieldProperties,
];

const displayOptions = { show: { resource: ['alert'], operation: ['batchUpdate'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { tenant } = await singleTenant.call(this, itemIndex);
	const raw = this.getNodeParameter('alertIds', itemIndex, '');
	const ids = alertIdList(raw);
	withInputErrors(this.getNode(), { itemIndex }, () => {
		if (ids.length === 0) {
			throw new InputError(
				'No alert IDs were given: the list is empty. Enter alert IDs separated by commas, or check that the expression returns at least one ID.',
			);
		}
		for (const id of ids) assertId('alert', id);
	});
	const body = readUpdateBody.call(this, itemIndex);
	const count = Math.ceil(ids.length / BATCH_SIZE);
	for (let start = 0; start < ids.length; start += BATCH_SIZE) {
		const end = Math.min(start + BATCH_SIZE, ids.length);
		try {
			await defenderApiRequest.call(this, {
				tenant,
				method: 'POST',
				path: '/api/alerts/batchUpdate',
				family: 'alertsBatchUpdate',
				body: { alertIds: ids.slice(start, end), ...body },
				itemIndex,
			});
		} catch (error) {
			const batch = { start, end, number: start / BATCH_SIZE + 1, count };
			throw withBatchProgress(this.getNode(), error as Error, ids, batch, itemIndex);
		}
	}
	return [
		{
			json: {
				...tenantFields(tenant),
				updated: true,
				alertCount: ids.length,
				alertIds: ids,
				...body,
			},
			pairedItem: { item: itemIndex },
		},
	];
}
