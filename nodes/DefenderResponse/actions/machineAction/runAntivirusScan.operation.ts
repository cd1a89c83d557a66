import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runMachineAction } from '../../helpers/runAction';
import { actionProperties } from './common';

const properties: INodeProperties[] = actionProperties('Scanned', [
	{
		displayName: 'Scan Type',
		name: 'scanType',
		type: 'options',
		options: [
			{ name: 'Full', value: 'Full' },
			{ name: 'Quick', value: 'Quick' },
		],
		default: 'Quick',
	},
]);

export const description = updateDisplayOptions(
	{ show: { resource: ['machineAction'], operation: ['runAntivirusScan'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await runMachineAction.call(this, itemIndex, {
		type: 'RunAntiVirusScan',
		endpoint: 'runAntiVirusScan',
		scope: { field: 'ScanType', parameter: 'scanType' },
	});
}
