/** The control API, in process. The HTTP routes and the typed client expose the same methods. */
import { generateAlerts } from '../defender/generator';
import { decodeUnverified } from '../jwt';
import type { SandboxState } from '../state';
import { NEXT_LINK_MODES } from '../world';
import type { SandboxSecret, SandboxTenant, TenantSpec } from '../world';
import { ControlError } from './errors';
import { addSecret, expireSecret } from './secrets';
import { checkServerPageSize } from '../api/serverPaging';
import type {
	ClockInfo,
	Counters,
	DefenderAlert,
	RevokeSpec,
	SandboxControlApi,
	SeedOptions,
	TenantPatch,
} from './types';
import type { FaultSpec } from '../faults';
import { checkLatencySpec, LatencySpec } from '../latency';
import type { ActionBehaviour } from '../defender/machineActions';
import type { NextLinkMode, RateLimitConfig } from './types';

const DAY = 86_400_000;

export { ControlError };

export class InProcessControl implements SandboxControlApi {
	constructor(
		private readonly state: SandboxState,
		private readonly restoreWorld: () => void,
	) {}

	private tenant(idOrDomain: string): SandboxTenant {
		const t = this.state.world.resolveTenant(String(idOrDomain ?? ''));
		if (!t) throw new ControlError(404, `unknown tenant '${idOrDomain}'`);
		return t;
	}

	private tenantSummary(t: SandboxTenant) {
		return this.state.world.summary().tenants.find((x) => x.id === t.id) as Awaited<
			ReturnType<SandboxControlApi['addTenant']>
		>;
	}

	async reset(): Promise<void> {
		const s = this.state;
		this.restoreWorld();
		s.clock.reset();
		s.codes.clear();
		s.refreshTokens.clear();
		s.pendingAuth.clear();
		s.revokedTokenIds.clear();
		s.consentReplicatesAt.clear();
		s.revocations = [];
		s.stores.clear();
		s.response.clear();
		s.faults.clear();
		s.rateLimiter.resetCounters();
		s.rateLimiter.configure(s.initialRateLimits);
		s.options.nextLinkMode = s.initialNextLinkMode;
		s.options.serverPageSize = s.initialServerPageSize;
		s.requestLog = [];
		s.tokenRequests.clear();
		s.faultsServed = 0;
		s.latency = null;
		s.latencyDelayed = 0;
		s.afterAlertList = undefined;
		s.internalErrors = [];
	}

	async world() {
		return this.state.world.summary();
	}

	async addTenant(spec: TenantSpec) {
		if (!spec?.name) throw new ControlError(400, 'a tenant needs a name');
		const w = this.state.world;
		const t = w.addTenant(spec);
		if (spec.msspConsented ?? true) {
			for (const a of w.apps.values())
				if (a.multiTenant && a.homeTenantId === w.msspTenantId) t.consentedApps.add(a.clientId);
			if (spec.msspAuthorized ?? true)
				for (const a of w.apps.values())
					if (a.multiTenant && a.homeTenantId === w.msspTenantId) t.authorizedApps.add(a.clientId);
		}
		return this.tenantSummary(t);
	}

	async updateTenant(id: string, patch: TenantPatch) {
		const t = this.tenant(id);
		const clientId = (patch.clientId ?? this.state.world.msspAppId).toLowerCase();
		if (patch.consented !== undefined) {
			if (patch.consented) t.consentedApps.add(clientId);
			else t.consentedApps.delete(clientId);
		}
		if (patch.authorized !== undefined) {
			if (patch.authorized) t.authorizedApps.add(clientId);
			else t.authorizedApps.delete(clientId);
		}
		if (patch.defenderLicensed !== undefined) t.defenderLicensed = patch.defenderLicensed;
		if (patch.region !== undefined) t.region = patch.region;
		if (patch.consentReplicationMs !== undefined) {
			const ms = Number(patch.consentReplicationMs);
			if (!Number.isFinite(ms) || ms < 0)
				throw new ControlError(400, 'consentReplicationMs must be a non-negative number');
			t.consentReplicationMs = ms;
		}
		if (patch.nextLinkMode !== undefined) {
			if (patch.nextLinkMode !== null && !NEXT_LINK_MODES.includes(patch.nextLinkMode))
				throw new ControlError(400, `unknown nextLink mode '${patch.nextLinkMode}'`);
			t.nextLinkMode = patch.nextLinkMode ?? undefined;
			if (patch.nextLinkMode === null) t.serverPageSize = undefined;
		}
		return this.tenantSummary(t);
	}

