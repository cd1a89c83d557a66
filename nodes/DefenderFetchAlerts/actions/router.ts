/** Which function runs each resource/operation; shared/execution's runOperations runs them per item. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runOperations } from '../../shared/execution';
import type { OperationTable } from '../../shared/execution';
import * as alert from './alert';

const OPERATIONS: OperationTable = {
	alert: {
		batchUpdate: alert.batchUpdate.execute,
		get: alert.get.execute,
		getAll: alert.getAll.execute,
		update: alert.update.execute,
	},
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runOperations.call(this, OPERATIONS);
}
