import type { DefenderAlert } from './types';

/**
 * What the trigger remembers of an alert's content between polls: one short hash per tracked
 * field, so it can say which fields changed since it last emitted the alert without storing the
 * values themselves (static data stays small; a hash also never leaks a comment's text).
 * Changing this list or the hash changes every fingerprint: bump the cursor state version.
 */
export const TRACKED_FIELDS = [
	'status',
	'classification',
	'determination',
	'assignedTo',
	'severity',
	'investigationState',
	'incidentId',
	'comments',
] as const;

export type TrackedField = (typeof TRACKED_FIELDS)[number];

/**
 * The fields of the "only status/classification/assignment changed" update mode. Determination
 * belongs here because it is picked together with the classification (it refines it).
 */
export const SIGNIFICANT_FIELDS: readonly TrackedField[] = [
	'status',
	'classification',
	'determination',
	'assignedTo',
];

const SEGMENT = 4; // base64url characters per field = 24 bits: a missed change is ~1 in 16.7M
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** FNV-1a (32 bit) folded to 24 bits: fast, dependency-free, and stable across Node versions. */
function hash24(text: string): string {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	const v = ((h >>> 24) ^ h) & 0xffffff;
	return (
		ALPHABET[(v >>> 18) & 63] +
		ALPHABET[(v >>> 12) & 63] +
		ALPHABET[(v >>> 6) & 63] +
		ALPHABET[v & 63]
	);
}

function canonical(value: unknown): string {
	// A missing field and a null field mean the same to users (older payloads omit fields).
	if (value === undefined || value === null) return 'null';
	try {
		return JSON.stringify(value) ?? 'null';
	} catch {
		return String(value);
	}
}

/** The fingerprint of an alert: TRACKED_FIELDS.length fixed-width segments, in list order. */
export function fingerprintAlert(alert: DefenderAlert): string {
	let out = '';
	for (const field of TRACKED_FIELDS) out += hash24(canonical(alert[field]));
	return out;
}

/**
 * Tracked fields whose segment differs between two fingerprints. A malformed previous
 * fingerprint (e.g. edited static data) reports every field as changed rather than none.
 */
export function changedFields(previous: string, current: string): TrackedField[] {
	const changed: TrackedField[] = [];
	TRACKED_FIELDS.forEach((field, i) => {
		const at = i * SEGMENT;
		if (previous.slice(at, at + SEGMENT) !== current.slice(at, at + SEGMENT)) changed.push(field);
	});
	return changed;
}

export function isFingerprint(value: unknown): value is string {
	return (
		typeof value === 'string' &&
		value.length === TRACKED_FIELDS.length * SEGMENT &&
		/^[A-Za-z0-9_-]+$/.test(value)
	);
}
