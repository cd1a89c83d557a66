import { ExecutionLifecycleHooks } from 'n8n-core';
import type {
	ICredentialsHelper,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { UnexpectedError } from 'n8n-workflow';

const unsupported = (what: string) => async () => {
	throw new UnexpectedError(`The test harness does not support ${what}`);
};

/**
 * What the server's `WorkflowExecuteAdditionalData.getBase()` provides, reduced to what a node of
 * this package can reach: the credentials helper, lifecycle hooks and the base URLs. Sub-workflow
 * calls, AI agents and task runners (Code node) are out of scope and fail loudly if reached.
 */
export function buildAdditionalData(
	credentialsHelper: ICredentialsHelper,
	mode: WorkflowExecuteMode,
	workflowData: IWorkflowBase,
): IWorkflowExecuteAdditionalData {
	const executionId = 'harness-execution';
	const base = 'http://127.0.0.1:5678';
	const data = {
		credentialsHelper,
		hooks: new ExecutionLifecycleHooks(mode, executionId, workflowData),
		executionId,
		userId: 'harness-user',
		workflowId: workflowData.id,
		projectId: 'harness-project',
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: base,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		variables: {},
		executeWorkflow: unsupported('sub-workflow execution'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: unsupported('task runners'),
	};
	// The interface also lists optional server-only hooks; the ones above are all n8n-core reads.
	return data as unknown as IWorkflowExecuteAdditionalData;
}
