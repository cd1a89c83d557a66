/**
 * A tiny simulated Defender alert store for the cursor's property tests: every version of every
 * alert with its exact 100-ns time and the moment it becomes visible to queries (indexing lag).
 * Queries return the newest visible version of each alert, ordered by lastUpdateTime with ties in
 * id order (stable between requests), paged with $top/$skip like the API.
 */
import type { DefenderAlert } from '../../nodes/shared/alerts/types';
import { parseApiTime, type TimeKey } from '../../nodes/shared/alerts/time';
import { apiTime } from './helpers';

export function prng(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = Math.imul(s ^ (s >>> 15), 1 | s);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
	};
}

interface Version {
	ticks: bigint;
	key: TimeKey;
	visibleAt: number;
	alert: DefenderAlert;
}

const STATUSES = ['New', 'InProgress', 'Resolved'];

export class World {
	readonly versions = new Map<string, Version[]>();
	private next = 0;

	constructor(
		private readonly rand: () => number,
		private readonly maxLagMs: number,
	) {}

	private add(id: string, ticks: bigint, alert: Omit<DefenderAlert, 'id'>): void {
		const ms = Number(ticks / 10000n);
		const lastUpdateTime = apiTime(ms, Number(ticks % 10000n));
		const lag = this.rand() < 0.3 ? Math.floor(this.rand() * this.maxLagMs) : 0;
		const full = { ...alert, id, lastUpdateTime };
		const key = parseApiTime(lastUpdateTime) as TimeKey;
		const list = this.versions.get(id) ?? [];
		list.push({ ticks, key, visibleAt: ms + lag, alert: full });
		this.versions.set(id, list);
	}

	/** `count` new alerts at `atMs`; with `sameTick` they all share one exact timestamp. */
	create(atMs: number, count: number, sameTick: boolean): void {
		const base = BigInt(atMs) * 10000n + BigInt(Math.floor(this.rand() * 10000));
		for (let i = 0; i < count; i++) {
			const id = `da${String(this.next++).padStart(6, '0')}_${Math.floor(this.rand() * 1e9)}`;
			const ticks = sameTick ? base : base + BigInt(i);
			const created = apiTime(Number(ticks / 10000n), Number(ticks % 10000n));
			this.add(id, ticks, { status: 'New', severity: 'Low', alertCreationTime: created });
		}
	}

	/** Changes a random existing alert at `atMs` (its lastUpdateTime strictly increases). */
	update(atMs: number): void {
		const all = [...this.versions.keys()];
		if (all.length === 0) return;
		const id = all[Math.floor(this.rand() * all.length)];
		const list = this.versions.get(id) as Version[];
		const prev = list[list.length - 1];
		let ticks = BigInt(atMs) * 10000n + BigInt(Math.floor(this.rand() * 10000));
		if (ticks <= prev.ticks) ticks = prev.ticks + 1n;
		const change = this.rand();
		const alert: DefenderAlert = { ...prev.alert };
		if (change < 0.4) alert.status = STATUSES[Math.floor(this.rand() * 3)];
		else if (change < 0.5) alert.assignedTo = `analyst${Math.floor(this.rand() * 3)}@mssp.example`;
		else alert.comments = [...(prev.alert.comments ?? []), { comment: `note ${ticks}` }];
		this.add(id, ticks, alert);
	}

	query(nowMs: number, from: TimeKey, to: TimeKey, skip: number, top: number): DefenderAlert[] {
		const rows: Version[] = [];
		for (const list of this.versions.values()) {
			let v: Version | undefined;
			for (const candidate of list) if (candidate.visibleAt <= nowMs) v = candidate;
			if (v && v.key >= from && v.key <= to) rows.push(v);
		}
		rows.sort((a, b) =>
			a.ticks < b.ticks ? -1 : a.ticks > b.ticks ? 1 : a.alert.id < b.alert.id ? -1 : 1,
		);
		return rows.slice(skip, skip + top).map((v) => v.alert);
	}

	finalVersion(id: string): DefenderAlert {
		const list = this.versions.get(id) as Version[];
		return list[list.length - 1].alert;
	}
}
