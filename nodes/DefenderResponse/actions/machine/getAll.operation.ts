import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { defenderApiRequestAllItems } from '../../../shared/transport';
import { buildMachineFilter, EXPOSURE_LEVELS, HEALTH_STATUSES, RISK_SCORES } from '../../helpers/machineFilter';
import type { MachineFilters } from '../../helpers/machineFilter';
import { singleTenant, tenantFields } from '../../helpers/target';
import { optionsProperty, singleTenantProperty } from '../common.description';

const choices = (values: string[]) => values.map((v) => ({ name: v.replace(/([a-z])([A-Z])/g, '$1 $2'), value: v }));

const properties: INodeProperties[] = [
	singleTenantProperty,
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
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Computer DNS Name', name: 'computerDnsName', type: 'string', default: '', placeholder: 'e.g. ws042.contoso.local' },
			{ displayName: 'Device Group', name: 'rbacGroupName', type: 'string', default: '', description: 'Machine group name as shown in Defender' },
			{ displayName: 'Exposure Level', name: 'exposureLevel', type: 'multiOptions', options: choices(EXPOSURE_LEVELS), default: [] },
			{ displayName: 'Health Status', name: 'healthStatus', type: 'multiOptions', options: choices(HEALTH_STATUSES), default: [] },
			{ displayName: 'Last Seen After', name: 'lastSeenAfter', type: 'dateTime', default: '' },
			{ displayName: 'OS Platform', name: 'osPlatform', type: 'string', default: '', placeholder: 'e.g. Windows11' },
			{ displayName: 'Risk Score', name: 'riskScore', type: 'multiOptions', options: choices(RISK_SCORES), default: [] },
			{ displayName: 'Tag', name: 'machineTag', type: 'string', default: '', description: 'Machines carrying this tag' },
		],
	},
	optionsProperty(),
];

export const description = updateDisplayOptions({ show: { resource: ['machine'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const target = await singleTenant.call(this, itemIndex);
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as MachineFilters;
	let $filter: string | undefined;
	try {
		$filter = buildMachineFilter(filters);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex });
	}
	const machines = await defenderApiRequestAllItems.call(this, {
		authentication: target.authentication,
		tenant: target.tenant,
		path: '/api/machines',
		qs: $filter ? { $filter } : {},
		limit,
		stableOrder: null,
		itemIndex,
		...(target.maxRetryWaitSeconds !== undefined ? { maxRetryWaitSeconds: target.maxRetryWaitSeconds } : {}),
	});
	return (machines as IDataObject[]).map((m) => ({
		json: { ...m, ...tenantFields(target.tenant) },
		pairedItem: { item: itemIndex },
	}));
}
