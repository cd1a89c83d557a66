/**
 * A small typed client for a running sandbox (in this process or another): the control API over
 * HTTP with the same methods as `sb.control`, a raw HTTPS helper that trusts the sandbox CA, a
 * client-credentials helper, and a headless browser for the sign-in/consent page.
 *
 *   const control = new SandboxControlClient(sb.origin, sb.caPem);
 *   await control.seedAlerts(sb.tenants.fabrikam.id, { count: 500, seed: 7 });
 */
import { Agent, request } from 'node:https';
import { readFileSync } from 'node:fs';
import type {
	ActiveFault,
	ClockInfo,
	Counters,
	DefenderAlert,
	FaultSpec,
	LatencySpec,
	NextLinkMode,
	RateLimitConfig,
	RequestLogEntry,
	RevokeSpec,
	SandboxControlApi,
	SandboxSecret,
	SeedOptions,
	TenantPatch,
	TenantSpec,
	WorldSummary,
} from './control/types';

export interface HttpResult {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	/** Parsed JSON body, or undefined when the body is not JSON (shape varies per endpoint). */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	json: any;
}

export interface HttpOptions {
	headers?: Record<string, string>;
	/** JSON body (sets Content-Type). */
	json?: unknown;
	/** Form body (application/x-www-form-urlencoded). */
	form?: Record<string, string>;
	body?: string;
	timeoutMs?: number;
}

const agents = new Map<string, Agent>();
function agentFor(caPem: string): Agent {
	let a = agents.get(caPem);
	if (!a) agents.set(caPem, (a = new Agent({ ca: caPem, keepAlive: false })));
	return a;
}

/** One HTTPS request that trusts the sandbox CA. `url` is absolute or relative to `origin`. */
export function sandboxHttp(
	origin: string,
	caPem: string,
	method: string,
	url: string,
	o: HttpOptions = {},
): Promise<HttpResult> {
	const target = /^https?:/.test(url) ? url : `${origin}${url}`;
	const headers: Record<string, string> = { ...(o.headers ?? {}) };
	let body = o.body;
	if (o.json !== undefined) {
		body = JSON.stringify(o.json);
		headers['Content-Type'] ??= 'application/json';
	}
	if (o.form) {
		body = new URLSearchParams(o.form).toString();
		headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
	}
	return new Promise((resolve, reject) => {
		const req = request(target, { method, agent: agentFor(caPem), headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('error', reject);
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				let json: unknown;
				try {
					json = text ? JSON.parse(text) : undefined;
				} catch {
					json = undefined;
				}
				resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
			});
		});
		req.on('error', reject);
		if (o.timeoutMs)
			req.setTimeout(o.timeoutMs, () => req.destroy(new Error(`timeout after ${o.timeoutMs} ms`)));
		if (body !== undefined) req.write(body);
		req.end();
	});
}

export class SandboxHttpError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
	) {
		super(`sandbox control API answered ${status}: ${JSON.stringify(body)}`);
	}
}

/** The control API over HTTP; same methods as the in-process `sb.control`. */
export class SandboxControlClient implements SandboxControlApi {
	readonly caPem: string;

	/** `ca` is the PEM text or a path to it. */
	constructor(
		readonly origin: string,
		ca: string,
	) {
		this.caPem = ca.includes('-----BEGIN') ? ca : readFileSync(ca, 'utf8');
	}

	private async call<T>(method: string, path: string, json?: unknown): Promise<T> {
		const r = await sandboxHttp(
			this.origin,
			this.caPem,
			method,
			`/_sandbox${path}`,
			json === undefined ? {} : { json },
		);
		if (r.status !== 200) throw new SandboxHttpError(r.status, r.json ?? r.text);
		return r.json as T;
	}

	private t(id: string): string {
		return encodeURIComponent(id);
	}

