/**
 * The trigger's static data: one versioned object holding a cursor per customer tenant.
 * Reading is total (anything n8n hands back, including nothing or hand-edited JSON, gives a
 * usable state) and writing is immutable (the node assigns the returned object only after the
 * tenants' polls succeeded, so a failed tenant keeps its previous cursor).
 */
import type { SeenRecord, TenantCursor } from './cursor';
import { isFingerprint } from './cursorFingerprint';
import { compareTime, isTimeKey } from './time';

export const CURSOR_STATE_VERSION = 1;

export interface CursorState {
	v: typeof CURSOR_STATE_VERSION;
	tenants: Record<string, TenantCursor>;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function emptyCursorState(): CursorState {
	return { v: CURSOR_STATE_VERSION, tenants: Object.create(null) as Record<string, TenantCursor> };
}

/**
 * A tenant cursor from stored JSON, or undefined when its clock fields are unusable (the tenant
 * then starts afresh). A single malformed record is dropped rather than the whole tenant: that
 * risks at most one repeated alert, where dropping the tenant would skip a whole gap.
 */
export function readTenantCursor(raw: unknown): TenantCursor | undefined {
	if (!isObject(raw) || !isTimeKey(raw.watermark) || !isTimeKey(raw.horizon)) return undefined;
	if (compareTime(raw.horizon, raw.watermark) > 0) return undefined;
	const seen = Object.create(null) as Record<string, SeenRecord>;
	if (isObject(raw.seen)) {
		for (const id of Object.keys(raw.seen)) {
			const record = raw.seen[id];
			if (Array.isArray(record) && isTimeKey(record[0]) && isFingerprint(record[1])) {
				seen[id] = [record[0], record[1]];
			}
		}
	}
	return { watermark: raw.watermark, horizon: raw.horizon, seen };
}

/** The cursor state from `getWorkflowStaticData('node')[key]`; unknown versions start empty. */
export function readCursorState(raw: unknown): CursorState {
	const state = emptyCursorState();
	if (!isObject(raw) || raw.v !== CURSOR_STATE_VERSION || !isObject(raw.tenants)) return state;
	for (const tenantId of Object.keys(raw.tenants)) {
		const cursor = readTenantCursor(raw.tenants[tenantId]);
		if (cursor) state.tenants[tenantId] = cursor;
	}
	return state;
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
	return { v: CURSOR_STATE_VERSION, tenants };
}
