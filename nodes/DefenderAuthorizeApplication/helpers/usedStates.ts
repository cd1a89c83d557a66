/**
 * Replay protection for consent states. A node has no database, so used nonces live in the
 * node's workflow static data until the state would have expired anyway. What this protects
 * against: the same redirect (a reloaded page, a leaked URL) being completed again by a later
 * execution of this workflow. What it cannot: two executions racing on the same state (each
 * reads the static data before the other saves it), or another workflow with its own static
 * data — the signature and expiry still bound those. Admin consent itself is idempotent at
 * Microsoft, so a replay can only repeat a report, never grant anything.
 *
 * Only a consent Entra ID confirmed uses a state up. A refusal or an unconfirmed consent is an
 * unsigned claim anyone holding the link can make; letting it spend the state would let a forged
 * `error=access_denied` disable the link before the administrator clicks Accept. Leaving the
 * state usable (rather than re-issuing links) keeps the link the customer already has working.
 */
import type { IDataObject } from 'n8n-workflow';

const KEY = 'usedConsentStates';
/** Bound on stored nonces, oldest dropped first; far above any MSSP's onboarding rate. */
export const MAX_USED_STATES = 5000;

/** Whether `nonce` was used by an earlier confirmed consent (and has not expired since). */
export function isNonceUsed(staticData: IDataObject, nonce: string, nowMs: number): boolean {
	const expiresAt = ((staticData[KEY] ?? {}) as IDataObject)[nonce];
	return typeof expiresAt === 'number' && expiresAt * 1000 > nowMs;
}

/** Records `nonce` as used; returns false when it was already used. Prunes expired entries. */
export function claimNonce(
	staticData: IDataObject,
	nonce: string,
	expiresAtSeconds: number,
	nowMs: number,
	maxEntries = MAX_USED_STATES,
): boolean {
	const stored = (staticData[KEY] ?? {}) as IDataObject;
	const used: Record<string, number> = {};
	for (const [key, value] of Object.entries(stored)) {
		if (typeof value === 'number' && value * 1000 > nowMs) used[key] = value;
	}
	if (used[nonce] !== undefined) {
		staticData[KEY] = used;
		return false;
	}
	used[nonce] = expiresAtSeconds;
	const keys = Object.keys(used);
	if (keys.length > maxEntries) {
		keys
			.sort((a, b) => used[a] - used[b])
			.slice(0, keys.length - maxEntries)
			.forEach((key) => delete used[key]);
	}
	staticData[KEY] = used;
	return true;
}
