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

/** Socket-level failures where the request may not have reached the API, or timed out. */
const TRANSIENT_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'ECONNREFUSED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
	'ERR_BAD_RESPONSE',
]);

export function isRetryableStatus(status: number): boolean {
	return RETRYABLE_STATUSES.has(status);
}

export function isTransientNetworkCode(code: string | undefined): boolean {
	return code !== undefined && TRANSIENT_NETWORK_CODES.has(code);
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
