/**
 * The shapes the e2e harness exchanges with n8n: workflows and credentials as the CLI imports
 * them, and the run JSON `n8n execute --rawOutput` prints.
 */
export interface N8nNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	/** Webhook and form triggers: the production path segment. */
	webhookId?: string;
}

export interface N8nWorkflow {
	id: string;
	name: string;
	nodes: N8nNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	active?: boolean;
}

export interface N8nCredential {
	id: string;
	name: string;
	type: string;
	/** Plain fields; n8n encrypts them with the instance key on import. */
	data: Record<string, unknown>;
}

export interface NodeRun {
	executionStatus?: string;
	error?: { message: string };
	data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> };
}

/** The run JSON `n8n execute --rawOutput` prints (IRun). */
export interface WorkflowRun {
	status?: string;
	mode?: string;
	data: { resultData: { runData: Record<string, NodeRun[]>; error?: { message: string } } };
}

/** Output rows of a node in a run, for assertions. */
export function nodeOutput(run: WorkflowRun, nodeName: string): Array<Record<string, unknown>> {
	const runs = run.data.resultData.runData[nodeName];
	if (!runs) throw new Error(`node "${nodeName}" did not run`);
	return (runs[runs.length - 1].data?.main[0] ?? []).map((i) => i.json);
}
