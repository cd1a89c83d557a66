import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runMachineAction } from '../../helpers/runAction';
import { actionProperties } from './common';

const properties: INodeProperties[] = actionProperties('App execution restricted');

export const description = updateDisplayOptions(
	{ show: { resource: ['machineAction'], operation: ['restrictAppExecution'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await runMachineAction.call(this, itemIndex, {
		type: 'RestrictCodeExecution',
		endpoint: 'restrictCodeExecution',
	});
}
