/**
 * The trigger's static data: one versioned object holding a cursor per customer tenant, plus the
 * poll sequence (a fence against a stale poll) and where the next poll starts its tenant rotation.
 * Reading is total (anything n8n hands back, including nothing or hand-edited JSON, gives a
 * usable state) and writing is immutable (the node assigns the returned object only after the
 * tenants' polls ran, so a failed tenant keeps its previous cursor).
 *
 * n8n rewrites the whole static data on every poll that emits, for every tenant, so the stored
 * form is compact (cursorEncoding.ts); the in-memory form stays the plain TenantCursor.
 */
import type { TenantCursor } from './cursor';
import { decodeTenantCursor, encodeTenantCursor, readLegacyTenantCursor } from './cursorEncoding';
import type { StoredTenantCursor } from './cursorEncoding';
import { isTimeKey } from './time';
import type { TimeKey } from './time';

export const CURSOR_STATE_VERSION = 2;

export interface CursorState {
	v: typeof CURSOR_STATE_VERSION;
	/** Polls that wrote this state; a poll that finds another number when it ends is stale. */
	seq: number;
	/** Index (in the scope's order) of the tenant the next poll serves first. */
	rotation: number;
	tenants: Record<string, TenantCursor>;
	/**
	 * Tenants that left the trigger's scope, and when: their cursors are kept for a while so that
	 * a tenant removed and added back resumes where it stopped instead of starting over.
	 */
	removed: Record<string, TimeKey>;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wholeNumber(value: unknown): number {
	return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

export function emptyCursorState(): CursorState {
	return {
		v: CURSOR_STATE_VERSION,
		seq: 0,
		rotation: 0,
		tenants: Object.create(null) as Record<string, TenantCursor>,
		removed: Object.create(null) as Record<string, TimeKey>,
	};
}

/** A tenant cursor from the stored (v1) JSON form; kept for the unit tests of old states. */
export const readTenantCursor = readLegacyTenantCursor;

/** The cursor state from `getWorkflowStaticData('node')[key]`; unknown versions start empty. */
export function readCursorState(raw: unknown): CursorState {
	const state = emptyCursorState();
	if (!isObject(raw) || !isObject(raw.tenants)) return state;
	if (raw.v === 1) {
		// The first stored form: full records, no sequence. Read once, written back as v2.
		for (const tenantId of Object.keys(raw.tenants)) {
			const cursor = readLegacyTenantCursor(raw.tenants[tenantId]);
			if (cursor) state.tenants[tenantId] = cursor;
		}
		return state;
	}
	if (raw.v !== CURSOR_STATE_VERSION) return state;
	state.seq = wholeNumber(raw.seq);
	state.rotation = wholeNumber(raw.rotation);
	for (const tenantId of Object.keys(raw.tenants)) {
		const cursor = decodeTenantCursor(raw.tenants[tenantId]);
		if (cursor) state.tenants[tenantId] = cursor;
	}
	if (isObject(raw.removed)) {
		for (const tenantId of Object.keys(raw.removed)) {
			const at = raw.removed[tenantId];
			if (isTimeKey(at) && state.tenants[tenantId]) state.removed[tenantId] = at;
		}
	}
	return state;
}

/** The state as plain JSON for static data. */
export function storedCursorState(state: CursorState): Record<string, unknown> {
	const tenants: Record<string, StoredTenantCursor> = {};
	for (const id of Object.keys(state.tenants)) tenants[id] = encodeTenantCursor(state.tenants[id]);
	const removed: Record<string, TimeKey> = {};
	for (const id of Object.keys(state.removed)) removed[id] = state.removed[id];
	return {
		v: state.v,
		seq: state.seq,
		rotation: state.rotation,
		tenants,
		...(Object.keys(removed).length > 0 ? { removed } : {}),
	};
}

/** The sequence number a stored state carries (0 for none), without decoding its cursors. */
export function storedSequence(raw: unknown): number {
	return isObject(raw) && raw.v === CURSOR_STATE_VERSION ? wholeNumber(raw.seq) : 0;
}

export function getTenantCursor(state: CursorState, tenantId: string): TenantCursor | undefined {
	return Object.prototype.hasOwnProperty.call(state.tenants, tenantId)
		? state.tenants[tenantId]
		: undefined;
}

/** A new state with this tenant's cursor replaced; the other tenants are shared, not copied. */
export function setTenantCursor(
	state: CursorState,
	tenantId: string,
	cursor: TenantCursor,
): CursorState {
	const tenants = Object.assign(Object.create(null) as Record<string, TenantCursor>, state.tenants);
	tenants[tenantId] = cursor;
	const removed = Object.assign(Object.create(null) as Record<string, TimeKey>, state.removed);
	delete removed[tenantId];
	return { ...state, tenants, removed };
}
