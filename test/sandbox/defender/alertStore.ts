/**
 * One customer tenant's alerts for the sandbox's Defender API (design.md §6,
 * facts/defender-api-and-peers.md §1.4–1.6). Pure data: the HTTP layer maps ApiError to the
 * error body and calls these methods with the sandbox clock's `now` (epoch ms).
 *
 * - Alerts are kept in insertion order (the default order of `list`); inserting an id that is
 *   already there replaces that alert in place (so seeding twice with one seed is idempotent).
 * - Time properties are parsed once per write (`AlertRecord.times`); filters compare numbers.
 * - `visibleAt`: an alert stays invisible to `list`/`get`/`update`/`batchUpdate` until
 *   `now >= visibleAt` (late indexing); `modify` and `all` (control API) see everything.
 * - `list` without `$top` returns at most 10,000 (the API's maximum page size); `matched` is the
 *   count before `$skip`/`$top`, so the HTTP layer can decide on `@odata.nextLink`.
 * - Stored alerts are replaced, never mutated, on writes; `list`/`get` return shallow copies.
 */
import type { AlertClassification, DefenderAlert } from '../../../nodes/shared/alerts/types';
import { DETERMINATIONS_BY_CLASSIFICATION } from './alertEnums';
import { ApiError } from './errors';
import {
	compareRecordsBy,
	compileFilter,
	parseExpand,
	parseFilter,
	parseOrderBy,
	parseSkip,
	parseTop,
	type AlertRecord,
} from './odata';
import { compareTime, formatApiTime, parseApiTime, type ApiTime } from './time';

export interface ListQuery {
	$filter?: string;
	$top?: string;
	$skip?: string;
	$orderby?: string;
	$expand?: string;
}

/** Time properties kept parsed next to each alert: the filterable ones. */
function time(v: unknown): ApiTime | null {
	return typeof v === 'string' ? parseApiTime(v) : null;
}

export const PATCH_STATUSES = ['New', 'InProgress', 'Resolved'] as const;
export const PATCH_CLASSIFICATIONS = Object.keys(
	DETERMINATIONS_BY_CLASSIFICATION,
) as AlertClassification[];
const UPDATE_KEYS = ['status', 'assignedTo', 'classification', 'determination', 'comment'];
/** Largest `alertIds` accepted by batchUpdate (the docs state none; 10,000 matches the page size). */
export const MAX_BATCH_IDS = 10000;

export const DEFAULT_ACTOR = 'sandbox-user@sandbox.onmicrosoft.com';

interface UpdateBody {
	status?: string;
	assignedTo?: string | null;
	classification?: string | null;
	determination?: string | null;
	comment?: string;
}

