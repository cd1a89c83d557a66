/**
 * Ground truth of a chaos run and the verdict: every alert version the driver made the sandbox
 * create or update (per tenant, with its status/classification/determination/assignment), compared
 * with what the trigger emitted, judged by what the trigger's settings promise:
 * - New alerts only (`events: ['created']`): each alert created after activation exactly once as
 *   'created' (any of its versions); any 'updated' event is spurious.
 * - Any change: 'created' once; the newest version must arrive (intermediate versions may
 *   coalesce); an event whose version is not newer than the one emitted before it is a duplicate.
 * - Status, classification or assignment: as any change, but an update must carry a different
 *   significant state than the event emitted before it (else spurious), and the last event must
 *   carry the alert's final significant state (else lost). The one documented exception: an
 *   update of an alert the trigger forgot (pruned by memory or the per-tenant cap) is emitted with
 *   `changedFields: null`; forgetting is allowed only for a record older than the overlap at that
 *   poll (newer ones dedupe the next window): the last event emitted for the alert must be older
 *   than the trigger's clock minus the overlap, else the update counts as spurious.
 * - misattributed: under a tenant that does not own the alert, a version the alert never had, or
 *   an `eventId` (when items carry one) of another tenant/alert or reused for another event.
 * - redelivered: an event delivered again after n8n died between handing it to an execution and
 *   saving static data (crashBetweenEmitAndSave). No node can prevent it; it is a duplicate unless
 *   both deliveries carry the same `eventId`, which lets the SIEM drop the repeat.
 */
import type { AlertEventType, UpdateMode } from '../../nodes/shared/alerts/cursor';
import { compareTime, parseApiTime, timeKeyFromMs } from '../../nodes/shared/alerts/time';
import type { TimeKey } from '../../nodes/shared/alerts/time';
import type { IDataObject } from 'n8n-workflow';

export interface EmittedEvent {
	event: string;
	id: string;
	tenantId: string;
	lastUpdateTime: unknown;
	eventId?: string;
	/** Present on updates: null when the trigger says it no longer knew the previous values. */
	changedFields?: unknown;
	/** The tick that produced it and the trigger's clock when that tick started. */
	poll: number;
	triggerNow: number;
	/** Its batch was delivered by a poll whose host died before saving (crashBetweenEmitAndSave). */
	unsaved: boolean;
}

export interface JudgeOptions {
	events: readonly AlertEventType[];
	updateMode: UpdateMode;
	overlapMs: number;
}

interface Version {
	t: TimeKey;
	significant: string;
}

interface AlertTruth {
	tenantId: string;
	versions: Version[];
}

export interface Verdict {
	created: number;
	updated: number;
	lost: number;
	duplicated: number;
	misattributed: number;
	spurious: number;
	redelivered: number;
	/** Updates of forgotten alerts (changedFields null) that the contract allows. */
	forgotten: number;
	/** The first few problems, for a failing run's report. */
	examples: string[];
}

const SIGNIFICANT = ['status', 'classification', 'determination', 'assignedTo'];

export function significantOf(alert: IDataObject): string {
	return JSON.stringify(SIGNIFICANT.map((f) => alert[f] ?? null));
}

export class GroundTruth {
	private readonly alerts = new Map<string, AlertTruth>();

	record(tenantId: string, version: object): void {
		const alert = version as IDataObject;
		const id = String(alert.id);
		const t = parseApiTime(alert.lastUpdateTime);
		if (t === null)
			throw new Error(
				`sandbox gave alert ${id} an unparseable lastUpdateTime ${String(alert.lastUpdateTime)}`,
			);
		const truth = this.alerts.get(id) ?? { tenantId, versions: [] };
		if (truth.tenantId !== tenantId) throw new Error(`alert id ${id} used in two tenants`);
		truth.versions.push({ t, significant: significantOf(alert) });
		this.alerts.set(id, truth);
	}

	ids(tenantId: string): string[] {
		return [...this.alerts].filter(([, a]) => a.tenantId === tenantId).map(([id]) => id);
	}

	get size(): number {
		return this.alerts.size;
	}

