import { WorkflowExecute } from 'n8n-core';
import type {
	ExecutionError,
	IDataObject,
	INode,
	INodeExecutionData,
	NodeExecutionHint,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, deepCopy } from 'n8n-workflow';

import type { CredentialUpdate, HarnessCredentials } from './credential-store';
import type { CapturedLog } from './log-capture';
import { START_NODE_TYPE } from './node-types';
import { NODE_UNDER_TEST, setupWorkflow } from './workflow-setup';
import type { NodeSetupOptions } from './workflow-setup';

export interface RunNodeOptions extends NodeSetupOptions {
	/** JSON of the items the start node emits; default one empty item, like a manual run. */
	inputItems?: IDataObject[];
	/** Default 'manual' (editor "Execute"); use 'trigger'/'webhook'/'cli' to mimic production. */
	mode?: WorkflowExecuteMode;
}

export interface RunNodeResult {
	/** The node's output per output index, or null if it failed. */
	output: INodeExecutionData[][] | null;
	/** The error n8n recorded for the node (NodeApiError, NodeOperationError, …), if it failed. */
	error?: ExecutionError;
	hints: NodeExecutionHint[];
	logs: CapturedLog[];
	credentialUpdates: CredentialUpdate[];
	/** Stored credentials after the run; pass them to the next run to simulate persistence. */
	credentials: HarnessCredentials;
	staticData: IDataObject;
}

const start: INode = {
	id: 'start',
	name: 'Start',
	type: START_NODE_TYPE,
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/**
 * Runs `Start → node under test` through n8n-core's WorkflowExecute, exactly as n8n executes a
 * workflow: parameters and expressions are resolved by n8n, errors become `continueOnFail` items
 * or execution errors by n8n's rules, and requests leave through n8n's own HTTP stack.
 */
export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const mode = options.mode ?? 'manual';
	const { logger, store, workflow, additionalData } = setupWorkflow(options, mode, [start], {
		Start: { main: [[{ node: NODE_UNDER_TEST, type: 'main', index: 0 }]] },
	});
	const items = options.inputItems ?? [{}];
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: start, data: { main: [items.map((json) => ({ json }))] }, source: null },
			],
		},
	});
	const run = await new WorkflowExecute(
		additionalData,
		mode,
		runExecutionData,
	).processRunExecutionData(workflow);
	const task = run.data.resultData.runData[NODE_UNDER_TEST]?.[0];
	return {
		output: task?.error ? null : ((task?.data?.main ?? null) as INodeExecutionData[][] | null),
		error: task?.error ?? run.data.resultData.error,
		hints: task?.hints ?? [],
		logs: logger.drain(),
		credentialUpdates: store.updates,
		credentials: store.snapshot(),
		staticData: deepCopy(workflow.staticData as IDataObject),
	};
}
