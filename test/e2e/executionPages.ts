/**
 * Every execution of a workflow through n8n's public API, page by page (`nextCursor`; 250 per
 * page, n8n's maximum): a retried outage makes more executions than one page holds.
 */
import type { N8nHost } from './n8nHost';

export interface ExecutionSummary {
	id: string;
	status: string;
	mode: string;
	retryOf: string | null;
	retrySuccessId: string | null;
	data?: unknown;
}

export async function allExecutions(
	host: N8nHost,
	workflowId: string,
	options: { includeData?: boolean; status?: string } = {},
): Promise<ExecutionSummary[]> {
	const out: ExecutionSummary[] = [];
	let cursor: string | null = null;
	do {
		const q = new URLSearchParams({ workflowId, limit: '250' });
		if (options.includeData) q.set('includeData', 'true');
		if (options.status) q.set('status', options.status);
		if (cursor) q.set('cursor', cursor);
		const page: { data: ExecutionSummary[]; nextCursor: string | null } = await host.api(
			`/executions?${q.toString()}`,
		);
		out.push(...page.data.map((e) => ({ ...e, id: String(e.id) })));
		cursor = page.nextCursor;
	} while (cursor);
	return out;
}
