/**
 * Rate limits per (app, tenant) and endpoint family, with the documented numbers
 * (facts §1.6): alerts list/get/update 100/min and 1,500/h; batch update 10/min and 500/h.
 * Sliding windows measured on the sandbox clock. A rejected call does not consume quota, so
 * `Retry-After` is exact: waiting that long makes the next call succeed.
 */
export interface WindowLimit {
	limit: number;
	windowMs: number;
}
export type RateLimitConfig = Record<string, WindowLimit[]>;

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
	alerts: [
		{ limit: 100, windowMs: 60_000 },
		{ limit: 1500, windowMs: 3_600_000 },
	],
	alertsBatchUpdate: [
		{ limit: 10, windowMs: 60_000 },
		{ limit: 500, windowMs: 3_600_000 },
	],
	machines: [
		{ limit: 100, windowMs: 60_000 },
		{ limit: 1500, windowMs: 3_600_000 },
	],
	machineActions: [
		{ limit: 100, windowMs: 60_000 },
		{ limit: 1500, windowMs: 3_600_000 },
	],
	indicators: [
		{ limit: 100, windowMs: 60_000 },
		{ limit: 1500, windowMs: 3_600_000 },
	],
	indicatorsImport: [{ limit: 30, windowMs: 60_000 }],
};

export interface FamilyCounters {
	calls: number;
	throttled: number;
}

export class RateLimiter {
	private config: RateLimitConfig;
	private readonly log = new Map<string, number[]>();
	/** tenantId → family → counters (calls = every authenticated call, throttled = 429s served). */
	readonly counters = new Map<string, Map<string, FamilyCounters>>();

	constructor(config: Partial<RateLimitConfig> = {}) {
		this.config = cloneConfig({ ...DEFAULT_RATE_LIMITS, ...(config as RateLimitConfig) });
	}

	configure(config: Partial<RateLimitConfig>): void {
		for (const [family, windows] of Object.entries(config))
			if (windows) this.config[family] = windows.map((w) => ({ ...w }));
	}

	current(): RateLimitConfig {
		return cloneConfig(this.config);
	}

	/** Returns 0 when the call may proceed (and records it), else the seconds to wait. */
	take(appId: string, tenantId: string, family: string, now: number): number {
		const c = this.counter(tenantId, family);
		c.calls++;
		const windows = this.config[family];
		if (!windows?.length) return 0;
		const key = `${appId}|${tenantId}|${family}`;
		const longest = Math.max(...windows.map((w) => w.windowMs));
		let times = this.log.get(key) ?? [];
		times = times.filter((t) => t > now - longest);
		let wait = 0;
		for (const w of windows) {
			const inWindow = times.filter((t) => t > now - w.windowMs);
			if (inWindow.length >= w.limit) {
				const oldestBlocking = inWindow[inWindow.length - w.limit];
				wait = Math.max(wait, oldestBlocking + w.windowMs - now);
			}
		}
		if (wait > 0) {
			this.log.set(key, times);
			c.throttled++;
			return Math.max(1, Math.ceil(wait / 1000));
		}
		times.push(now);
		this.log.set(key, times);
		return 0;
	}

	/** Counts a 429 injected as a fault so "429s served" includes it. */
	countThrottle(tenantId: string, family: string): void {
		const c = this.counter(tenantId, family);
		c.calls++;
		c.throttled++;
	}

	private counter(tenantId: string, family: string): FamilyCounters {
		let byFamily = this.counters.get(tenantId);
		if (!byFamily) this.counters.set(tenantId, (byFamily = new Map()));
		let c = byFamily.get(family);
		if (!c) byFamily.set(family, (c = { calls: 0, throttled: 0 }));
		return c;
	}

	resetCounters(): void {
		this.counters.clear();
		this.log.clear();
	}

	snapshot(): Record<string, Record<string, FamilyCounters>> {
		const out: Record<string, Record<string, FamilyCounters>> = {};
		for (const [t, fams] of this.counters)
			out[t] = Object.fromEntries([...fams].map(([f, c]) => [f, { ...c }]));
		return out;
	}
}

function cloneConfig(c: RateLimitConfig): RateLimitConfig {
	return Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v.map((w) => ({ ...w }))]));
}
