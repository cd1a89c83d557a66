/**
 * Ground truth of a chaos run and the verdict: every alert version the driver made the sandbox
 * create or update (per tenant), compared with what the trigger emitted.
 * - lost: an alert created after activation never emitted as created, or whose final version was
 *   never emitted (an update the trigger missed; intermediate versions may coalesce, as in any
 *   poller, but the newest one must arrive);
 * - duplicated: a second "created" for an alert, or an event whose version is not newer than the
 *   one emitted before it for that alert (the same change twice);
 * - misattributed: an event under a tenant that does not own the alert, or carrying a version
 *   that alert never had.
 */
import { compareTime, parseApiTime } from '../../nodes/shared/alerts/time';
import type { TimeKey } from '../../nodes/shared/alerts/time';

export interface EmittedEvent {
	event: string;
	id: string;
	tenantId: string;
	lastUpdateTime: unknown;
	poll: number;
}

interface AlertTruth {
	tenantId: string;
	versions: TimeKey[];
}

export interface Verdict {
	created: number;
	updated: number;
	lost: number;
	duplicated: number;
	misattributed: number;
	/** The first few problems, for a failing run's report. */
	examples: string[];
}

export class GroundTruth {
	private readonly alerts = new Map<string, AlertTruth>();

	record(tenantId: string, id: string, lastUpdateTime: unknown): void {
		const t = parseApiTime(lastUpdateTime);
		if (t === null) throw new Error(`sandbox gave alert ${id} an unparseable lastUpdateTime ${String(lastUpdateTime)}`);
		const truth = this.alerts.get(id) ?? { tenantId, versions: [] };
		if (truth.tenantId !== tenantId) throw new Error(`alert id ${id} used in two tenants`);
		truth.versions.push(t);
		this.alerts.set(id, truth);
	}

	ids(tenantId: string): string[] {
		return [...this.alerts].filter(([, a]) => a.tenantId === tenantId).map(([id]) => id);
	}

	get size(): number {
		return this.alerts.size;
	}

	judge(events: readonly EmittedEvent[]): Verdict {
		const v: Verdict = { created: 0, updated: 0, lost: 0, duplicated: 0, misattributed: 0, examples: [] };
		const note = (text: string) => v.examples.length < 12 && v.examples.push(text);
		const byId = new Map<string, EmittedEvent[]>();
		for (const e of events) {
			const truth = this.alerts.get(e.id);
			const t = parseApiTime(e.lastUpdateTime);
			if (!truth || truth.tenantId !== e.tenantId || t === null || !truth.versions.includes(t)) {
				v.misattributed++;
				note(`misattributed: poll ${e.poll} ${e.event} ${e.id} under ${e.tenantId} at ${String(e.lastUpdateTime)}`);
				continue;
			}
			if (e.event === 'updated') v.updated++;
			const list = byId.get(e.id) ?? [];
			list.push(e);
			byId.set(e.id, list);
		}
		for (const [id, truth] of this.alerts) {
			const emitted = byId.get(id) ?? [];
			const created = emitted.filter((e) => e.event === 'created').length;
			if (created >= 1) v.created++;
			if (created === 0) {
				v.lost++;
				note(`lost: ${id} never emitted as created (versions ${truth.versions.join(', ')})`);
			}
			if (created > 1) {
				v.duplicated += created - 1;
				note(`duplicated: ${id} created ${created} times`);
			}
			let last: TimeKey | null = null;
			for (const e of emitted) {
				const t = parseApiTime(e.lastUpdateTime) as TimeKey;
				if (last !== null && compareTime(t, last) <= 0) {
					v.duplicated++;
					note(`duplicated: ${id} ${e.event} at ${t} after ${last} (poll ${e.poll})`);
				}
				if (last === null || compareTime(t, last) > 0) last = t;
			}
			const final = truth.versions.reduce((a, b) => (compareTime(a, b) >= 0 ? a : b));
			if (created > 0 && last !== final) {
				v.lost++;
				note(`lost: ${id} final version ${final} not emitted (last emitted ${String(last)})`);
			}
		}
		return v;
	}
}
