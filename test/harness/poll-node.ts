import { PollContext, TriggersAndPollers } from 'n8n-core';
import type { IDataObject, INodeExecutionData, WorkflowActivateMode } from 'n8n-workflow';
import { deepCopy } from 'n8n-workflow';

import type { CredentialUpdate, HarnessCredentials } from './credential-store';
import type { CapturedLog } from './log-capture';
import { Container } from './n8n-core-deps';
import { setupWorkflow } from './workflow-setup';
import type { NodeSetupOptions } from './workflow-setup';

export interface PollNodeOptions extends NodeSetupOptions {
	/** 'trigger' = an active workflow's scheduled poll; 'manual' = "Fetch Test Event". */
	mode: 'trigger' | 'manual';
	/** `getActivationMode()`; default 'activate' for trigger mode, 'manual' for manual mode. */
	activation?: WorkflowActivateMode;
	/** What `getPollBudgetMs()` answers; default n8n-core's own (5 minutes). */
	pollBudgetMs?: number;
}

export interface PollNodeResult {
	/** What `poll()` returned (null = nothing new, no execution started). */
	result: INodeExecutionData[][] | null;
	/** The error `poll()` threw, if any (n8n would fail activation or call the error workflow). */
	error?: Error;
	/**
	 * The workflow static data n8n keeps after this poll (keys like `node:Node Under Test`), deep
	 * copied. Manual runs never persist static data, so for them this is the input unchanged;
	 * for trigger polls it is the state after the poll. Feed it to the next pollNode call.
	 */
	staticData: IDataObject;
	/** The in-memory static data right after poll(), even in manual mode (to assert on misuse). */
	staticDataAfterPoll: IDataObject;
	logs: CapturedLog[];
	credentialUpdates: CredentialUpdate[];
	credentials: HarnessCredentials;
}

/**
 * Calls the node's `poll()` with n8n-core's own PollContext (real `getWorkflowStaticData('node')`,
 * `getMode()`, request helpers) through n8n-core's TriggersAndPollers, as the poll scheduler does.
 */
export async function pollNode(options: PollNodeOptions): Promise<PollNodeResult> {
	const { logger, store, workflow, node, additionalData } = setupWorkflow(options, options.mode);
	const activation = options.activation ?? (options.mode === 'manual' ? 'manual' : 'activate');
	const context =
		options.pollBudgetMs === undefined
			? new PollContext(workflow, node, additionalData, options.mode, activation)
			: new PollContext(
					workflow,
					node,
					additionalData,
					options.mode,
					activation,
					undefined,
					undefined,
					undefined,
					undefined,
					undefined,
					() => options.pollBudgetMs as number,
				);
	let result: INodeExecutionData[][] | null = null;
	let error: Error | undefined;
	try {
		result = await Container.get(TriggersAndPollers).runPollFunction(workflow, node, context);
	} catch (e) {
		error = e as Error;
	}
	const after = deepCopy(workflow.staticData as IDataObject);
	return {
		result,
		error,
		staticData: options.mode === 'manual' ? deepCopy(options.staticData ?? {}) : after,
		staticDataAfterPoll: after,
		logs: logger.drain(),
		credentialUpdates: store.updates,
		credentials: store.snapshot(),
	};
}
