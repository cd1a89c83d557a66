/**
 * Telling an activated trigger's polls apart from outside n8n. n8n says nothing when a poll starts
 * and creates an execution only when one emits, so a poll is read from the sandbox's request log:
 * its alert requests come in one burst (Tenant Concurrency at a time), and bursts are a tick
 * apart, the trigger ending each poll within its budget (¾ of the interval). A quiet stretch of
 * POLL_GAP_MS therefore separates two polls and never falls inside one.
 * The executions are read without their data until they are finished, then each once: the first
 * execution of 1,000 tenants holds 10,000 items, and fetching it every 2 s would load the n8n
 * whose next polls are being measured.
 */
import { readFileSync } from 'node:fs';

import type { N8nHost } from '../../e2e/n8nHost';
import type { BenchWorld } from './benchHost';

export const POLL_GAP_MS = 10_000;

export interface LoggedRequest {
	time: string;
	method: string;
	path: string;
	status: number;
	durationMs: number;
	tenantId?: string;
}

export const isAlertRead = (r: LoggedRequest) =>
	r.method === 'GET' && r.path.startsWith('/api/alerts');
/** The log stamps a request when it ends (sandbox clock); it started `durationMs` earlier. */
export const startOf = (r: LoggedRequest) => Date.parse(r.time) - (r.durationMs || 0);
const endOf = (r: LoggedRequest) => Date.parse(r.time);

/** The sandbox's request log (its last 5,000 requests). */
export async function requestLog(w: BenchWorld): Promise<LoggedRequest[]> {
	return (await w.control.requests(5000)) as LoggedRequest[];
}

/** The first alert request starting after `afterMs` that follows POLL_GAP_MS without one. */
export function pollStartAfter(log: LoggedRequest[], afterMs: number): LoggedRequest | undefined {
	const reads = log.filter(isAlertRead).sort((a, b) => startOf(a) - startOf(b));
	let lastEnd = -Infinity;
	for (const [i, r] of reads.entries()) {
		// The oldest request of a full log may be the middle of a poll.
		const known = i > 0 || log.length < 5000;
		if (startOf(r) > afterMs && known && startOf(r) - lastEnd >= POLL_GAP_MS) return r;
		lastEnd = Math.max(lastEnd, endOf(r));
	}
	return undefined;
}

export async function waitForPollStart(
	w: BenchWorld,
	afterMs: number,
	what: string,
	timeoutMs: number,
): Promise<LoggedRequest> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const start = pollStartAfter(await requestLog(w), afterMs);
		if (start) return start;
		if (Date.now() > deadline)
			throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await sleep(2000);
	}
}

/** Waits until no alert request has ended for POLL_GAP_MS: the poll under way is over. */
export async function waitForQuiet(w: BenchWorld, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const now = (await w.control.clock()).now;
		const ends = (await requestLog(w)).filter(isAlertRead).map(endOf);
		if (now - Math.max(-Infinity, ...ends) >= POLL_GAP_MS) return;
		if (Date.now() > deadline)
			throw new Error(`the trigger kept polling for ${timeoutMs / 1000} s`);
		await sleep(2000);
	}
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ExecutionRow {
	id: string | number;
	startedAt: string;
	stoppedAt?: string | null;
	status?: string;
}

/** The workflow's executions that started at or after `sinceMs`, oldest first, without data. */
export async function executionsSince(
	host: N8nHost,
	workflowId: string,
	sinceMs: number,
): Promise<ExecutionRow[]> {
	const q = `/executions?workflowId=${encodeURIComponent(workflowId)}&limit=250`;
	const rows = (await host.api<{ data: ExecutionRow[] }>(q)).data;
	return rows
		.filter((e) => Date.parse(String(e.startedAt)) >= sinceMs)
		.sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}

interface ExecutionData {
	data?: {
		resultData?: {
			runData?: Record<
				string,
				Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>
			>;
		};
	};
}

/** The items `nodeName` emitted in one finished execution. */
export async function itemsOfExecution(
	host: N8nHost,
	executionId: string | number,
	nodeName: string,
): Promise<Array<Record<string, unknown>>> {
	const e = await host.api<ExecutionData>(
		`/executions/${encodeURIComponent(String(executionId))}?includeData=true`,
	);
	const items: Array<Record<string, unknown>> = [];
	for (const run of e.data?.resultData?.runData?.[nodeName] ?? []) {
		for (const item of run.data?.main?.[0] ?? []) items.push(item.json);
	}
	return items;
}

/** Where the n8n log ends now, to read only what is written after. */
export const logMark = (host: N8nHost) => readFileSync(host.logFile).length;

/** The n8n log's lines written since `mark` that contain `needle`. */
export function logLinesSince(host: N8nHost, mark: number, needle: string): string[] {
	return readFileSync(host.logFile)
		.subarray(mark)
		.toString('utf8')
		.split('\n')
		.filter((line) => line.includes(needle));
}