	async seedAlerts(id: string, o: SeedOptions) {
		const t = this.tenant(id);
		const now = this.state.clock.now();
		const count = Number(o?.count);
		if (!Number.isInteger(count) || count < 0)
			throw new ControlError(400, 'count must be a non-negative integer');
		const alerts = generateAlerts({
			seed: o.seed ?? 1,
			count,
			tenantId: t.id,
			startTime: o.startTime ?? now - 7 * DAY,
			endTime: o.endTime ?? now,
			sharedTimestampRatio: o.sharedTimestampRatio,
		});
		const store = this.state.store(t.id);
		store.insert(alerts, o.visibleAt !== undefined ? { visibleAt: o.visibleAt } : undefined);
		this.state.response.addAlertMachines(t.id, alerts, now);
		return { inserted: alerts.length, total: store.all().length };
	}

	async insertAlerts(id: string, alerts: DefenderAlert[], opts?: { visibleAt?: number }) {
		const t = this.tenant(id);
		if (!Array.isArray(alerts)) throw new ControlError(400, 'alerts must be an array');
		const store = this.state.store(t.id);
		store.insert(alerts, opts?.visibleAt !== undefined ? { visibleAt: opts.visibleAt } : undefined);
		this.state.response.addAlertMachines(t.id, alerts, this.state.clock.now());
		return { inserted: alerts.length, total: store.all().length };
	}

	/** The tenant's machines (one per device its alerts name). */
	async machines(id: string) {
		return this.state.response.machines(this.tenant(id).id).all();
	}

	/** How the tenant's next machine actions behave (timing and outcome), for all types or one. */
	async setMachineActionBehaviour(id: string, behaviour: Partial<ActionBehaviour>, type?: string) {
		try {
			return this.state.response.actions(this.tenant(id).id).setBehaviour(behaviour ?? {}, type);
		} catch (e) {
			throw new ControlError(400, (e as Error).message);
		}
	}

	/** Changes a running action's timing or outcome (e.g. make it fail or take longer). */
	async updateMachineAction(id: string, actionId: string, behaviour: Partial<ActionBehaviour>) {
		this.state.response.actions(this.tenant(id).id).modify(actionId, behaviour ?? {});
		return this.state.response.actions(this.tenant(id).id).get(actionId, this.state.clock.now());
	}

	async indicators(id: string) {
		return this.state.response.indicators(this.tenant(id).id).list({});
	}

	/** Lowers the 15,000 active-indicator cap so a test can reach it. */
	async setIndicatorCap(id: string, cap: number) {
		if (!Number.isInteger(cap) || cap < 0)
			throw new ControlError(400, 'cap must be a non-negative integer');
		this.state.response.indicators(this.tenant(id).id).cap = cap;
	}

	async updateAlert(id: string, alertId: string, changes: Partial<DefenderAlert>) {
		return this.state
			.store(this.tenant(id).id)
			.modify(alertId, changes ?? {}, this.state.clock.now());
	}

	async alerts(id: string) {
		return this.state.store(this.tenant(id).id).all();
	}

	async addFault(spec: FaultSpec) {
		try {
			const f = this.state.faults.add(spec);
			if (f.spec.tenantId)
				f.spec.tenantId = this.state.world.resolveTenant(f.spec.tenantId)?.id ?? f.spec.tenantId;
			return { ...f, spec: { ...f.spec } };
		} catch (e) {
			throw new ControlError(400, (e as Error).message);
		}
	}

	async faults() {
		return this.state.faults.list();
	}

	async clearFaults() {
		this.state.faults.clear();
	}

	async setLatency(spec: LatencySpec | null) {
		if (spec === null) {
			this.state.latency = null;
			return null;
		}
		let l: LatencySpec;
		try {
			l = checkLatencySpec(spec);
		} catch (e) {
			throw new ControlError(400, (e as Error).message);
		}
		if (l.tenantId) l.tenantId = this.state.world.resolveTenant(l.tenantId)?.id ?? l.tenantId;
		this.state.latency = l;
		return { ...l };
	}

	async latency() {
		return this.state.latency ? { ...this.state.latency } : null;
	}

	async clock(): Promise<ClockInfo> {
		const now = this.state.clock.now();
		return { now, iso: new Date(now).toISOString(), offsetMs: this.state.clock.offset };
	}

