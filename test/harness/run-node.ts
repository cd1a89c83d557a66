import { WorkflowExecute } from 'n8n-core';
import type {
	ExecutionError,
	ICredentialType,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowBase,
	NodeExecutionHint,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow, createRunExecutionData, deepCopy } from 'n8n-workflow';

import { buildAdditionalData } from './additional-data';
import { setupN8nContainer } from './container';
import { CredentialStore } from './credential-store';
import type { CredentialUpdate, HarnessCredentials } from './credential-store';
import { HarnessCredentialTypes } from './credential-types';
import { HarnessCredentialsHelper } from './credentials-helper';
import type { CapturedLog } from './log-capture';
import { HarnessNodeTypes, START_NODE_TYPE, latestVersion } from './node-types';

export const NODE_UNDER_TEST = 'Node Under Test';

export interface RunNodeOptions {
	nodeType: INodeType | IVersionedNodeType;
	parameters: INodeParameters;
	credentialTypes?: ICredentialType[];
	credentials?: HarnessCredentials;
	/** JSON of the items the start node emits; default one empty item, like a manual run. */
	inputItems?: IDataObject[];
	/** Node setting "On Error: Continue" (`onError: 'continueRegularOutput'`). */
	continueOnFail?: boolean;
	typeVersion?: number;
	mode?: WorkflowExecuteMode;
	/** Workflow static data to start with (`getWorkflowStaticData`); deep-copied in and out. */
	staticData?: IDataObject;
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

/**
 * Runs `Start → node under test` through n8n-core's WorkflowExecute, exactly as n8n executes a
 * workflow: parameters and expressions are resolved by n8n, errors become `continueOnFail` items
 * or execution errors by n8n's rules, and requests leave through n8n's own HTTP stack.
 */
export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const logger = setupN8nContainer();
	logger.drain();
	const mode = options.mode ?? 'manual';
	const store = new CredentialStore(options.credentials);
	const helper = new HarnessCredentialsHelper(
		new HarnessCredentialTypes(options.credentialTypes ?? []),
		store,
	);
	const nodeTypes = new HarnessNodeTypes([options.nodeType]);
	const start: INode = {
		id: 'start',
		name: 'Start',
		type: START_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const underTest: INode = {
		id: 'node-under-test',
		name: NODE_UNDER_TEST,
		type: options.nodeType.description.name,
		typeVersion: options.typeVersion ?? latestVersion(options.nodeType),
		position: [200, 0],
		parameters: options.parameters,
		credentials: store.nodeCredentials(),
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const workflowData: IWorkflowBase = {
		id: 'harness-workflow',
		name: 'Harness',
		active: false,
		isArchived: false,
		activeVersionId: null,
		nodes: [start, underTest],
		connections: { Start: { main: [[{ node: NODE_UNDER_TEST, type: 'main', index: 0 }]] } },
		settings: {},
		staticData: deepCopy(options.staticData ?? {}),
		createdAt: new Date(),
		updatedAt: new Date(),
	};
	const workflow = new Workflow({ ...workflowData, nodeTypes });
	const additionalData = buildAdditionalData(helper, mode, workflowData);
	const items = options.inputItems ?? [{}];
	const runExecutionData: IRunExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: start, data: { main: [items.map((json) => ({ json }))] }, source: null },
			],
		},
	});
	const run = await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(
		workflow,
	);
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
