/**
 * Bookkeeping for the Alert Trigger scheduling suite (triggerScheduling.e2e.ts): a minimal
 * published workflow (the trigger alone, simplified items), its credential, and a ledger of the
 * alerts a test created, checked against what the trigger emitted over all executions: every
 * created alert exactly once, counted by its event key (tenant/alert/lastUpdateTime, or the
 * items' `eventId` once they carry one).
 */
import { generateAlerts } from '../sandbox/defender/generator';
import type { Sandbox } from '../sandbox/server';
import type { EmittedItem } from './executions';
import type { N8nCredential, N8nWorkflow } from './n8nHost';

export const TRIGGER_NODE = 'New Defender alert';
const TRIGGER_TYPE = 'n8n-nodes-defender-mssp.defenderAlertTrigger';

export interface LedgerTenant {
	tenantId: string;
	label: string;
}

/** The three consented, authorized customers of the sandbox's default world. */
export function defaultCustomers(sb: Sandbox): LedgerTenant[] {
	return [sb.tenants.fabrikam, sb.tenants.northwind, sb.tenants.tailspin].map((t) => ({
		tenantId: t.id,
		label: t.displayName,
	}));
}

export function appCredential(sb: Sandbox, id: string, tenants: LedgerTenant[]): N8nCredential {
	return {
		id,
		name: `Scheduling ${id}`,
		type: 'defenderMsspAppApi',
		data: {
			cloud: 'custom',
			loginBaseUrl: sb.loginBaseUrl,
			apiBaseUrl: sb.apiBaseUrl,
			clientId: sb.credentials.clientId,
			clientSecret: sb.credentials.clientSecret,
			tenants: { tenant: tenants.map((t) => ({ ...t, region: 'default' })) },
		},
	};
}

/**
 * The trigger alone, polling every minute (n8n's minimum in both schedulers), new alerts only.
 * `nodeId` must be a UUID: n8n keys poller_state by it (varchar 36).
 */
export function triggerWorkflow(
	id: string,
	nodeId: string,
	credential: N8nCredential,
	options: Record<string, unknown> = {},
): N8nWorkflow {
	return {
		id,
		name: `Scheduling ${id}`,
		nodes: [
			{
				id: nodeId,
				name: TRIGGER_NODE,
				type: TRIGGER_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					authentication: 'defenderMsspAppApi',
					tenantScope: 'all',
					events: ['created'],
					filters: {},
					output: 'simplified',
					options,
				},
				credentials: { defenderMsspAppApi: { id: credential.id, name: credential.name } },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

/** What the trigger emitted against what was created. */
export interface LedgerReport {
	created: number;
	emitted: number;
	/** Items beyond the first of each event key. */
	duplicateItems: number;
	/** A few event keys emitted more than once, with how often. */
	duplicateSample: string[];
	/** Created alerts never emitted, per batch label. */
	missingByBatch: Record<string, number>;
	missing: number;
	/** Emitted alerts this test did not create. */
	unexpected: number;
}

function eventKey(json: Record<string, unknown>): string {
	if (typeof json.eventId === 'string' && json.eventId !== '') return json.eventId;
	return `${String(json.tenantId)}/${String(json.id)}/${String(json.lastUpdateTime)}`;
}

export class AlertLedger {
	/** tenant/alert → batch label. */
	private readonly created = new Map<string, string>();
	private batch = 0;

	constructor(
		private readonly sb: Sandbox,
		private readonly seedBase: number,
	) {}

	get size(): number {
		return this.created.size;
	}

	/** Inserts `perTenant` alerts created "now" (sandbox clock) in each tenant. */
	async create(tenants: LedgerTenant[], perTenant: number, label: string): Promise<void> {
		const now = (await this.sb.control.clock()).now;
		for (const { tenantId } of tenants) {
			this.batch++;
			const alerts = generateAlerts({
				seed: this.seedBase + this.batch,
				count: perTenant,
				tenantId,
				startTime: now - 2000,
				endTime: now - 1000,
			});
			await this.sb.control.insertAlerts(tenantId, alerts);
			for (const a of alerts) this.created.set(`${tenantId}/${String(a.id)}`, label);
		}
	}

	/** `tenant/alert` of every alert created, or of those created under `label`. */
	keys(label?: string): string[] {
		return [...this.created].filter(([, l]) => label === undefined || l === label).map(([k]) => k);
	}

	/** Whether every created alert was emitted at least once. */
	covers(items: EmittedItem[]): boolean {
		const seen = new Set(items.map((i) => `${String(i.json.tenantId)}/${String(i.json.id)}`));
		return [...this.created.keys()].every((k) => seen.has(k));
	}

	uniqueEmitted(items: EmittedItem[]): number {
		const seen = new Set(items.map((i) => `${String(i.json.tenantId)}/${String(i.json.id)}`));
		return [...this.created.keys()].filter((k) => seen.has(k)).length;
	}

	report(items: EmittedItem[]): LedgerReport {
		const byKey = new Map<string, number>();
		const alerts = new Set<string>();
		let unexpected = 0;
		for (const { json } of items) {
			const key = eventKey(json);
			byKey.set(key, (byKey.get(key) ?? 0) + 1);
			const alert = `${String(json.tenantId)}/${String(json.id)}`;
			alerts.add(alert);
			if (!this.created.has(alert)) unexpected++;
		}
		const duplicateSample: string[] = [];
		let duplicateItems = 0;
		for (const [key, n] of byKey) {
			if (n < 2) continue;
			duplicateItems += n - 1;
			if (duplicateSample.length < 3) duplicateSample.push(`${key} ×${n}`);
		}
		const missingByBatch: Record<string, number> = {};
		let missing = 0;
		for (const [alert, label] of this.created) {
			if (alerts.has(alert)) continue;
			missingByBatch[label] = (missingByBatch[label] ?? 0) + 1;
			missing++;
		}
		return {
			created: this.created.size,
			emitted: items.length,
			duplicateItems,
			duplicateSample,
			missingByBatch,
			missing,
			unexpected,
		};
	}
}
