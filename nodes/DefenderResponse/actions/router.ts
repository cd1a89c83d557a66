/** Which function runs each resource/operation; shared/execution's runOperations runs them per item. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runOperations } from '../../shared/execution';
import type { OperationTable } from '../../shared/execution';
import * as indicator from './indicator';
import * as machine from './machine';
import * as machineAction from './machineAction';

const OPERATIONS: OperationTable = {
	machine: {
		findByIp: machine.findByIp.execute,
		get: machine.get.execute,
		getAll: machine.getAll.execute,
		getByAlert: machine.getByAlert.execute,
	},
	machineAction: {
		collectInvestigationPackage: machineAction.collectInvestigationPackage.execute,
		getStatus: machineAction.getStatus.execute,
		isolate: machineAction.isolate.execute,
		releaseIsolation: machineAction.releaseIsolation.execute,
		removeAppRestriction: machineAction.removeAppRestriction.execute,
		restrictAppExecution: machineAction.restrictAppExecution.execute,
		runAntivirusScan: machineAction.runAntivirusScan.execute,
	},
	indicator: indicator.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runOperations.call(this, OPERATIONS);
}
