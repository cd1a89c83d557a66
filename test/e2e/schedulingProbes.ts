/**
 * What the scheduling suite (triggerScheduling.e2e.ts) reads off a running n8n and sandbox: when a
 * poll of every tenant has been answered, what the trigger emitted, how many API requests ran at
 * once (two polls side by side), the n8n log, failed executions; and stopping it all.
 */
import { readFileSync } from 'node:fs';

import type { Sandbox } from '../sandbox/server';
import { TRIGGER_NODE } from './alertLedger';
import { emittedBy, EmittedItem, waitForActivationPoll, waitUntil } from './executions';
import type { N8nHost } from './n8nHost';

/** Waits until a poll of every tenant has answered after `sinceMs` (sandbox clock). */
export async function waitForPoll(
	sb: Sandbox,
	tenants: number,
	sinceMs: number,
	timeoutMs = 150_000,
): Promise<void> {
	await waitForActivationPoll(sb, tenants, sinceMs, timeoutMs);
}

/** Waits for `done` but returns what was emitted either way, so that the figures get reported. */
export async function emittedWithin(
	host: N8nHost,
	workflowId: string,
	done: (items: EmittedItem[]) => boolean,
	timeoutMs: number,
): Promise<EmittedItem[]> {
	const probe = () => emittedBy(host, workflowId, TRIGGER_NODE);
	try {
		return await waitUntil('the trigger to emit every alert', probe, done, timeoutMs);
	} catch {
		return await probe();
	}
}

/**
 * The trigger's alert-list requests as the sandbox answered them: how many were delayed by at
 * least `latencyMs` (the slow link was in force), and the most in flight at once (above the
 * tenant concurrency only when two polls ran side by side). Entries are stamped when answered.
 */
export async function alertRequestLoad(
	sb: Sandbox,
	latencyMs: number,
): Promise<{ delayed: number; maxInFlight: number }> {
	const edges: Array<[number, number]> = [];
	let delayed = 0;
	for (const r of await sb.control.requests()) {
		if (r.method !== 'GET' || !r.path.startsWith('/api/alerts')) continue;
		if ((r.latencyMs ?? 0) >= latencyMs) delayed++;
		const end = Date.parse(r.time);
		edges.push([end - r.durationMs, 1], [end, -1]);
	}
	edges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
	let now = 0;
	let maxInFlight = 0;
	for (const [, d] of edges) maxInFlight = Math.max(maxInFlight, (now += d));
	return { delayed, maxInFlight };
}

export function figures(name: string, value: unknown): void {
	// One line per case, for the team's record of what the current trigger does.
	console.log(`triggerScheduling: ${name}: ${JSON.stringify(value)}`);
}

export async function stopAll(
	host: N8nHost | undefined,
	sandboxes: Array<Sandbox | undefined>,
): Promise<void> {
	await host?.stop();
	await Promise.all(sandboxes.map((sb) => sb?.stop()));
	const left = host?.processes() ?? [];
	if (left.length > 0) throw new Error(`n8n processes left after stop: ${left.join(', ')}`);
}

/** Where the n8n log ends now, to count lines written after it. */
export function logMark(host: N8nHost): number {
	return readFileSync(host.logFile, 'utf8').length;
}

/** How many lines of the n8n log written since `mark` contain `needle`. */
export function logLinesSince(host: N8nHost, mark: number, needle: string): number {
	return readFileSync(host.logFile, 'utf8')
		.slice(mark)
		.split('\n')
		.filter((line) => line.includes(needle)).length;
}

/** Error messages of the workflow's failed executions (a poll that threw records one). */
export async function failedExecutions(host: N8nHost, workflowId: string): Promise<string[]> {
	const messages: string[] = [];
	for (const e of await host.executions(workflowId)) {
		if (e.status !== 'error' && e.status !== 'crashed') continue;
		const data = e.data as { resultData?: { error?: { message?: string } } } | undefined;
		messages.push(data?.resultData?.error?.message ?? String(e.status));
	}
	return messages;
}