	judge(events: readonly EmittedEvent[], options: JudgeOptions): Verdict {
		const v: Verdict = {
			created: 0,
			updated: 0,
			lost: 0,
			duplicated: 0,
			misattributed: 0,
			spurious: 0,
			redelivered: 0,
			forgotten: 0,
			examples: [],
		};
		const note = (text: string) => v.examples.length < 12 && v.examples.push(text);
		const byId = new Map<string, Array<{ e: EmittedEvent; version: Version }>>();
		const eventIds = new Map<string, string>();
		for (const e of events) {
			const truth = this.alerts.get(e.id);
			const t = parseApiTime(e.lastUpdateTime);
			const version = truth?.versions.find((x) => x.t === t);
			const key = `${e.tenantId}:${e.id}:${e.event}:${String(t)}`;
			const reused = e.eventId !== undefined && (eventIds.get(e.eventId) ?? key) !== key;
			const foreignId = e.eventId !== undefined && !e.eventId.startsWith(`${e.tenantId}:${e.id}:`);
			if (!truth || truth.tenantId !== e.tenantId || !version || reused || foreignId) {
				v.misattributed++;
				note(
					`misattributed: poll ${e.poll} ${e.event} ${e.id} under ${e.tenantId} at ${String(e.lastUpdateTime)} eventId ${String(e.eventId)}`,
				);
				continue;
			}
			if (e.eventId !== undefined) eventIds.set(e.eventId, key);
			if (e.event === 'updated') v.updated++;
			const list = byId.get(e.id) ?? [];
			list.push({ e, version });
			byId.set(e.id, list);
		}
		for (const [id, truth] of this.alerts)
			this.judgeAlert(id, truth, byId.get(id) ?? [], options, v, note);
		return v;
	}

	private judgeAlert(
		id: string,
		truth: AlertTruth,
		emitted: Array<{ e: EmittedEvent; version: Version }>,
		o: JudgeOptions,
		v: Verdict,
		note: (text: string) => void,
	): void {
		const newOnly = !o.events.includes('updated');
		const significantOnly = !newOnly && o.updateMode === 'statusClassificationAssignment';
		const delivered: Array<{ e: EmittedEvent; version: Version }> = [];
		// A repeat of an event first delivered unsaved: the host's redelivery, judged by eventId.
		for (const x of emitted) {
			const byEventId = x.e.eventId !== undefined;
			const first = delivered.find((d) =>
				byEventId
					? d.e.eventId === x.e.eventId
					: d.e.event === x.e.event && d.version.t === x.version.t,
			);
			if (first && first.e.unsaved) {
				v.redelivered++;
				if (!byEventId) {
					v.duplicated++;
					note(
						`duplicated: ${id} ${x.e.event} at ${x.version.t} redelivered after a crash, no eventId to drop it by (poll ${x.e.poll})`,
					);
				}
				continue;
			}
			delivered.push(x);
		}
		const created = delivered.filter((x) => x.e.event === 'created').length;
		if (created >= 1) v.created++;
		else {
			v.lost++;
			note(
				`lost: ${id} never emitted as created (versions ${truth.versions.map((x) => x.t).join(', ')})`,
			);
		}
		if (newOnly) {
			if (created > 1) {
				v.duplicated += created - 1;
				note(`duplicated: ${id} created ${created} times`);
			}
			for (const x of delivered.filter((d) => d.e.event !== 'created')) {
				v.spurious++;
				note(
					`spurious: ${id} ${x.e.event} at ${x.version.t} from a New Alert trigger (poll ${x.e.poll})`,
				);
			}
			return;
		}
		let last: { e: EmittedEvent; version: Version } | null = null;
		for (const x of delivered) {
			// A second 'created', or a version not newer than the last one emitted: the same change twice.
			if (
				last !== null &&
				(x.e.event === 'created' || compareTime(x.version.t, last.version.t) <= 0)
			) {
				v.duplicated++;
				note(
					`duplicated: ${id} ${x.e.event} at ${x.version.t} after ${last.e.event} at ${last.version.t} (poll ${x.e.poll})`,
				);
				continue;
			}
			if (
				significantOnly &&
				last !== null &&
				x.e.event === 'updated' &&
				x.version.significant === last.version.significant
			) {
				// The trigger's record is at least as new as the last event it emitted for the alert.
				const floor = timeKeyFromMs(x.e.triggerNow - o.overlapMs);
				const forgettable = floor !== null && compareTime(last.version.t, floor) < 0;
				if (x.e.changedFields === null && forgettable) v.forgotten++;
				else {
					v.spurious++;
					note(
						`spurious: ${id} updated at ${x.version.t} without a significant change (poll ${x.e.poll}, changedFields ${JSON.stringify(x.e.changedFields)})`,
					);
				}
			}
			last = x;
		}
		const final = truth.versions.reduce((a, b) => (compareTime(a.t, b.t) >= 0 ? a : b));
		if (created === 0 || last === null) return;
		const missed = significantOnly
			? last.version.significant !== final.significant
			: last.version.t !== final.t;
		if (missed) {
			v.lost++;
			note(
				`lost: ${id} final ${significantOnly ? `state ${final.significant}` : `version ${final.t}`} not emitted (last emitted ${last.version.t})`,
			);
		}
	}
}
