/**
 * Everything a running sandbox knows, in one place: the world, clock, signing key, identity
 * grants (codes, refresh tokens, revocations), per-tenant alert stores, rate limiter, faults,
 * and the request log. Routes receive it; the control API mutates it.
 */
import { AlertStore } from './defender/alertStore';
import type { ListQuery } from './defender/alertStore';
import type { DefenderAlert } from '../../nodes/shared/alerts/types';
import { ResponseStores } from './defender/responseStores';
import { SandboxClock } from './clock';
import { FaultInjector } from './faults';
import type { LatencySpec } from './latency';
import { SigningKey } from './jwt';
import { RateLimiter, RateLimitConfig } from './rateLimit';
import type { NextLinkMode, SandboxTenant, World } from './world';

export interface AuthCode {
	code: string;
	clientId: string;
	tenantId: string;
	userOid: string;
	redirectUri: string;
	scopes: string[];
	resource: string;
	v1: boolean;
	nonce?: string;
	codeChallenge?: string;
	codeChallengeMethod?: string;
	expiresAt: number;
	redeemed: boolean;
}

export interface PendingAuth {
	id: string;
	kind: 'authorize' | 'adminconsent';
	v1: boolean;
	pathTenant: string;
	clientId: string;
	redirectUri: string;
	params: Record<string, string>;
	createdAt: number;
}

export interface RefreshGrant {
	token: string;
	clientId: string;
	tenantId: string;
	userOid: string;
	scopes: string[];
	resource: string;
	issuedAt: number;
	lastUsedAt: number;
	revoked: boolean;
}

export interface RequestLogEntry {
	id: string;
	time: string;
	method: string;
	path: string;
	/** The raw query string (`?$filter=…`), when the request had one. */
	query?: string;
	status: number;
	durationMs: number;
	tenantId?: string;
	clientId?: string;
	family?: string;
	fault?: string;
	/** Real ms the request waited before it was handled (a `latency` fault or the standing latency). */
	latencyMs?: number;
}

export interface Revocation {
	tenantId?: string;
	clientId?: string;
	userOid?: string;
	/** Tokens issued at or before this sandbox time (ms) are revoked. */
	before: number;
}

export interface SandboxOptionsCore {
	nextLinkMode: NextLinkMode;
	/** Page size of nextLink mode 'serverPaging' where the tenant has none of its own. */
	serverPageSize: number;
	accessTokenLifetimeSec: number;
	codeLifetimeMs: number;
	refreshInactivityMs: number;
	maxLogEntries: number;
}

/** What one `GET /api/alerts` answered: the tenant, the query it read and the page it sent. */
export interface AlertListAnswer {
	tenantId: string;
	query: Readonly<ListQuery>;
	value: readonly DefenderAlert[];
}

export class SandboxState {
	origin = '';
	readonly codes = new Map<string, AuthCode>();
	readonly refreshTokens = new Map<string, RefreshGrant>();
	readonly pendingAuth = new Map<string, PendingAuth>();
	readonly revokedTokenIds = new Set<string>();
	/** `tenantId clientId` → sandbox time (ms) a consent given on the consent page replicates. */
	readonly consentReplicatesAt = new Map<string, number>();
	revocations: Revocation[] = [];
	readonly stores = new Map<string, AlertStore>();
	/** Machines, machine actions and indicators per tenant. */
	readonly response = new ResponseStores();
	readonly faults = new FaultInjector();
	readonly rateLimiter: RateLimiter;
	requestLog: RequestLogEntry[] = [];
	tokenRequests = new Map<string, { issued: number; failed: number }>();
	faultsServed = 0;
	/** Delays every matching request until cleared (control `setLatency`). */
	latency: LatencySpec | null = null;
	/** Requests answered after a wait (latency faults and the standing latency). */
	latencyDelayed = 0;
	/** Unexpected exceptions turned into 500s (messages only), for tests to assert on. */
	internalErrors: string[] = [];
	requestCount = 0;
	/**
	 * In-process only (a function cannot cross the control API): runs after each alert list
	 * answer is made and before it is sent, so a test can change alerts between a listing's pages
	 * the way analysts triaging meanwhile would. It never changes what the answer holds.
	 */
	afterAlertList: ((answer: AlertListAnswer) => void) | undefined = undefined;
	readonly initialRateLimits: RateLimitConfig;
	readonly initialNextLinkMode: NextLinkMode;
	readonly initialServerPageSize: number;

	constructor(
		readonly world: World,
		readonly clock: SandboxClock,
		readonly key: SigningKey,
		readonly options: SandboxOptionsCore,
		rateLimits?: Partial<RateLimitConfig>,
	) {
		this.rateLimiter = new RateLimiter(rateLimits);
		this.initialRateLimits = this.rateLimiter.current();
		this.initialNextLinkMode = options.nextLinkMode;
		this.initialServerPageSize = options.serverPageSize;
	}

	/** Records a consent given now; it is visible to token requests after the tenant's replication delay. */
	recordConsent(tenant: SandboxTenant, clientId: string): void {
		tenant.consentedApps.add(clientId);
		const delay = tenant.consentReplicationMs ?? 0;
		const key = `${tenant.id} ${clientId}`;
		if (delay > 0) this.consentReplicatesAt.set(key, this.clock.now() + delay);
		else this.consentReplicatesAt.delete(key);
	}

	/** False while a consent given on the consent page is still replicating (see `consentReplicationMs`). */
	consentReplicated(tenantId: string, clientId: string): boolean {
		const at = this.consentReplicatesAt.get(`${tenantId} ${clientId}`);
		return at === undefined || this.clock.now() >= at;
	}

	store(tenantId: string): AlertStore {
		let s = this.stores.get(tenantId);
		if (!s) this.stores.set(tenantId, (s = new AlertStore(tenantId)));
		return s;
	}

	nextLinkModeFor(tenantId: string): NextLinkMode {
		return this.world.tenants.get(tenantId)?.nextLinkMode ?? this.options.nextLinkMode;
	}

	serverPageSizeFor(tenantId: string): number {
		return this.world.tenants.get(tenantId)?.serverPageSize ?? this.options.serverPageSize;
	}

	isRevoked(claims: {
		uti?: string;
		tid?: string;
		appid?: string;
		azp?: string;
		oid?: string;
		iat?: number;
	}): boolean {
		if (claims.uti && this.revokedTokenIds.has(claims.uti)) return true;
		const iatMs = (claims.iat ?? 0) * 1000;
		const appId = claims.appid ?? claims.azp;
		return this.revocations.some(
			(r) =>
				iatMs <= r.before &&
				(!r.tenantId || r.tenantId === claims.tid) &&
				(!r.clientId || r.clientId === appId) &&
				(!r.userOid || r.userOid === claims.oid),
		);
	}

	countToken(tenantKey: string, ok: boolean): void {
		let c = this.tokenRequests.get(tenantKey);
		if (!c) this.tokenRequests.set(tenantKey, (c = { issued: 0, failed: 0 }));
		if (ok) c.issued++;
		else c.failed++;
	}

	log(entry: RequestLogEntry): void {
		this.requestLog.push(entry);
		if (this.requestLog.length > this.options.maxLogEntries)
			this.requestLog.splice(0, this.requestLog.length - this.options.maxLogEntries);
	}
}
