import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	returnAllProperties,
	tenantConcurrencyOption,
	tenantScopeProperties,
} from '../../../shared/descriptions';
import {
	buildMachineFilter,
	EXPOSURE_LEVELS,
	HEALTH_STATUSES,
	RISK_SCORES,
} from '../../helpers/machineFilter';
import type { MachineFilters } from '../../helpers/machineFilter';
import { withInputErrors } from '../../../shared/transport';
import { listAcrossTenants } from '../../helpers/listAcrossTenants';
import { optionsProperty } from '../common.description';

const choices = (values: string[]) =>
	values.map((v) => ({ name: v.replace(/([a-z])([A-Z])/g, '$1 $2'), value: v }));

const properties: INodeProperties[] = [
	...tenantScopeProperties,
	...returnAllProperties,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Computer DNS Name',
				name: 'computerDnsName',
				type: 'string',
				default: '',
				placeholder: 'e.g. ws042.contoso.local',
			},
			{
				displayName: 'Device Group',
				name: 'rbacGroupName',
				type: 'string',
				default: '',
				description: 'Machine group name as shown in Defender',
			},
			{
				displayName: 'Exposure Level',
				name: 'exposureLevel',
				type: 'multiOptions',
				options: choices(EXPOSURE_LEVELS),
				default: [],
			},
			{
				displayName: 'Health Status',
				name: 'healthStatus',
				type: 'multiOptions',
				options: choices(HEALTH_STATUSES),
				default: [],
			},
			{ displayName: 'Last Seen After', name: 'lastSeenAfter', type: 'dateTime', default: '' },
			{
				displayName: 'OS Platform',
				name: 'osPlatform',
				type: 'string',
				default: '',
				placeholder: 'e.g. Windows11',
			},
			{
				displayName: 'Risk Score',
				name: 'riskScore',
				type: 'multiOptions',
				options: choices(RISK_SCORES),
				default: [],
			},
			{
				displayName: 'Tag',
				name: 'machineTag',
				type: 'string',
				default: '',
				description: 'Machines carrying this tag',
			},
		],
	},
	optionsProperty([tenantConcurrencyOption('fetched')]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['machine'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as MachineFilters;
	const $filter = withInputErrors(this.getNode(), { itemIndex }, () => buildMachineFilter(filters));
	return await listAcrossTenants.call(this, itemIndex, '/api/machines', $filter);
}
