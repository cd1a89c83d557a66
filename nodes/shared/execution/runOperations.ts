/**
 * The execute() of every action node: runs the chosen operation once per input item. A failing
 * item becomes an error item (for the regular or the error output) when the node is set to
 * continue on fail; otherwise the run stops with that item's error (n8n's error classes kept,
 * anything else wrapped with the item index).
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorItem } from '../transport';

export type Operation = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<INodeExecutionData[]>;

/** resource → operation → implementation. */
export type OperationTable = Record<string, Record<string, Operation>>;

export async function runOperations(
	this: IExecuteFunctions,
	operations: OperationTable,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const returnData: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		const resource = this.getNodeParameter('resource', i) as string;
		const operation = this.getNodeParameter('operation', i) as string;
		const run = operations[resource]?.[operation];
		if (run === undefined) {
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operation}" is not supported`,
				{
					itemIndex: i,
				},
			);
		}
		try {
			// A loop, not push(...result): Get Many or a batch import can return more items than the
			// argument limit of a call.
			for (const item of await run.call(this, i)) returnData.push(item);
		} catch (error) {
			if (this.continueOnFail()) {
				returnData.push(errorItem(this.getNode(), error as Error, {}, i));
				continue;
			}
			throw error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
		}
	}
	return [returnData];
}
