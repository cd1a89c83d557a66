/**
 * Reading what a published workflow did from n8n's public API: the items a node emitted across
 * all of the workflow's executions, and waiting until some condition on them holds.
 */
import type { N8nHost } from './n8nHost';
import { sleep } from './processes';

interface ExecutionData {
	resultData?: {
		runData?: Record<
			string,
			Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>
		>;
	};
}

export interface EmittedItem {
	executionId: string;
	json: Record<string, unknown>;
}

/** Every item `nodeName` emitted on its first output, over all executions of the workflow. */
export async function emittedBy(
	host: N8nHost,
	workflowId: string,
	nodeName: string,
): Promise<EmittedItem[]> {
	const items: EmittedItem[] = [];
	for (const execution of await host.executions(workflowId)) {
		const data = execution.data as ExecutionData | undefined;
		for (const run of data?.resultData?.runData?.[nodeName] ?? []) {
			for (const item of run.data?.main?.[0] ?? []) {
				items.push({ executionId: String(execution.id), json: item.json });
			}
		}
	}
	return items;
}

/** Polls `probe` every 2 s until `done` accepts its value; rejects with `what` after `timeoutMs`. */
export async function waitUntil<T>(
	what: string,
	probe: () => Promise<T>,
	done: (value: T) => boolean,
	timeoutMs: number,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (done(value)) return value;
		if (Date.now() > deadline) {
			throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
		}
		await sleep(2000);
	}
}

/**
 * Waits until an active trigger's first poll has asked the sandbox for alerts in `tenantCount`
 * tenants (requests logged at or after `sinceMs`, sandbox clock): alerts created before that poll
 * are behind the trigger's starting cursor, by design.
 */
export async function waitForActivationPoll(
	sandbox: {
		control: {
			requests(
				limit?: number,
			): Promise<Array<{ time: string; method: string; path: string; tenantId?: string }>>;
		};
	},
	tenantCount: number,
	sinceMs: number,
	timeoutMs = 120_000,
): Promise<void> {
	const polled = (log: Array<{ time: string; method: string; path: string; tenantId?: string }>) =>
		log.filter(
			(r) =>
				r.method === 'GET' && r.path.startsWith('/api/alerts') && Date.parse(r.time) >= sinceMs,
		);
	await waitUntil(
		`the trigger's first poll of ${tenantCount} tenants`,
		() => sandbox.control.requests(5000),
		(log) => new Set(polled(log).map((r) => r.tenantId)).size >= tenantCount,
		timeoutMs,
	);
	// Let the poll finish storing its cursor before the caller creates alerts.
	await sleep(3000);
}

/**
 * Calls a production webhook (or form) URL, retrying while n8n answers 404: n8n 2.41 registers a
 * published workflow's webhooks asynchronously (publication outbox) shortly after the editor is up.
 */
export async function callWebhook(
	url: string,
	init: RequestInit = {},
	timeoutMs = 120_000,
): Promise<Response> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const res = await fetch(url, init);
		if (res.status !== 404 || Date.now() > deadline) return res;
		await res.arrayBuffer();
		await sleep(2000);
	}
}
