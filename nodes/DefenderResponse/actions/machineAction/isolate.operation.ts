import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runMachineAction } from '../../helpers/runAction';
import { actionProperties } from './common';

const properties: INodeProperties[] = actionProperties('Isolated', [
	{
		displayName: 'Isolation Type',
		name: 'isolationType',
		type: 'options',
		options: [
			{
				name: 'Full',
				value: 'Full',
				description: 'Cut the machine off from the network except the Defender service',
			},
			{
				name: 'Selective',
				value: 'Selective',
				description: 'Keep Outlook, Teams and Skype working (Windows 10 1709+)',
			},
		],
		default: 'Full',
	},
]);

export const description = updateDisplayOptions(
	{ show: { resource: ['machineAction'], operation: ['isolate'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await runMachineAction.call(this, itemIndex, {
		type: 'Isolate',
		endpoint: 'isolate',
		scope: { field: 'IsolationType', parameter: 'isolationType' },
	});
}
