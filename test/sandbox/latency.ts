/**
 * Slow but successful answers. A `latency` fault delays the next N matching requests; the standing
 * latency (`control.setLatency`) delays every matching request until it is cleared, for e2e runs
 * where "every API answer takes 1.2 s" for minutes. Either way the answer is the normal one, made
 * after the wait (so its `Date` and the state it reflects are those of the moment it is sent).
 */
import { checkLatencyMs, matches } from './faults';
import type { ActiveFault } from './faults';
import type { SandboxState } from './state';

export interface LatencySpec {
	/** Real milliseconds every matching request waits before it is handled. */
	latencyMs: number;
	/** Same matching as faults: `/api/alerts`, or `/oauth2` after the tenant segment. */
	pathPrefix?: string;
	tenantId?: string;
	method?: string;
}

export function checkLatencySpec(spec: unknown): LatencySpec {
	if (!spec || typeof spec !== 'object' || Array.isArray(spec))
		throw new Error(
			'send a latency spec { latencyMs, pathPrefix?, tenantId?, method? } or null to clear it',
		);
	const s = spec as LatencySpec;
	checkLatencyMs(s.latencyMs);
	for (const k of ['pathPrefix', 'tenantId', 'method'] as const) {
		if (s[k] !== undefined && typeof s[k] !== 'string') throw new Error(`${k} must be a string`);
	}
	return {
		latencyMs: s.latencyMs,
		pathPrefix: s.pathPrefix,
		tenantId: s.tenantId,
		method: s.method,
	};
}

/**
 * How long this request waits: the larger of a consumed `latency` fault and the standing latency
 * (a slow answer on an already slow link is as slow as the slower of the two, not their sum).
 */
export function latencyFor(
	state: SandboxState,
	method: string,
	path: string,
	tenantId: string | undefined,
	fault: ActiveFault | undefined,
): number {
	const fromFault = fault?.kind === 'latency' ? (fault.spec.latencyMs ?? 0) : 0;
	const standing =
		state.latency && matches(state.latency, method, path, tenantId) ? state.latency.latencyMs : 0;
	return Math.max(fromFault, standing);
}