	async reset() {
		await this.call('POST', '/reset');
	}
	world() {
		return this.call<WorldSummary>('GET', '/world');
	}
	addTenant(spec: TenantSpec) {
		return this.call<WorldSummary['tenants'][number]>('POST', '/tenants', spec);
	}
	updateTenant(tenant: string, patch: TenantPatch) {
		return this.call<WorldSummary['tenants'][number]>('PATCH', `/tenants/${this.t(tenant)}`, patch);
	}
	seedAlerts(tenant: string, opts: SeedOptions) {
		return this.call<{ inserted: number; total: number }>(
			'POST',
			`/tenants/${this.t(tenant)}/alerts/seed`,
			opts,
		);
	}
	insertAlerts(tenant: string, alerts: DefenderAlert[], opts: { visibleAt?: number } = {}) {
		return this.call<{ inserted: number; total: number }>(
			'POST',
			`/tenants/${this.t(tenant)}/alerts`,
			{ alerts, ...opts },
		);
	}
	updateAlert(tenant: string, alertId: string, changes: Partial<DefenderAlert>) {
		return this.call<DefenderAlert>(
			'PATCH',
			`/tenants/${this.t(tenant)}/alerts/${this.t(alertId)}`,
			changes,
		);
	}
	alerts(tenant: string) {
		return this.call<DefenderAlert[]>('GET', `/tenants/${this.t(tenant)}/alerts`);
	}
	addFault(spec: FaultSpec) {
		return this.call<ActiveFault>('POST', '/faults', spec);
	}
	faults() {
		return this.call<ActiveFault[]>('GET', '/faults');
	}
	async clearFaults() {
		await this.call('DELETE', '/faults');
	}
	setLatency(spec: LatencySpec | null) {
		return this.call<LatencySpec | null>('PUT', '/latency', spec);
	}
	latency() {
		return this.call<LatencySpec | null>('GET', '/latency');
	}
	clock() {
		return this.call<ClockInfo>('GET', '/clock');
	}
	advanceClock(ms: number) {
		return this.call<ClockInfo>('POST', '/clock/advance', { ms });
	}
	setClock(epochMs: number) {
		return this.call<ClockInfo>('POST', '/clock', { now: epochMs });
	}
	counters() {
		return this.call<Counters>('GET', '/counters');
	}
	async resetCounters() {
		await this.call('POST', '/counters/reset');
	}
	requests(limit?: number) {
		return this.call<RequestLogEntry[]>('GET', `/requests${limit ? `?limit=${limit}` : ''}`);
	}
	revokeTokens(spec: RevokeSpec) {
		return this.call<{ revoked: number }>('POST', '/revoke', spec);
	}
	addSecret(clientId: string, opts: { description?: string; expiresAt?: number } = {}) {
		return this.call<SandboxSecret>('POST', `/apps/${this.t(clientId)}/secrets`, opts);
	}
	async expireSecret(clientId: string, secret?: string) {
		await this.call('POST', `/apps/${this.t(clientId)}/secrets/expire`, { secret });
	}
	rateLimits() {
		return this.call<RateLimitConfig>('GET', '/rate-limits');
	}
	setRateLimits(config: Partial<RateLimitConfig>) {
		return this.call<RateLimitConfig>('PUT', '/rate-limits', config);
	}
	async setNextLinkMode(mode: NextLinkMode, tenant?: string, opts: { pageSize?: number } = {}) {
		await this.call('PUT', '/next-link-mode', { mode, tenantId: tenant, pageSize: opts.pageSize });
	}
}

/** Client-credentials token for a tenant (v2 endpoint). Returns the whole token-endpoint result. */
export function clientCredentials(
	origin: string,
	caPem: string,
	tenant: string,
	clientId: string,
	clientSecret: string,
	scope = 'https://api.securitycenter.microsoft.com/.default',
): Promise<HttpResult> {
	return sandboxHttp(origin, caPem, 'POST', `/${tenant}/oauth2/v2.0/token`, {
		form: {
			grant_type: 'client_credentials',
			client_id: clientId,
			client_secret: clientSecret,
			scope,
		},
	});
}

/**
 * Plays the user on the sign-in/consent page: GETs `authorizeUrl`, submits Accept or Cancel as
 * `login`, and returns the redirect the browser would follow (`location`) with its query.
 */
export async function signIn(
	authorizeUrl: string,
	caPem: string,
	o: { login?: string; action?: 'accept' | 'cancel' } = {},
): Promise<{
	status: number;
	location?: string;
	params: URLSearchParams;
	page: HttpResult;
}> {
	const origin = new URL(authorizeUrl).origin;
	const page = await sandboxHttp(origin, caPem, 'GET', authorizeUrl);
	if (page.status !== 200) return { status: page.status, params: new URLSearchParams(), page };
	const ctx = /name="ctx" value="([^"]+)"/.exec(page.text)?.[1];
	const action = /<form method="post" action="([^"]+)"/.exec(page.text)?.[1];
	const login = o.login ?? /name="login" value="([^"]*)"/.exec(page.text)?.[1] ?? '';
	if (!ctx || !action) return { status: page.status, params: new URLSearchParams(), page };
	const res = await sandboxHttp(origin, caPem, 'POST', action.replace(/&amp;/g, '&'), {
		form: { ctx, login, action: o.action ?? 'accept' },
	});
	const location = typeof res.headers.location === 'string' ? res.headers.location : undefined;
	const params = location ? new URL(location).searchParams : new URLSearchParams();
	return { status: res.status, location, params, page: res };
}
