/** The control API's shape, shared by the in-process implementation and the HTTP client. */
import type { DefenderAlert } from '../../../nodes/shared/alerts/types';
import type { ActiveFault, FaultSpec } from '../faults';
import type { LatencySpec } from '../latency';
import type { FamilyCounters, RateLimitConfig } from '../rateLimit';
import type { RequestLogEntry } from '../state';
import type { NextLinkMode, Region, SandboxSecret, TenantSpec, WorldSummary } from '../world';

export type {
	DefenderAlert,
	FaultSpec,
	ActiveFault,
	LatencySpec,
	RateLimitConfig,
	RequestLogEntry,
	SandboxSecret,
	TenantSpec,
	WorldSummary,
	NextLinkMode,
};

export interface SeedOptions {
	count: number;
	seed?: number;
	/** epoch ms; default: sandbox now − 7 days. */
	startTime?: number;
	/** epoch ms; default: sandbox now. */
	endTime?: number;
	sharedTimestampRatio?: number;
	/** epoch ms when the seeded alerts become visible (indexing lag). */
	visibleAt?: number;
}

export interface TenantPatch {
	/** Which app the consent/authorization toggles apply to (default: the MSSP app). */
	clientId?: string;
	consented?: boolean;
	authorized?: boolean;
	defenderLicensed?: boolean;
	region?: Region;
	/** null clears the per-tenant override. */
	nextLinkMode?: NextLinkMode | null;
	/** Replication delay of later consents on the consent page (ms; 0 = at once). */
	consentReplicationMs?: number;
}

export interface RevokeSpec {
	tenantId?: string;
	clientId?: string;
	userOid?: string;
	/** A specific access or refresh token. */
	token?: string;
}

export interface Counters {
	/** tenantId → family → { calls, throttled } (API calls that passed authentication; 429s served). */
	api: Record<string, Record<string, FamilyCounters>>;
	/** tenant (id or path segment) → token endpoint results. */
	tokens: Record<string, { issued: number; failed: number }>;
	throttledTotal: number;
	/** Faults served, `latency` faults included. */
	faultsServed: number;
	/** Requests answered after a wait: latency faults and the standing latency. */
	latencyDelayed: number;
	requests: number;
	/** Messages of unexpected exceptions the sandbox answered with 500 (should stay empty). */
	internalErrors: string[];
}

export interface ClockInfo {
	now: number;
	iso: string;
	offsetMs: number;
}

export interface SandboxControlApi {
	reset(): Promise<void>;
	world(): Promise<WorldSummary>;
	addTenant(spec: TenantSpec): Promise<WorldSummary['tenants'][number]>;
	updateTenant(tenant: string, patch: TenantPatch): Promise<WorldSummary['tenants'][number]>;
	seedAlerts(tenant: string, opts: SeedOptions): Promise<{ inserted: number; total: number }>;
	insertAlerts(
		tenant: string,
		alerts: DefenderAlert[],
		opts?: { visibleAt?: number },
	): Promise<{ inserted: number; total: number }>;
	updateAlert(
		tenant: string,
		alertId: string,
		changes: Partial<DefenderAlert>,
	): Promise<DefenderAlert>;
	alerts(tenant: string): Promise<DefenderAlert[]>;
	addFault(spec: FaultSpec): Promise<ActiveFault>;
	faults(): Promise<ActiveFault[]>;
	clearFaults(): Promise<void>;
	/** Delays every matching request by `latencyMs` until cleared with null; returns what is in force. */
	setLatency(spec: LatencySpec | null): Promise<LatencySpec | null>;
	latency(): Promise<LatencySpec | null>;
	clock(): Promise<ClockInfo>;
	advanceClock(ms: number): Promise<ClockInfo>;
	setClock(epochMs: number): Promise<ClockInfo>;
	counters(): Promise<Counters>;
	resetCounters(): Promise<void>;
	requests(limit?: number): Promise<RequestLogEntry[]>;
	revokeTokens(spec: RevokeSpec): Promise<{ revoked: number }>;
	/** Another client secret for the app (all unexpired secrets are valid): for rotation tests. */
	addSecret(
		clientId: string,
		opts?: { description?: string; expiresAt?: number },
	): Promise<SandboxSecret>;
	expireSecret(clientId: string, secret?: string): Promise<void>;
	rateLimits(): Promise<RateLimitConfig>;
	setRateLimits(config: Partial<RateLimitConfig>): Promise<RateLimitConfig>;
	/** `pageSize`: the page of mode 'serverPaging', whatever `$top` the client sends. */
	setNextLinkMode(mode: NextLinkMode, tenant?: string, opts?: { pageSize?: number }): Promise<void>;
}
