/**
 * Runs the chosen operation once per input item. A failing item becomes an error item when the
 * node is set to continue on fail; otherwise the run stops with the item's error.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import * as indicator from './indicator';
import * as machine from './machine';
import * as machineAction from './machineAction';

type Operation = (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;

const OPERATIONS: Record<string, Record<string, Operation>> = {
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
	const items = this.getInputData();
	const returnData: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		const resource = this.getNodeParameter('resource', i) as string;
		const operation = this.getNodeParameter('operation', i) as string;
		const run = OPERATIONS[resource]?.[operation];
		if (run === undefined) {
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`, {
				itemIndex: i,
			});
		}
		try {
			// A loop, not push(...result): a batch import can return more items than the argument limit.
			for (const item of await run.call(this, i)) returnData.push(item);
		} catch (error) {
			if (this.continueOnFail()) {
				const description = (error as NodeApiError).description;
				returnData.push({
					json: { error: (error as Error).message, ...(description ? { description } : {}) },
					pairedItem: { item: i },
				});
				continue;
			}
			throw error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
		}
	}
	return [returnData];
}
