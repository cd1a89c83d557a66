/**
 * Retry policy, pure: which failures are worth another attempt and how long to wait. The request
 * loop (request.ts) does the waiting with n8n's `sleep`.
 */
import type { RetryPolicy } from './types';

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 4,
	baseDelayMs: 1000,
	maxDelayMs: 30_000,
	maxRetryWaitSeconds: 120,
	maxThrottleRetries: 6,
	timeoutMs: 60_000,
};

/** Server faults that Defender documents as "retry" (500) plus gateway/availability errors. */
const RETRYABLE_STATUSES = new Set([500, 502, 503, 504]);

/**
 * Socket failures raised before the request could be written: no connection was made (refused,
 * unreachable, the name did not resolve yet, the connect phase timed out), so nothing reached
 * Defender and a resend cannot repeat a change.
 */
const NOT_SENT_NETWORK_CODES = new Set([
	'ECONNREFUSED',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Failures that are not worth another attempt but equally prove that no request was written: the
 * name does not exist, or the TLS handshake (which comes before the request) refused the server's
 * certificate. A change that failed so was not applied.
 */
const NEVER_SENT_NETWORK_CODES = new Set([
	'ENOTFOUND',
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'CERT_REVOKED',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Transient failures on a connection that was open: a reset, a broken pipe, a timeout or a cut
 * response can come before or after Defender acted on the request, and the client cannot tell
 * which (a reset on a reused keep-alive socket looks the same as one after the server's commit).
 */
const MAYBE_SENT_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'UND_ERR_SOCKET',
	'ERR_BAD_RESPONSE',
]);

export function isRetryableStatus(status: number): boolean {
	return RETRYABLE_STATUSES.has(status);
}

/**
 * True for the retryable status that says the server did not act: 503 is "unable to handle the
 * request" (RFC 9110 §15.6.4). A 500, 502 or 504 can come after the change was made (a gateway
 * timing out on a slow backend, a fault after the commit), so it is no proof.
 */
export function wasNotProcessed(status: number): boolean {
	return status === 503;
}

export function isTransientNetworkCode(code: string | undefined): boolean {
	return (
		code !== undefined && (NOT_SENT_NETWORK_CODES.has(code) || MAYBE_SENT_NETWORK_CODES.has(code))
	);
}

/**
 * True when the failure proves the request never reached the server (NOT_SENT_NETWORK_CODES,
 * NEVER_SENT_NETWORK_CODES). Any other failure, a code we do not know included (`UNKNOWN`,
 * `ERR_CANCELED`), may have come after the server acted on the request.
 */
export function wasNotSent(code: string | undefined): boolean {
	return (
		code !== undefined && (NOT_SENT_NETWORK_CODES.has(code) || NEVER_SENT_NETWORK_CODES.has(code))
	);
}

export function mergeRetryPolicy(overrides?: Partial<RetryPolicy>): RetryPolicy {
	const policy = { ...DEFAULT_RETRY_POLICY };
	for (const [key, value] of Object.entries(overrides ?? {})) {
		if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
			policy[key as keyof RetryPolicy] = value;
		}
	}
	return policy;
}

/**
 * Capped exponential backoff with "equal jitter": half the delay is fixed so retries are never
 * immediate, the other half is random so many tenants retrying at once do not synchronise.
 * `attempt` counts from 0 (first retry).
 */
export function backoffMs(
	attempt: number,
	policy: RetryPolicy,
	random: () => number = Math.random,
): number {
	const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt));
	const half = exponential / 2;
	return Math.round(half + half * Math.min(1, Math.max(0, random())));
}

/**
 * Seconds to wait after a 429: the `Retry-After` header (seconds or HTTP date), else the body's
 * "…You can send requests again in N seconds." (what Defender writes), else undefined.
 */
export function parseRetryAfterSeconds(
	header: unknown,
	body: unknown,
	nowMs: number = Date.now(),
): number | undefined {
	const raw = Array.isArray(header) ? header[0] : header;
	if (typeof raw === 'number' && Number.isFinite(raw) && raw >= 0) return raw;
	if (typeof raw === 'string' && raw.trim() !== '') {
		const value = raw.trim();
		if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
		const date = Date.parse(value);
		if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - nowMs) / 1000));
	}
	const text = typeof body === 'string' ? body : body ? JSON.stringify(body) : '';
	const match = /in (\d+(?:\.\d+)?) seconds?/i.exec(text);
	return match ? Number(match[1]) : undefined;
}
