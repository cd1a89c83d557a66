/**
 * Per-tenant access tokens of the MSSP app, cached in memory until shortly before expiry.
 * The key is a SHA-256 of everything that identifies the token (login host, client ID, secret,
 * tenant, scope): a rotated secret or another cloud never reuses an old token, and neither the
 * secret nor the token is ever a map key in clear. Concurrent callers for the same key share one
 * token request.
 */
import { createHash } from 'node:crypto';

/** Tokens are dropped this long before they expire, so a request never starts with a dying one. */
export const EXPIRY_MARGIN_MS = 5 * 60_000;

export interface CachedToken {
	accessToken: string;
	/** epoch ms after which the token must not be used (expiry − margin). */
	usableUntil: number;
}

export interface TokenKeyParts {
	loginBaseUrl: string;
	clientId: string;
	clientSecret: string;
	tenantId: string;
	scope: string;
}

const tokens = new Map<string, CachedToken>();
const inFlight = new Map<string, Promise<CachedToken>>();

export function tokenCacheKey(parts: TokenKeyParts): string {
	return createHash('sha256')
		.update(
			[parts.loginBaseUrl, parts.clientId, parts.clientSecret, parts.tenantId, parts.scope].join(
				'\n',
			),
		)
		.digest('hex');
}

/** Converts a token response's lifetime to a cache entry. */
export function toCachedToken(
	accessToken: string,
	expiresInSeconds: unknown,
	now: number,
): CachedToken {
	const lifetime = Number(expiresInSeconds);
	const seconds = Number.isFinite(lifetime) && lifetime > 0 ? lifetime : 3599;
	// Short-lived tokens (sandbox tests) keep at least half their life usable.
	const margin = Math.min(EXPIRY_MARGIN_MS, (seconds * 1000) / 2);
	return { accessToken, usableUntil: now + seconds * 1000 - margin };
}

/**
 * The cached token for `key`, or the result of `fetchToken` — started at most once however many
 * callers ask at the same time. A failed fetch is not cached.
 */
export async function getToken(
	key: string,
	fetchToken: () => Promise<CachedToken>,
	now: () => number = Date.now,
): Promise<CachedToken> {
	const cached = tokens.get(key);
	if (cached && cached.usableUntil > now()) return cached;
	const pending = inFlight.get(key);
	if (pending) return await pending;
	const request = (async () => {
		try {
			const token = await fetchToken();
			tokens.set(key, token);
			return token;
		} finally {
			inFlight.delete(key);
		}
	})();
	inFlight.set(key, request);
	return await request;
}

/**
 * Drops the token after the API rejected it (401), unless a newer one already replaced it — so
 * many requests failing with the same stale token cause one refresh, not one each.
 */
export function invalidateToken(key: string, rejectedToken: string): void {
	if (tokens.get(key)?.accessToken === rejectedToken) tokens.delete(key);
}

/** For tests. */
export function clearTokenCache(): void {
	tokens.clear();
	inFlight.clear();
}
