/**
 * What queueReplay.e2e.ts does to a queue-mode instance and reads off it: one poll's deliveries
 * killed mid-POST with their workers, what n8n then keeps of them, what reached the collectors and
 * what the redelivery sweeps decided.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import type { HecEvent, HecReceiver } from '../receivers/splunkHec';
import type { AlertLedger, LedgerTenant } from './alertLedger';
import { REDELIVERY_WORKFLOW_ID, SIEM_WORKFLOW_ID } from './exampleWorkflows';
import { allExecutions } from './executionPages';
import { waitUntil } from './executions';
import type { N8nHost } from './n8nHost';
import { ranOnWorkers } from './queueProbes';

const MINUTE = 60_000;
const TRIGGERS = ['New alert (Splunk HEC)', 'New alert (CEF)'];

type Items = Array<Array<{ json?: Record<string, unknown> }>>;
interface StoredExecution {
	status: string;
	workflowId: string;
	data?: { resultData?: { runData?: Record<string, Array<{ data?: { main?: Items } }>> } };
}

export const hecAlert = (e: HecEvent): string => {
	const ev = e.event as { tenantId?: string; id?: string };
	return `${String(ev.tenantId)}/${String(ev.id)}`;
};
export const cefAlert = (line: string): string =>
	`${/(?:^|\s)cs2=(\S+)/.exec(line)?.[1]}/${/(?:^|\s)externalId=(\S+)/.exec(line)?.[1]}`;
export const asItems = (keys: string[]) =>
	keys.map((k) => {
		const [tenantId, id] = k.split('/');
		return { executionId: '', json: { tenantId, id } };
	});

export interface LostExecution {
	id: string;
	status: string;
	/** Nodes with run data. */
	nodes: number;
	/** Trigger items that are not n8n's recovery placeholder. */
	realTriggerItems: number;
}

export interface KilledPoll {
	killedIds: string[];
	lost: LostExecution[];
	/** From the kill until n8n stored both as finished. */
	settledS: number;
	/** Alerts of the poll at HEC / CEF right then (the sweep acts 15 s later at the earliest). */
	early: { hec: number; cef: number };
}

/**
 * Creates one poll's alerts while both collectors hold requests, waits until the poll's HEC and
 * CEF deliveries are both mid-POST, SIGKILLs both workers and starts them again. `freshDisk`
 * removes the workers' event log first, as a replacement worker on a new disk (a pod) has none:
 * n8n then cannot rebuild the executions from it (execution-recovery.service.js) and fails the
 * stalled jobs instead (workflow-runner.js processError).
 */
export async function killPollMidDelivery(
	h: N8nHost,
	collectors: { hec: HecReceiver; cef: HecReceiver },
	ledger: AlertLedger,
	tenants: LedgerTenant[],
	label: string,
	freshDisk: boolean,
): Promise<KilledPoll> {
	const workers = h.workers;
	if (!workers) throw new Error('queue host without workers');
	const { hec, cef } = collectors;
	// An earlier phase's dropped requests wait out their hold: in flight, they would pass for this
	// poll's deliveries.
	await waitUntil(
		'held requests of an earlier poll to end',
		async () => hec.inFlight() + cef.inFlight(),
		(n) => n === 0,
		2 * MINUTE,
	);
	const before = ranOnWorkers(workers);
	// Long enough for the HEC and the CEF delivery, seconds apart, to be both held at once.
	hec.hold(MINUTE);
	cef.hold(MINUTE);
	await ledger.create(tenants, 2, label);
	await waitUntil(
		`both deliveries of "${label}" to be mid-POST`,
		async () => hec.inFlight() > 0 && cef.inFlight() > 0,
		Boolean,
		3 * MINUTE,
	);
	const started = [...ranOnWorkers(workers)].filter((id) => !before.has(id));
	await Promise.all([workers.kill(0), workers.kill(1)]);
	const killedAt = Date.now();
	hec.hold(null);
	cef.hold(null);
	if (freshDisk) {
		const folder = join(h.userFolder, '.n8n');
		for (const f of readdirSync(folder).filter((n) => /^n8nEventLog-worker.*\.log$/.test(n))) {
			rmSync(join(folder, f));
		}
	}
	await Promise.all([workers.start(0), workers.start(1)]);
	// The poll's deliveries, not a sweep that ran on a worker meanwhile.
	const killedIds: string[] = [];
	for (const id of started) {
		const e = await h.api<StoredExecution>(`/executions/${id}`);
		if (e.workflowId === SIEM_WORKFLOW_ID) killedIds.push(id);
	}
	const lost = await waitUntil(
		`n8n to settle the executions of "${label}"`,
		async () => {
			const out: LostExecution[] = [];
			for (const id of killedIds) {
				const e = await h.api<StoredExecution>(`/executions/${id}?includeData=true`);
				if (e.status === 'running' || e.status === 'new') return [];
				const runData = e.data?.resultData?.runData ?? {};
				const items = TRIGGERS.flatMap((t) =>
					(runData[t] ?? []).flatMap((r) => r.data?.main?.[0] ?? []),
				);
				out.push({
					id,
					status: e.status,
					nodes: Object.keys(runData).length,
					realTriggerItems: items.filter((i) => i.json?.isArtificialRecoveredEventItem !== true)
						.length,
				});
			}
			return out;
		},
		(list) => list.length === killedIds.length,
		3 * MINUTE,
	);
	const settledS = Math.round((Date.now() - killedAt) / 1000);
	const keys = new Set(ledger.keys(label));
	const early = {
		hec: hec
			.events()
			.map(hecAlert)
			.filter((k) => keys.has(k)).length,
		cef: cef
			.rawLines()
			.map(cefAlert)
			.filter((k) => keys.has(k)).length,
	};
	return { killedIds, lost, settledS, early };
}

export interface Decision {
	action: string;
	executionId: string;
	lostExecutionIds?: string[];
}

/** Every item the sweeps' "Retry or replay" node put out, over all their executions. */
export async function sweepDecisions(h: N8nHost): Promise<Decision[]> {
	const runs = await allExecutions(h, REDELIVERY_WORKFLOW_ID, { includeData: true });
	return runs.flatMap((e) => {
		const data = e.data as StoredExecution['data'];
		return (data?.resultData?.runData?.['Retry or replay'] ?? []).flatMap((r) =>
			(r.data?.main?.[0] ?? []).map((i) => i.json as unknown as Decision),
		);
	});
}
