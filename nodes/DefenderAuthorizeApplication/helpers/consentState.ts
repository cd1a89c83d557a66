/**
 * The `state` of a consent link: a signed, expiring token that ties the redirect back to the
 * tenant, redirect URI and nonce the MSSP asked for. Microsoft warns never to trust the `tenant`
 * query value of the admin-consent redirect (anyone can craft that URL), so Complete Consent
 * believes only what this signature covers.
 *
 * Format: `base64url(JSON payload) "." base64url(HMAC-SHA256(key, "v1." + payloadPart))`.
 * The key is derived with HKDF from the credential's client secret (the one value only the MSSP
 * holds) and its client ID; rotating the secret therefore invalidates links not yet completed.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

import { InputError, normaliseTenantId } from '../../shared/transport';

export interface ConsentStatePayload {
	/** Format version. */
	v: 1;
	/** Customer tenant (GUID when known, else the domain the MSSP typed). */
	t: string;
	/** Random nonce: identifies this link for replay protection. */
	n: string;
	/** Redirect URI the link sends the admin back to. */
	r: string;
	/** Expiry, epoch seconds. */
	e: number;
}

export type StateRejection = 'malformed' | 'forged' | 'expired' | 'tenantMismatch';

export type StateVerification =
	| { ok: true; payload: ConsentStatePayload }
	| { ok: false; reason: StateRejection; message: string };

const SALT = 'n8n-nodes-defender-mssp/consent-state';
const MAC_PREFIX = 'v1.';

/** 32-byte HMAC key from the app credential; different apps and secrets give unrelated keys. */
export function deriveStateKey(clientId: string, clientSecret: string): Buffer {
	if (!clientSecret) {
		throw new InputError(
			"The credential has no client secret, so the consent state cannot be signed. Enter the secret's Value on the credential.",
		);
	}
	return Buffer.from(
		hkdfSync('sha256', clientSecret, SALT, `consent-state:${clientId.trim().toLowerCase()}`, 32),
	);
}

function mac(key: Buffer, payloadPart: string): Buffer {
	return createHmac('sha256', key)
		.update(MAC_PREFIX + payloadPart)
		.digest();
}

export function newNonce(): string {
	return randomBytes(18).toString('base64url');
}

export function signConsentState(key: Buffer, payload: ConsentStatePayload): string {
	const payloadPart = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
	return `${payloadPart}.${mac(key, payloadPart).toString('base64url')}`;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function isPayload(value: unknown): value is ConsentStatePayload {
	const p = value as Partial<ConsentStatePayload> | null;
	return (
		!!p &&
		typeof p === 'object' &&
		p.v === 1 &&
		typeof p.t === 'string' &&
		typeof p.n === 'string' &&
		p.n.length >= 16 &&
		typeof p.r === 'string' &&
		typeof p.e === 'number' &&
		Number.isFinite(p.e)
	);
}

const MESSAGES: Record<StateRejection, string> = {
	malformed:
		'The redirect\'s "state" is missing or not a state this node created. Pass the Webhook node\'s query unchanged (e.g. {{ $json.query }}) and use links made by Create Consent Link.',
	forged:
		'The redirect\'s "state" was not signed with this credential: it was altered, forged, or made with another app credential (or before the client secret was rotated). Nothing was accepted; create a new consent link for the customer.',
	expired:
		"The consent link has expired. Create a new consent link (Create Consent Link) and send it to the customer's administrator.",
	tenantMismatch:
		'The tenant in the redirect is not the tenant this consent link was made for. Nothing was accepted: the administrator consented in another tenant, or the redirect was tampered with. Send the link to an administrator of the intended tenant.',
};

function reject(reason: StateRejection, detail = ''): StateVerification {
	return { ok: false, reason, message: MESSAGES[reason] + detail };
}

/**
 * Checks signature first (constant-time), then expiry, then — when the redirect names a tenant —
 * that it is the signed one. `nowMs` is a parameter so tests can move time.
 */
export function verifyConsentState(
	key: Buffer,
	state: unknown,
	nowMs: number,
	redirectTenant?: string,
): StateVerification {
	if (typeof state !== 'string' || state.length > 4096) return reject('malformed');
	const parts = state.split('.');
	if (parts.length !== 2 || !BASE64URL.test(parts[0]) || !BASE64URL.test(parts[1])) {
		return reject('malformed');
	}
	const given = Buffer.from(parts[1], 'base64url');
	const expected = mac(key, parts[0]);
	if (given.length !== expected.length || !timingSafeEqual(given, expected))
		return reject('forged');
	let payload: unknown;
	try {
		payload = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
	} catch {
		return reject('malformed');
	}
	if (!isPayload(payload)) return reject('malformed');
	if (nowMs >= payload.e * 1000) {
		return reject('expired', ` (it expired at ${new Date(payload.e * 1000).toISOString()})`);
	}
	if (redirectTenant !== undefined && redirectTenant !== '') {
		const got = normaliseTenantId(redirectTenant);
		if (got === undefined || got !== normaliseTenantId(payload.t)) return reject('tenantMismatch');
	}
	return { ok: true, payload };
}
