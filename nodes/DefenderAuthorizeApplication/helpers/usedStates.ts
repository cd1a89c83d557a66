/**
 * What Complete Consent remembers about consent states: the nonces a confirmed consent used up
 * (replay protection), and the refusals already reported for a state (so a reloaded page or a
 * forger repeating `error=access_denied` does not alert the SOC again). A node has no database, so
 * both live in the node's workflow static data until the state would have expired anyway.
 *
 * Only a consent Entra ID confirmed uses a state up. A refusal or an unconfirmed consent is an
 * unsigned claim anyone holding the link can make; letting it spend the state would let a forged
 * `error=access_denied` disable the link before the administrator clicks Accept. Leaving the
 * state usable (rather than re-issuing links) keeps the link the customer already has working.
 *
 * Concurrent executions. n8n gives every execution its own copy of the static data, read when it
 * starts and written back when it ends, the last writer winning; nothing here can lock it. So:
 * - Two redirects with the same state that run at the same time can both report `consented`.
 *   Harmless: each was confirmed by a token Entra ID issued for the tenant, so both reports are
 *   true; the SOC gets a second access report.
 * - A nonce claimed by one execution can be lost when a concurrent execution (of any redirect)
 *   saves its older copy afterwards, and that redirect can then be completed again later. Still
 *   harmless: a replay is again reported `consented` only if Entra ID issues the token, so it
 *   repeats a true report and can never forge a consent; admin consent is idempotent at Microsoft.
 * - Likewise two simultaneous identical refusals can both be reported, and a lost refusal mark
 *   lets the next repeat be reported again.
 * What makes the outcome correct is the token confirmation (consentVerification.ts), never this
 * record: it only spares repeated reports. It also does not span workflows (each has its own
 * static data); the signature and expiry bound those. Test runs from the editor save nothing.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ConsentOutcome } from './consentOutcome';

const USED_KEY = 'usedConsentStates';
const REFUSALS_KEY = 'reportedConsentRefusals';
/** Bound on stored states of each kind, oldest dropped first; far above any MSSP's onboarding rate. */
export const MAX_USED_STATES = 5000;
/**
 * Distinct refusals reported per state. The refusal text is the sender's to choose, so without a
 * bound a forger varying `error` could still send one alert per request; the real ones (declined,
 * not an admin, wrong account, no licence) fit well within it.
 */
export const MAX_REFUSALS_PER_STATE = 5;

/** Entries of `staticData[key]` whose state has not expired, by the expiry `expiresAt` reads. */
function liveEntries<T>(
	staticData: IDataObject,
	key: string,
	expiresAt: (value: unknown) => number | undefined,
	nowMs: number,
): Record<string, T> {
	const live: Record<string, T> = {};
	for (const [nonce, value] of Object.entries((staticData[key] ?? {}) as IDataObject)) {
		const expiry = expiresAt(value);
		if (expiry !== undefined && expiry * 1000 > nowMs) live[nonce] = value as T;
	}
	return live;
}

/** Drops the entries that expire first until at most `maxEntries` are left. */
function keepLatest<T>(
	entries: Record<string, T>,
	expiresAt: (value: T) => number,
	maxEntries: number,
): void {
	const keys = Object.keys(entries);
	if (keys.length <= maxEntries) return;
	keys
		.sort((a, b) => expiresAt(entries[a]) - expiresAt(entries[b]))
		.slice(0, keys.length - maxEntries)
		.forEach((key) => delete entries[key]);
}

const usedExpiry = (value: unknown) => (typeof value === 'number' ? value : undefined);

/** Whether `nonce` was used by an earlier confirmed consent (and has not expired since). */
export function isNonceUsed(staticData: IDataObject, nonce: string, nowMs: number): boolean {
	const expiresAt = ((staticData[USED_KEY] ?? {}) as IDataObject)[nonce];
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
	const used = liveEntries<number>(staticData, USED_KEY, usedExpiry, nowMs);
	if (used[nonce] !== undefined) {
		staticData[USED_KEY] = used;
		return false;
	}
	used[nonce] = expiresAtSeconds;
	keepLatest(used, (expiry) => expiry, maxEntries);
	staticData[USED_KEY] = used;
	return true;
}

interface ReportedRefusals {
	/** The state's expiry, seconds since the epoch. */
	e: number;
	/** `refusalKind` of each refusal reported for the state. */
	kinds: string[];
}

const refusalExpiry = (value: unknown) => {
	const e = (value as Partial<ReportedRefusals> | null)?.e;
	return typeof e === 'number' ? e : undefined;
};

/** What makes two refusals the same: the AADSTS code and the OAuth error, not Microsoft's text. */
export function refusalKind(refusal: Pick<ConsentOutcome, 'code' | 'error'>): string {
	return `${refusal.code ?? ''}|${(refusal.error ?? '').slice(0, 100)}`;
}

/**
 * Records that the refusal `kind` was reported for the state `nonce`; returns true when it had
 * been already (or the state's bound of distinct refusals is reached), so it is a repeat not to
 * report again. It never uses the state up (see the header).
 */
export function markRefusalReported(
	staticData: IDataObject,
	nonce: string,
	kind: string,
	expiresAtSeconds: number,
	nowMs: number,
	maxEntries = MAX_USED_STATES,
): boolean {
	const reported = liveEntries<ReportedRefusals>(staticData, REFUSALS_KEY, refusalExpiry, nowMs);
	const kinds = Array.isArray(reported[nonce]?.kinds) ? reported[nonce].kinds : [];
	const repeated = kinds.includes(kind) || kinds.length >= MAX_REFUSALS_PER_STATE;
	if (!repeated) {
		reported[nonce] = { e: expiresAtSeconds, kinds: [...kinds, kind] };
		keepLatest(reported, (entry) => entry.e, maxEntries);
	}
	staticData[REFUSALS_KEY] = reported;
	return repeated;
}
