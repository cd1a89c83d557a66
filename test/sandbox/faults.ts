/**
 * Fault injection: the next N requests matching (path prefix, method, tenant) get a fault instead
 * of (or on top of) their normal answer. `latency` is the one fault whose answer is the normal
 * one (same status, headers and body), only given after `latencyMs` of real time.
 */
export type FaultKind =
	| '429'
	| '500'
	| '503'
	| 'reset'
	| 'hang'
	| 'malformed'
	| 'revokedToken'
	| 'latency';
export const FAULT_KINDS: FaultKind[] = [
	'429',
	'500',
	'503',
	'reset',
	'hang',
	'malformed',
	'revokedToken',
	'latency',
];

export interface FaultSpec {
	kind: FaultKind;
	/** How many matching requests get it (default 1). */
	count?: number;
	/**
	 * How many matching requests no fault serves pass first (default 0): a fault on a window's
	 * 3rd page is `after: 2`.
	 */
	after?: number;
	/** Path prefix, e.g. `/api/alerts` or `/oauth2` is matched against the path after the tenant segment too. */
	pathPrefix?: string;
	method?: string;
	tenantId?: string;
	/** 429/503: Retry-After seconds (default 2 for 429, none for 503). */
	retryAfterSeconds?: number;
	/** hang: how long to hold the request before destroying the socket (default: until stop). */
	hangMs?: number;
	/** latency (required): real milliseconds before the normal answer is given. */
	latencyMs?: number;
}

export interface ActiveFault extends Required<Pick<FaultSpec, 'kind'>> {
	id: number;
	spec: FaultSpec;
	remaining: number;
	served: number;
	/** Matching requests still to let through before the fault applies. */
	waiting: number;
}

export class FaultInjector {
	private nextId = 1;
	private faults: ActiveFault[] = [];

	add(spec: FaultSpec): ActiveFault {
		if (!FAULT_KINDS.includes(spec.kind))
			throw new Error(`unknown fault kind '${spec.kind}' (one of ${FAULT_KINDS.join(', ')})`);
		if (spec.kind === 'latency') checkLatencyMs(spec.latencyMs);
		if (spec.after !== undefined && !(Number.isSafeInteger(spec.after) && spec.after >= 0))
			throw new Error(`after must be a whole number ≥ 0 (got ${JSON.stringify(spec.after)})`);
		const f: ActiveFault = {
			id: this.nextId++,
			kind: spec.kind,
			spec: { ...spec },
			remaining: spec.count ?? 1,
			served: 0,
			waiting: spec.after ?? 0,
		};
		this.faults.push(f);
		return f;
	}

	/** Finds and consumes the first fault matching the request. */
	take(method: string, path: string, tenantId: string | undefined): ActiveFault | undefined {
		const matching = this.faults.filter(
			(x) => x.remaining > 0 && matches(x.spec, method, path, tenantId),
		);
		const f = matching.find((x) => x.waiting === 0);
		if (!f) {
			// Nothing served this request: it counts towards every waiting fault it matches.
			for (const x of matching) x.waiting--;
			return undefined;
		}
		f.remaining--;
		f.served++;
		return f;
	}

	list(): ActiveFault[] {
		return this.faults.map((f) => ({ ...f, spec: { ...f.spec } }));
	}

	clear(): void {
		this.faults = [];
	}
}

/** Throws unless `ms` is a usable delay (a finite number ≥ 0). */
export function checkLatencyMs(ms: unknown): void {
	if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
		throw new Error(`latencyMs must be a number of milliseconds ≥ 0 (got ${JSON.stringify(ms)})`);
	}
}

/** Whether a request matches a spec's method, tenant and path prefix (each optional). */
export function matches(
	spec: Pick<FaultSpec, 'method' | 'tenantId' | 'pathPrefix'>,
	method: string,
	path: string,
	tenantId: string | undefined,
): boolean {
	if (spec.method && spec.method.toUpperCase() !== method) return false;
	if (spec.tenantId && spec.tenantId.toLowerCase() !== tenantId?.toLowerCase()) return false;
	if (spec.pathPrefix) {
		const p = spec.pathPrefix.toLowerCase();
		const lower = path.toLowerCase();
		// "/oauth2/v2.0/token" also matches "/{tenant}/oauth2/v2.0/token".
		const afterTenant = lower.replace(/^\/[^/]+(?=\/)/, '');
		if (!lower.startsWith(p) && !afterTenant.startsWith(p)) return false;
	}
	return true;
}
