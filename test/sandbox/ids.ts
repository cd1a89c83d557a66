/** Deterministic identifiers: GUIDs, secrets and opaque tokens derived from names. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export function guidFrom(...parts: string[]): string {
	const h = createHash('sha256').update(parts.join('|')).digest('hex');
	const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A client-secret-looking value (Entra secrets are 40 chars with a `~` at position 4). */
export function secretFrom(...parts: string[]): string {
	const b = createHash('sha256').update(parts.join('|')).digest('base64url').replace(/[-_]/g, 'x');
	return `${b.slice(0, 3)}8Q~${b.slice(3, 39)}`;
}

export function opaque(prefix: string, bytes = 32): string {
	return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

export function requestId(): string {
	return randomUUID();
}

export const isGuid = (s: string): boolean =>
	/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
