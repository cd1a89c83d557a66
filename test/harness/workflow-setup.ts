import type {
	ICredentialType,
	IDataObject,
	INode,
	INodeParameters,
	INodeType,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow, deepCopy } from 'n8n-workflow';

import { buildAdditionalData } from './additional-data';
import { setupN8nContainer } from './container';
import { CredentialStore } from './credential-store';
import type { HarnessCredentials } from './credential-store';
import { HarnessCredentialTypes } from './credential-types';
import { HarnessCredentialsHelper } from './credentials-helper';
import type { CapturingLogger } from './log-capture';
import { HarnessNodeTypes, latestVersion } from './node-types';

export const NODE_UNDER_TEST = 'Node Under Test';

export interface NodeSetupOptions {
	nodeType: INodeType | IVersionedNodeType;
	parameters: INodeParameters;
	credentialTypes?: ICredentialType[];
	credentials?: HarnessCredentials;
	typeVersion?: number;
	staticData?: IDataObject;
	/** Node setting "On Error: Continue" (`onError: 'continueRegularOutput'`). */
	continueOnFail?: boolean;
	/** Node setting "On Error" as stored; overrides continueOnFail. */
	onError?: 'continueRegularOutput' | 'continueErrorOutput';
	/**
	 * One credentials table shared by several workflows built one after another (the poll
	 * scheduler builds a workflow per activation or per durable task, as n8n does); `credentials`
	 * is then ignored. Default: a fresh store from `credentials`.
	 */
	credentialStore?: CredentialStore;
}

export interface HarnessWorkflow {
	logger: CapturingLogger;
	store: CredentialStore;
	workflow: Workflow;
	node: INode;
	additionalData: IWorkflowExecuteAdditionalData;
}

/** Builds the workflow around the node under test, shared by runNode and pollNode. */
export function setupWorkflow(
	options: NodeSetupOptions,
	mode: WorkflowExecuteMode,
	extraNodes: INode[] = [],
	connections: IWorkflowBase['connections'] = {},
): HarnessWorkflow {
	const logger = setupN8nContainer();
	logger.drain();
	const store = options.credentialStore ?? new CredentialStore(options.credentials);
	const helper = new HarnessCredentialsHelper(
		new HarnessCredentialTypes(options.credentialTypes ?? []),
		store,
	);
	const node: INode = {
		id: 'node-under-test',
		name: NODE_UNDER_TEST,
		type: options.nodeType.description.name,
		typeVersion: options.typeVersion ?? latestVersion(options.nodeType),
		position: [200, 0],
		parameters: options.parameters,
		credentials: store.nodeCredentials(),
		...(options.onError
			? { onError: options.onError }
			: options.continueOnFail
				? { onError: 'continueRegularOutput' as const }
				: {}),
	};
	const workflowData: IWorkflowBase = {
		id: 'harness-workflow',
		name: 'Harness',
		active: mode !== 'manual',
		isArchived: false,
		activeVersionId: null,
		nodes: [...extraNodes, node],
		connections,
		settings: {},
		// n8n loads static data from the DB as JSON; a deep copy keeps the caller's object apart.
		staticData: deepCopy(options.staticData ?? {}),
		createdAt: new Date(),
		updatedAt: new Date(),
	};
	const workflow = new Workflow({
		...workflowData,
		nodeTypes: new HarnessNodeTypes([options.nodeType]),
	});
	const additionalData = buildAdditionalData(helper, mode, workflowData);
	return { logger, store, workflow, node, additionalData };
}