	async advanceClock(ms: number) {
		try {
			this.state.clock.advance(Number(ms));
		} catch (e) {
			throw new ControlError(400, (e as Error).message);
		}
		return this.clock();
	}

	async setClock(epochMs: number) {
		try {
			this.state.clock.set(Number(epochMs));
		} catch (e) {
			throw new ControlError(400, (e as Error).message);
		}
		return this.clock();
	}

	async counters(): Promise<Counters> {
		const api = this.state.rateLimiter.snapshot();
		let throttledTotal = 0;
		for (const fams of Object.values(api))
			for (const c of Object.values(fams)) throttledTotal += c.throttled;
		return {
			api,
			tokens: Object.fromEntries([...this.state.tokenRequests].map(([k, v]) => [k, { ...v }])),
			throttledTotal,
			faultsServed: this.state.faultsServed,
			latencyDelayed: this.state.latencyDelayed,
			requests: this.state.requestCount,
			internalErrors: [...this.state.internalErrors],
		};
	}

	async resetCounters() {
		this.state.rateLimiter.resetCounters();
		this.state.tokenRequests.clear();
		this.state.faultsServed = 0;
		this.state.latencyDelayed = 0;
		this.state.requestCount = 0;
		this.state.requestLog = [];
	}

	async requests(limit?: number) {
		const log = this.state.requestLog;
		return (limit ? log.slice(-limit) : log).map((e) => ({ ...e }));
	}

	async revokeTokens(spec: RevokeSpec) {
		const s = this.state;
		let revoked = 0;
		if (spec?.token) {
			const rt = s.refreshTokens.get(spec.token);
			if (rt) {
				rt.revoked = true;
				return { revoked: 1 };
			}
			const claims = decodeUnverified(spec.token);
			if (!claims?.uti)
				throw new ControlError(
					400,
					'token is neither a known refresh token nor a sandbox access token',
				);
			s.revokedTokenIds.add(claims.uti);
			return { revoked: 1 };
		}
		const tenantId = spec?.tenantId ? this.tenant(spec.tenantId).id : undefined;
		const rule = {
			tenantId,
			clientId: spec?.clientId?.toLowerCase(),
			userOid: spec?.userOid,
			before: s.clock.now(),
		};
		s.revocations.push(rule);
		for (const g of s.refreshTokens.values()) {
			if (
				(!rule.tenantId || g.tenantId === rule.tenantId) &&
				(!rule.clientId || g.clientId === rule.clientId) &&
				(!rule.userOid || g.userOid === rule.userOid) &&
				!g.revoked
			) {
				g.revoked = true;
				revoked++;
			}
		}
		return { revoked };
	}

	/** Another client secret for the app (rotation); see secrets.ts. */
	async addSecret(
		clientId: string,
		opts: { description?: string; expiresAt?: number } = {},
	): Promise<SandboxSecret> {
		return addSecret(this.state, clientId, opts);
	}

	async expireSecret(clientId: string, secret?: string) {
		expireSecret(this.state, clientId, secret);
	}

	async rateLimits() {
		return this.state.rateLimiter.current();
	}

	async setRateLimits(config: Partial<RateLimitConfig>) {
		this.state.rateLimiter.configure(config ?? {});
		return this.state.rateLimiter.current();
	}

	/** For the whole sandbox or one tenant; `pageSize` is the 'serverPaging' page (kept until changed). */
	async setNextLinkMode(mode: NextLinkMode, tenant?: string, opts: { pageSize?: number } = {}) {
		if (!NEXT_LINK_MODES.includes(mode))
			throw new ControlError(
				400,
				`unknown nextLink mode '${mode}' (one of ${NEXT_LINK_MODES.join(', ')})`,
			);
		let pageSize: number | undefined;
		if (opts?.pageSize !== undefined) {
			if (mode !== 'serverPaging')
				throw new ControlError(
					400,
					`pageSize applies to nextLink mode 'serverPaging' only, not '${mode}'`,
				);
			try {
				pageSize = checkServerPageSize(opts.pageSize);
			} catch (e) {
				throw new ControlError(400, (e as Error).message);
			}
		}
		const target = tenant ? this.tenant(tenant) : undefined;
		if (target) {
			target.nextLinkMode = mode;
			if (pageSize !== undefined) target.serverPageSize = pageSize;
		} else {
			this.state.options.nextLinkMode = mode;
			if (pageSize !== undefined) this.state.options.serverPageSize = pageSize;
		}
	}
}