function invalidBody(message: string): ApiError {
	return new ApiError(400, 'InvalidRequestBody', message);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Maps the GET spelling of a classification to the PATCH one. */
function classificationKey(c: unknown): AlertClassification | null {
	if (typeof c !== 'string') return null;
	if (c === 'Informational, expected activity') return 'InformationalExpectedActivity';
	return (PATCH_CLASSIFICATIONS as string[]).includes(c) ? (c as AlertClassification) : null;
}

/** Validates the update fields of a PATCH or batchUpdate body (keys already checked). */
function validateUpdate(body: Record<string, unknown>): UpdateBody {
	const out: UpdateBody = {};
	if ('status' in body) {
		const s = body.status;
		if (typeof s !== 'string' || !(PATCH_STATUSES as readonly string[]).includes(s))
			throw invalidBody(
				`Invalid value ${JSON.stringify(s)} for 'status'. Allowed values: ${PATCH_STATUSES.join(', ')} (case-sensitive).`,
			);
		out.status = s;
	}
	if ('assignedTo' in body) {
		const a = body.assignedTo;
		if (a !== null && typeof a !== 'string')
			throw invalidBody(
				`Invalid value ${JSON.stringify(a)} for 'assignedTo': expected a string (the owner's UPN) or null.`,
			);
		if (typeof a === 'string' && a.length > 1000)
			throw invalidBody(`'assignedTo' is longer than 1000 characters.`);
		out.assignedTo = a as string | null;
	}
	if ('classification' in body) {
		const c = body.classification;
		if (c !== null && (typeof c !== 'string' || !(PATCH_CLASSIFICATIONS as string[]).includes(c)))
			throw invalidBody(
				`Invalid value ${JSON.stringify(c)} for 'classification'. Allowed values: ${PATCH_CLASSIFICATIONS.join(', ')} (case-sensitive).`,
			);
		out.classification = c as string | null;
	}
	if ('determination' in body) {
		const d = body.determination;
		const all = Array.from(new Set(Object.values(DETERMINATIONS_BY_CLASSIFICATION).flat()));
		if (d !== null && (typeof d !== 'string' || !all.includes(d)))
			throw invalidBody(
				`Invalid value ${JSON.stringify(d)} for 'determination'. Allowed values: ${all.join(', ')} (case-sensitive).`,
			);
		out.determination = d as string | null;
	}
	if ('comment' in body) {
		const c = body.comment;
		if (typeof c !== 'string')
			throw invalidBody(`Invalid value ${JSON.stringify(c)} for 'comment': expected a string.`);
		if (c.length > 30000) throw invalidBody(`'comment' is longer than 30000 characters.`);
		out.comment = c;
	}
	return out;
}

function checkKeys(body: Record<string, unknown>, allowed: string[]): void {
	for (const k of Object.keys(body)) {
		if (!allowed.includes(k)) {
			const near = allowed.find((a) => a.toLowerCase() === k.toLowerCase());
			throw invalidBody(
				near
					? `Unknown property '${k}' in the request body: body parameters are case-sensitive, did you mean '${near}'?`
					: `Unknown property '${k}' in the request body. Allowed: ${allowed.join(', ')}.`,
			);
		}
	}
}

/** The determination an alert will have after the update, or an error when it does not fit. */
function resultingClassification(
	alert: DefenderAlert,
	u: UpdateBody,
): { classification: string | null; determination: string | null } {
	const classification =
		'classification' in u ? (u.classification ?? null) : (alert.classification ?? null);
	let determination =
		'determination' in u ? (u.determination ?? null) : (alert.determination ?? null);
	const key = classificationKey(classification);
	if (determination !== null) {
		const allowed = key ? DETERMINATIONS_BY_CLASSIFICATION[key] : [];
		if (!allowed.includes(determination)) {
			if ('determination' in u)
				throw invalidBody(
					key
						? `Invalid value '${determination}' for 'determination' with classification '${classification}'. Allowed values: ${allowed.join(', ')}.`
						: `'determination' '${determination}' needs a classification; set 'classification' (${PATCH_CLASSIFICATIONS.join(', ')}) too.`,
				);
			// The classification changed under a determination that no longer fits: clear it.
			determination = null;
		}
	}
	return { classification, determination };
}

export class AlertStore {
	private records: AlertRecord[] = [];
	private byId = new Map<string, AlertRecord>();
	private seqCounter = 0;
	private version = 0;
	private sortCache = new Map<string, { version: number; sorted: AlertRecord[] }>();

	constructor(readonly tenantId: string) {}

	private makeRecord(alert: DefenderAlert, seq: number, visibleAt: number): AlertRecord {
		const times: Record<string, ApiTime | null> = {
			alertCreationTime: time(alert.alertCreationTime),
			lastUpdateTime: time(alert.lastUpdateTime),
			lastEventTime: time(alert.lastEventTime),
		};
		return { alert: alert as AlertRecord['alert'], seq, visibleAt, times };
	}

	private replace(rec: AlertRecord, alert: DefenderAlert): AlertRecord {
		const next = this.makeRecord(alert, rec.seq, rec.visibleAt);
		const idx = this.indexOf(rec);
		this.records[idx] = next;
		this.byId.set(alert.id, next);
		this.version++;
		return next;
	}

	private indexOf(rec: AlertRecord): number {
		// records are kept in seq order: binary search
		let lo = 0;
		let hi = this.records.length - 1;
		while (lo <= hi) {
			const mid = (lo + hi) >> 1;
			const s = this.records[mid].seq;
			if (s === rec.seq) return mid;
			if (s < rec.seq) lo = mid + 1;
			else hi = mid - 1;
		}
		throw new Error(`record ${rec.alert.id} is not in the store`);
	}

	insert(alerts: DefenderAlert[], opts?: { visibleAt?: number }): void {
		const visibleAt = opts?.visibleAt ?? -Infinity;
		for (const alert of alerts) {
			if (!alert || typeof alert.id !== 'string' || alert.id === '')
				throw new Error('every alert needs a string id');
			const existing = this.byId.get(alert.id);
			if (existing) {
				const rec = this.makeRecord(alert, existing.seq, visibleAt);
				this.records[this.indexOf(existing)] = rec;
				this.byId.set(alert.id, rec);
			} else {
				const rec = this.makeRecord(alert, this.seqCounter++, visibleAt);
				this.records.push(rec);
				this.byId.set(alert.id, rec);
			}
		}
		this.version++;
	}

	private sortedBy(orderby: string): AlertRecord[] {
		const keys = parseOrderBy(orderby);
		const cacheKey = keys.map((k) => `${k.field.name} ${k.desc ? 'desc' : 'asc'}`).join(',');
		const hit = this.sortCache.get(cacheKey);
		if (hit && hit.version === this.version) return hit.sorted;
		const sorted = this.records.slice().sort(compareRecordsBy(keys));
		if (this.sortCache.size > 16) this.sortCache.clear();
		this.sortCache.set(cacheKey, { version: this.version, sorted });
		return sorted;
	}

	list(query: ListQuery, now: number): { value: DefenderAlert[]; matched: number } {
		const q = query ?? {};
		// Validate every option before doing any work, in the order the service reads them.
		const predicate = q.$filter !== undefined ? compileFilter(parseFilter(q.$filter)) : null;
		const top = parseTop(q.$top);
		const skip = parseSkip(q.$skip);
		const expand = parseExpand(q.$expand);
		const source = q.$orderby !== undefined ? this.sortedBy(q.$orderby) : this.records;
		const end = skip + top;
		const value: DefenderAlert[] = [];
		let matched = 0;
		for (let i = 0; i < source.length; i++) {
			const r = source[i];
			if (r.visibleAt > now) continue;
			if (predicate && !predicate(r)) continue;
			if (matched >= skip && matched < end) value.push(this.view(r, expand));
			matched++;
		}
		return { value, matched };
	}

	private view(r: AlertRecord, expand: boolean): DefenderAlert {
		const a = r.alert as DefenderAlert;
		return { ...a, evidence: expand ? (a.evidence ?? []) : [] };
	}

	private visible(id: string, now: number): AlertRecord {
		const rec = typeof id === 'string' ? this.byId.get(id) : undefined;
		if (!rec || rec.visibleAt > now)
			throw new ApiError(404, 'NotFound', `Alert ${id} was not found`);
		return rec;
	}

	get(id: string, now: number): DefenderAlert {
		return this.view(this.visible(id, now), true);
	}

	/** `lastUpdateTime` for a write at `now`: never earlier than the alert's previous value. */
	private stamp(rec: AlertRecord, now: number): string {
		const t: ApiTime = { ms: Math.floor(now), sub: 0 };
		const prev = rec.times.lastUpdateTime;
		if (prev && compareTime(t, prev) <= 0) {
			// Clock behind the stored value: one tick later keeps polling by lastUpdateTime working.
			const sub = prev.sub + 1;
			return formatApiTime(sub >= 10000 ? { ms: prev.ms + 1, sub: 0 } : { ms: prev.ms, sub });
		}
		return formatApiTime(t);
	}

	private applyUpdate(
		rec: AlertRecord,
		u: UpdateBody,
		cd: { classification: string | null; determination: string | null },
		now: number,
		actor: string,
	): AlertRecord {
		const old = rec.alert as DefenderAlert;
		const next: DefenderAlert = { ...old };
		const nowText = this.stamp(rec, now);
		if (u.status !== undefined) {
			if (u.status === 'Resolved' && old.status !== 'Resolved') next.resolvedTime = nowText;
			if (u.status !== 'Resolved' && old.status === 'Resolved') next.resolvedTime = null;
			next.status = u.status;
		}
		if ('assignedTo' in u) next.assignedTo = u.assignedTo ?? null;
		next.classification = cd.classification;
		next.determination = cd.determination;
		if (u.comment !== undefined) {
			const comments = Array.isArray(old.comments) ? old.comments.slice() : [];
			comments.push({ comment: u.comment, createdBy: actor, createdTime: nowText });
			next.comments = comments;
		}
		next.lastUpdateTime = nowText;
		return this.replace(rec, next);
	}

	/** PATCH /api/alerts/{id}. */
	update(id: string, body: unknown, now: number, actor: string = DEFAULT_ACTOR): DefenderAlert {
		const rec = this.visible(id, now);
		if (!isPlainObject(body)) throw invalidBody('The request body must be a JSON object.');
		checkKeys(body, UPDATE_KEYS);
		if (Object.keys(body).length === 0)
			throw new ApiError(
				400,
				'MissingRequiredParameter',
				`The request body has nothing to update: give at least one of ${UPDATE_KEYS.join(', ')}.`,
			);
		const u = validateUpdate(body);
		const cd = resultingClassification(rec.alert as DefenderAlert, u);
		return this.view(this.applyUpdate(rec, u, cd, now, actor), true);
	}

	/**
	 * POST /api/alerts/batchUpdate. Validation is all-or-nothing: the body, then every alert's
	 * resulting classification/determination, before anything is written. Ids that are unknown
	 * (or not yet visible) are skipped: the documented response is an empty 200 with no per-id
	 * result, and the docs name no 404 for this call (facts §1.4).
	 */
	batchUpdate(body: unknown, now: number, actor: string = DEFAULT_ACTOR): void {
		if (
			body === undefined ||
			body === null ||
			(isPlainObject(body) && Object.keys(body).length === 0)
		)
			throw new ApiError(
				400,
				'MissingRequiredParameter',
				"The request body is empty: 'alertIds' is required.",
			);
		if (!isPlainObject(body)) throw invalidBody('The request body must be a JSON object.');
		checkKeys(body, ['alertIds', ...UPDATE_KEYS]);
		const ids = body.alertIds;
		if (ids === undefined)
			throw new ApiError(400, 'MissingRequiredParameter', "'alertIds' is required.");
		if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string'))
			throw invalidBody("'alertIds' must be an array of alert id strings.");
		if (ids.length === 0)
			throw new ApiError(400, 'MissingRequiredParameter', "'alertIds' is empty.");
		if (ids.length > MAX_BATCH_IDS)
			throw new ApiError(
				400,
				'MaximumBatchSizeExceeded',
				`'alertIds' has ${ids.length} ids; the maximum is ${MAX_BATCH_IDS}.`,
			);
		const fields = Object.keys(body).filter((k) => k !== 'alertIds');
		if (fields.length === 0)
			throw new ApiError(
				400,
				'MissingRequiredParameter',
				`Nothing to update: give at least one of ${UPDATE_KEYS.join(', ')}.`,
			);
		const u = validateUpdate(body);
		const plan: Array<{
			rec: AlertRecord;
			cd: { classification: string | null; determination: string | null };
		}> = [];
		const seen = new Set<string>();
		for (const id of ids as string[]) {
			if (seen.has(id)) continue;
			seen.add(id);
			const rec = this.byId.get(id);
			if (!rec || rec.visibleAt > now) continue;
			plan.push({ rec, cd: resultingClassification(rec.alert as DefenderAlert, u) });
		}
		for (const { rec, cd } of plan)
			this.applyUpdate(this.byId.get(rec.alert.id)!, u, cd, now, actor);
	}

	/** Control API: change any fields; `lastUpdateTime` becomes `now` unless `changes` sets it. */
	modify(id: string, changes: Partial<DefenderAlert>, now: number): DefenderAlert {
		const rec = this.byId.get(id);
		if (!rec) throw new ApiError(404, 'NotFound', `Alert ${id} was not found`);
		if (!isPlainObject(changes))
			throw new ApiError(400, 'InvalidRequestBody', 'changes must be an object');
		if ('id' in changes && changes.id !== id)
			throw new ApiError(400, 'InvalidRequestBody', 'the id of an alert cannot change');
		const next: DefenderAlert = { ...(rec.alert as DefenderAlert), ...changes, id };
		if (!('lastUpdateTime' in changes)) next.lastUpdateTime = this.stamp(rec, now);
		return { ...(this.replace(rec, next).alert as DefenderAlert) };
	}

	/** Every alert, visible or not, in insertion order (control API, tests). */
	all(): DefenderAlert[] {
		return this.records.map((r) => r.alert as DefenderAlert);
	}

	get size(): number {
		return this.records.length;
	}
}
