/**
 * What the queue-mode suites read off a running instance: which worker took the next execution
 * (worker logs), what reached the collector counted by `eventId`, the trigger's cursor as the
 * workflow row in Postgres holds it, and the processes' memory.
 */
import { readFileSync } from 'node:fs';

import type { HecReceiver } from '../receivers/splunkHec';
import type { EmittedItem } from './executions';
import { waitUntil } from './executions';
import type { Workers } from './queueHost';
import type { QueueServices } from './queueServices';
import { delivered } from './queueWorkflows';

export function record(name: string, value: unknown): void {
	// One line per phase, for the team's record of what n8n's queue mode does.
	console.log(`queueMode: ${name}: ${JSON.stringify(value)}`);
}

/** Every execution id any worker started so far. */
export function ranOnWorkers(workers: Workers): Set<string> {
	const ids = new Set<string>();
	for (let i = 0; i < workers.count; i++) for (const id of workers.executionsRun(i)) ids.add(id);
	return ids;
}

/** Waits for a worker to start an execution not in `known`; returns which worker and which one. */
export async function nextExecutionOnWorker(
	workers: Workers,
	known: Set<string>,
	timeoutMs: number,
): Promise<{ worker: number; executionId: string }> {
	const find = async () => {
		for (let i = 0; i < workers.count; i++) {
			const fresh = workers.executionsRun(i).find((id) => !known.has(id));
			if (fresh) return { worker: i, executionId: fresh };
		}
		return undefined;
	};
	const found = await waitUntil('a worker to start a new execution', find, Boolean, timeoutMs);
	return found as { worker: number; executionId: string };
}

export interface CollectorReport {
	received: number;
	/** Emitted events that never reached the collector. */
	missing: number;
	/** Lines beyond the first of each eventId. */
	duplicates: number;
}

export function collectorReport(collector: HecReceiver, emitted: EmittedItem[]): CollectorReport {
	const got = delivered(collector);
	const byEvent = new Map<string, number>();
	for (const d of got) byEvent.set(d.eventId, (byEvent.get(d.eventId) ?? 0) + 1);
	const emittedIds = new Set(emitted.map((i) => String(i.json.eventId)));
	return {
		received: got.length,
		missing: [...emittedIds].filter((e) => !byEvent.has(e)).length,
		duplicates: [...byEvent.values()].reduce((n, c) => n + c - 1, 0),
	};
}

/** The Alert Trigger's cursor as n8n stores it: the workflow row's static data, in Postgres. */
export interface StoredCursor {
	seq: number;
	tenants: Record<string, { w: string }>;
}

export function storedCursor(
	services: QueueServices,
	workflowId: string,
	node: string,
): StoredCursor {
	const raw = services.sql(`SELECT "staticData" FROM workflow_entity WHERE id = '${workflowId}'`);
	const data = JSON.parse(raw || '{}') as Record<string, { alertCursor?: StoredCursor }>;
	const cursor = data[`node:${node}`]?.alertCursor;
	if (!cursor) throw new Error(`workflow ${workflowId} has no alertCursor in Postgres: ${raw}`);
	return cursor;
}

/** Resident memory (MB) of a process and its descendants in its group. */
export function rssMb(pids: number[]): number {
	let kb = 0;
	for (const pid of pids) {
		try {
			kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
		} catch {
			// Exited meanwhile.
		}
	}
	return Math.round(kb / 1024);
}
