/**
 * Deterministic, realistic Defender for Endpoint alerts for the sandbox tenant, modelled on the
 * public samples (shared/fixtures/mde-alerts-public-samples.json) and the alert entity
 * (facts/defender-api-and-peers.md §1.5). The same options always give the same alerts: the
 * generator uses its own PRNG (never Math.random) and no clock.
 *
 * Shape guarantees:
 * - `id` `da<18 digits>_<signed int32>` (second part negative about half the time), unique.
 * - firstEventTime ≤ lastEventTime ≤ alertCreationTime ≤ lastUpdateTime, and every timestamp in
 *   the alert (also resolvedTime, comments, evidence) lies in [startTime, endTime].
 * - timestamps carry 0–7 fractional digits, trailing zeros trimmed like the API (`…:59.2Z`).
 * - about `sharedTimestampRatio` (default 0.05) of alerts share their exact alertCreationTime,
 *   lastUpdateTime and event times with the alert before them (one detection burst).
 * - status New/Unknown ⇒ classification and determination null; otherwise classification and
 *   determination are null or a valid pair (DETERMINATIONS_BY_CLASSIFICATION).
 * - evidence always an array (0–6 items; every documented key present, null where unused).
 * - the returned alerts are sorted by alertCreationTime (then generation order).
 */
import type {
	AlertClassification,
	AlertEvidence,
	DefenderAlert,
} from '../../../nodes/shared/alerts/types';
import { DETERMINATIONS_BY_CLASSIFICATION } from './alertEnums';
import { formatApiTime } from './time';
import {
	COMMENTERS,
	COMMENTS,
	COMMENT_COUNT_WEIGHTS,
	DESCRIPTIONS,
	DETECTION_STATUSES,
	DOMAINS,
	EVIDENCE_COUNT_WEIGHTS,
	EVIDENCE_TYPE_WEIGHTS,
	FILES,
	LONG_PARAGRAPH,
	MITRE,
	MITRE_COUNT_WEIGHTS,
	OWNERS,
	PARENTS,
	PROCESS_FILES,
	RBAC_GROUPS,
	REG_KEYS,
	SEVERITY_WEIGHTS,
	SOURCE_WEIGHTS,
	STATUS_WEIGHTS,
	THREAT_FAMILIES,
	TITLES,
	UNICODE_TITLES,
	UPDATE_DIGIT_WEIGHTS,
	URLS,
	USERS,
} from './generatorData';

export interface GenerateOptions {
	seed: number;
	count: number;
	tenantId: string;
	/** epoch ms */
	startTime: number;
	/** epoch ms */
	endTime: number;
	/** share of alerts reusing the previous alert's exact timestamps; default 0.05 */
	sharedTimestampRatio?: number;
}

export const INVESTIGATION_STATES = [
	'Unknown',
	'Terminated',
	'SuccessfullyRemediated',
	'Benign',
	'Failed',
	'PartiallyRemediated',
	'Running',
	'PendingApproval',
	'PendingResource',
	'PartiallyInvestigated',
	'TerminatedByUser',
	'TerminatedBySystem',
	'Queued',
	'InnerFailure',
	'PreexistingAlert',
	'UnsupportedOs',
	'UnsupportedAlertType',
	'SuppressedAlert',
] as const;

export const DETECTION_SOURCES = [
	'WindowsDefenderAtp',
	'WindowsDefenderAv',
	'CustomerTI',
	'WindowsDefenderSmartScreen',
	'AutomatedInvestigation',
	'CustomDetection',
] as const;

export const CATEGORIES = [
	'Execution',
	'SuspiciousActivity',
	'Malware',
	'DefenseEvasion',
	'CommandAndControl',
	'CredentialAccess',
	'LateralMovement',
	'Persistence',
	'PrivilegeEscalation',
	'Discovery',
	'InitialAccess',
	'Exfiltration',
	'Ransomware',
	'UnwantedSoftware',
] as const;

export const EVIDENCE_ENTITY_TYPES = ['User', 'Process', 'File', 'Ip', 'Url', 'Registry'] as const;

export const EVIDENCE_KEYS = [
	'entityType',
	'evidenceCreationTime',
	'sha1',
	'sha256',
	'fileName',
	'filePath',
	'processId',
	'processCommandLine',
	'processCreationTime',
	'parentProcessId',
	'parentProcessCreationTime',
	'parentProcessFileName',
	'parentProcessFilePath',
	'ipAddress',
	'url',
	'registryKey',
	'registryHive',
	'registryValueType',
	'registryValue',
	'accountName',
	'domainName',
	'userSid',
	'aadUserId',
	'userPrincipalName',
	'detectionStatus',
] as const;

/** Every documented evidence key, null (one literal so V8 keeps a fast shape). */
function blankEvidence(): AlertEvidence {
	return {
		entityType: null,
		evidenceCreationTime: null,
		sha1: null,
		sha256: null,
		fileName: null,
		filePath: null,
		processId: null,
		processCommandLine: null,
		processCreationTime: null,
		parentProcessId: null,
		parentProcessCreationTime: null,
		parentProcessFileName: null,
		parentProcessFilePath: null,
		ipAddress: null,
		url: null,
		registryKey: null,
		registryHive: null,
		registryValueType: null,
		registryValue: null,
		accountName: null,
		domainName: null,
		userSid: null,
		aadUserId: null,
		userPrincipalName: null,
		detectionStatus: null,
	};
}

// ---------------------------------------------------------------------------------------------
// PRNG: sfc32 seeded through splitmix32 (fast, 32-bit, good enough for test data)

class Rng {
	private a: number;
	private b: number;
	private c: number;
	private d: number;
	constructor(seed: number) {
		let s = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
		const mix = () => {
			s = (s + 0x9e3779b9) | 0;
			let z = s;
			z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
			z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
			return (z ^ (z >>> 16)) >>> 0;
		};
		// fold the high part of big seeds in as well
		s = (s ^ Math.floor(Math.abs(seed) / 4294967296)) >>> 0;
		this.a = mix();
		this.b = mix();
		this.c = mix();
		this.d = mix();
		for (let i = 0; i < 12; i++) this.u32();
	}
	u32(): number {
		const t = (((this.a + this.b) | 0) + this.d) | 0;
		this.d = (this.d + 1) | 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) | 0;
		this.c = (this.c << 21) | (this.c >>> 11);
		this.c = (this.c + t) | 0;
		return t >>> 0;
	}
	float(): number {
		return this.u32() / 4294967296;
	}
	/** 53-bit float in [0,1) */
	float53(): number {
		return ((this.u32() >>> 5) * 67108864 + (this.u32() >>> 6)) / 9007199254740992;
	}
	int(n: number): number {
		return Math.floor(this.float() * n);
	}
	range(lo: number, hi: number): number {
		return lo + this.int(hi - lo + 1);
	}
	chance(p: number): boolean {
		return this.float() < p;
	}
	pick<T>(arr: readonly T[]): T {
		return arr[this.int(arr.length)];
	}
	weighted<T>(items: readonly (readonly [T, number])[]): T {
		let total = 0;
		for (const [, w] of items) total += w;
		let x = this.float() * total;
		for (const [v, w] of items) {
			x -= w;
			if (x < 0) return v;
		}
		return items[items.length - 1][0];
	}
	hex(chars: number): string {
		let s = '';
		while (s.length < chars) s += this.u32().toString(16).padStart(8, '0');
		return s.slice(0, chars);
	}
	guid(): string {
		const h = this.hex(32);
		return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[this.int(4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
	}
}

// ---------------------------------------------------------------------------------------------

interface Machine {
	id: string;
	dns: string;
	rbac: string | null;
}

const TICKS_PER_MS = 10000;

export function generateAlerts(opts: GenerateOptions): DefenderAlert[] {
	const { seed, count, tenantId } = opts;
	const startMs = Math.ceil(opts.startTime);
	const endMs = Math.floor(opts.endTime);
	if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || endMs < startMs)
		throw new Error('generateAlerts: need startTime <= endTime (epoch ms)');
	if (!Number.isInteger(count) || count < 0)
		throw new Error('generateAlerts: count must be a non-negative integer');
	const T = (endMs - startMs) * TICKS_PER_MS; // window in 100-ns ticks, relative to startMs
	if (T > 2 ** 52) throw new Error('generateAlerts: time window too large (max ~14 years)');
	const sharedRatio = Math.min(1, Math.max(0, opts.sharedTimestampRatio ?? 0.05));
	const rng = new Rng(seed);
	const alignBase = (((startMs % 1000) + 1000) % 1000) * TICKS_PER_MS;

	/** Round a relative tick up to `digits` fractional digits, unless that passes `max`. */
	const ceilTo = (rt: number, digits: number, max: number): number => {
		const q = 10 ** (7 - digits);
		const mod = (alignBase + rt) % q;
		const v = mod === 0 ? rt : rt + (q - mod);
		return v <= max ? v : rt;
	};
	const fmt = (rt: number): string =>
		formatApiTime({ ms: startMs + Math.floor(rt / TICKS_PER_MS), sub: rt % TICKS_PER_MS });
	const randTicks = (lo: number, hi: number): number =>
		lo + Math.floor(rng.float53() * (hi - lo + 1));
	const updateDigits = (): number => rng.weighted(UPDATE_DIGIT_WEIGHTS);

	const machines: Machine[] = [];
	const machineCount = Math.max(1, Math.min(500, Math.ceil(count / 20)));
	for (let i = 0; i < machineCount; i++) {
		const host = rng.pick(['temp', 'ws', 'srv', 'laptop', 'dc', 'sql']) + rng.range(1, 9999);
		machines.push({
			id: rng.hex(40),
			dns: rng.chance(0.1)
				? host
				: `${host}.${rng.pick(['middleeast.corp.microsoft.com', 'contoso.local', 'fabrikam.com'])}`,
			rbac: rng.chance(0.2) ? null : rng.pick(RBAC_GROUPS),
		});
	}

	// Pools: real tenants see the same files, detectors and users again and again; sharing the
	// strings also keeps 100,000 alerts small in memory.
	const hashes: Array<[string, string]> = [];
	for (let i = 0; i < 2048; i++) hashes.push([rng.hex(40), rng.hex(64)]);
	const detectors: string[] = [];
	for (let i = 0; i < 64; i++) detectors.push(rng.guid());
	const userIds = USERS.map(() => ({
		sid: `S-1-5-21-${rng.range(10000000, 99999999)}-${rng.range(1000000000, 1999999999)}-${rng.range(100000000, 999999999)}-${rng.range(500, 99999)}`,
		aad: rng.guid(),
	}));

	const ids = new Set<string>();
	const out: Array<{ alert: DefenderAlert; key: number; n: number }> = [];
	let incident = 1000 + rng.int(1_000_000);
	let investigation = 100 + rng.int(1_000_000);
	let prev: { fe: number; le: number; c: number; u: number; s: string[] } | null = null;

	for (let n = 0; n < count; n++) {
		// ---- times (relative ticks) --------------------------------------------------------
		let fe: number, le: number, c: number, u: number;
		let feS: string, leS: string, cS: string, uS: string;
		if (prev && rng.chance(sharedRatio)) {
			({ fe, le, c, u } = prev);
			[feS, leS, cS, uS] = prev.s;
		} else {
			const dLe = rng.chance(0.7) ? randTicks(0, 2 * 10_000_000) : randTicks(0, 3600 * 10_000_000);
			const dC = randTicks(5_000_000, 5 * 60 * 10_000_000);
			const dU = rng.chance(0.6)
				? randTicks(1_000_000, 5 * 10_000_000)
				: rng.chance(0.7)
					? randTicks(0, 6 * 3600 * 10_000_000)
					: randTicks(0, 7 * 24 * 3600 * 10_000_000);
			let total = dLe + dC + dU;
			let scale = 1;
			if (total > T) {
				scale = T / Math.max(1, total);
				total = T;
			}
			fe = randTicks(0, T - total);
			fe = ceilTo(fe, rng.chance(0.9) ? 7 : 6, T);
			le = ceilTo(Math.min(T, fe + Math.floor(dLe * scale)), 7, T);
			c = ceilTo(Math.min(T, le + Math.floor(dC * scale)), rng.chance(0.85) ? 7 : rng.int(8), T);
			u = ceilTo(Math.min(T, c + Math.floor(dU * scale)), updateDigits(), T);
			feS = fmt(fe);
			leS = fmt(le);
			cS = fmt(c);
			uS = fmt(u);
		}
		prev = { fe, le, c, u, s: [feS, leS, cS, uS] };
		const between = (lo: number, hi: number, digits = 7): number =>
			ceilTo(randTicks(lo, hi), digits, hi);

		// ---- id ------------------------------------------------------------------------------
		let id: string;
		do {
			const absTicksMs = startMs + Math.floor(c / TICKS_PER_MS) + rng.int(1000);
			const unixSec = Math.floor(absTicksMs / 1000);
			const frac7 = (absTicksMs - unixSec * 1000) * TICKS_PER_MS + rng.int(TICKS_PER_MS);
			id = `da${62135596800 + unixSec}${String(frac7).padStart(7, '0')}_${rng.u32() | 0}`;
		} while (ids.has(id));
		ids.add(id);

		// ---- classification ------------------------------------------------------------------
		const category = rng.pick(CATEGORIES);
		const severity = rng.weighted(SEVERITY_WEIGHTS);
		const status = rng.weighted(STATUS_WEIGHTS);
		let classification: AlertClassification | null = null;
		let determination: string | null = null;
		if (status === 'InProgress' || status === 'Resolved') {
			if (rng.chance(status === 'Resolved' ? 0.85 : 0.5)) {
				classification = rng.pick(
					Object.keys(DETERMINATIONS_BY_CLASSIFICATION) as AlertClassification[],
				);
				if (rng.chance(status === 'Resolved' ? 0.8 : 0.4))
					determination = rng.pick(DETERMINATIONS_BY_CLASSIFICATION[classification]);
			}
		}
		const assignedTo =
			status === 'New'
				? rng.chance(0.3)
					? rng.pick(OWNERS)
					: null
				: rng.chance(0.85)
					? rng.pick(OWNERS)
					: null;
		const detectionSource = rng.weighted(SOURCE_WEIGHTS);
		const investigationId = rng.chance(0.45) ? null : investigation++;
		const investigationState = rng.pick(INVESTIGATION_STATES);
		const incidentId = rng.chance(0.02) ? null : rng.chance(0.35) && n > 0 ? incident : ++incident;
		const machine = rng.pick(machines);
		const malwareLike =
			category === 'Malware' ||
			category === 'Ransomware' ||
			detectionSource === 'WindowsDefenderAv';
		const family = malwareLike && rng.chance(0.7) ? rng.pick(THREAT_FAMILIES) : null;

		const title = rng.chance(0.08)
			? rng.pick(UNICODE_TITLES)
			: family && rng.chance(0.5)
				? `Suspicious '${family}' behavior was detected`
				: rng.pick(TITLES[category]);
		let description = rng.pick(DESCRIPTIONS);
		if (rng.chance(0.005)) {
			const reps = Math.ceil(10000 / LONG_PARAGRAPH.length);
			description = (description + '\n\n' + LONG_PARAGRAPH.repeat(reps)).slice(
				0,
				9990 + rng.int(200),
			);
		}

		const mitrePool = MITRE[category] ?? MITRE.default;
		const mitreCount = rng.weighted(MITRE_COUNT_WEIGHTS);
		const mitreTechniques: string[] = [];
		for (let k = 0; k < mitreCount; k++) {
			const t = rng.pick(mitrePool);
			if (!mitreTechniques.includes(t)) mitreTechniques.push(t);
		}

		const userIndex = rng.int(USERS.length);
		const userName = USERS[userIndex];
		const domainName = rng.pick(DOMAINS);
		const relatedUser = rng.chance(0.7) ? { userName, domainName } : null;

		const comments: DefenderAlert['comments'] = [];
		const commentCount = rng.weighted(COMMENT_COUNT_WEIGHTS);
		for (let k = 0; k < commentCount; k++)
			comments.push({
				comment: rng.pick(COMMENTS),
				createdBy: rng.pick(COMMENTERS),
				createdTime: fmt(between(c, u)),
			});
		comments.sort((a, b) => (a.createdTime! < b.createdTime! ? -1 : 0));

		// ---- evidence ------------------------------------------------------------------------
		const evidence: AlertEvidence[] = [];
		const evidenceCount = rng.weighted(EVIDENCE_COUNT_WEIGHTS);
		for (let k = 0; k < evidenceCount; k++) {
			const ev = blankEvidence();
			const type = rng.weighted(EVIDENCE_TYPE_WEIGHTS);
			ev.entityType = type;
			ev.evidenceCreationTime = fmt(
				between(c, Math.min(u, c + 2 * 10_000_000), rng.chance(0.5) ? 2 : 7),
			);
			switch (type) {
				case 'User': {
					const ui = rng.chance(0.5) ? userIndex : rng.int(USERS.length);
					ev.accountName = USERS[ui];
					ev.domainName = domainName;
					ev.userSid = userIds[ui].sid;
					ev.aadUserId = rng.chance(0.8) ? userIds[ui].aad : null;
					ev.userPrincipalName = rng.chance(0.85) ? `${ev.accountName}@contoso.com` : null;
					break;
				}
				case 'Process': {
					const [file, path, cmd] = rng.pick(PROCESS_FILES);
					const [pf, pp] = rng.pick(PARENTS);
					const pt = between(fe, le);
					const [sha1, sha256] = rng.pick(hashes);
					ev.sha1 = sha1;
					ev.sha256 = sha256;
					ev.fileName = file;
					ev.filePath = path;
					ev.processId = rng.range(4, 65000);
					ev.processCommandLine = cmd;
					ev.processCreationTime = fmt(pt);
					ev.parentProcessId = rng.range(4, 65000);
					ev.parentProcessCreationTime = rng.chance(0.9)
						? fmt(Math.max(0, pt - rng.int(10_000_000)))
						: null;
					ev.parentProcessFileName = pf;
					ev.parentProcessFilePath = pp;
					ev.detectionStatus = rng.pick(DETECTION_STATUSES);
					break;
				}
				case 'File': {
					const [file, path] = rng.pick(FILES);
					const [sha1, sha256] = rng.pick(hashes);
					ev.sha1 = sha1;
					ev.sha256 = rng.chance(0.9) ? sha256 : null;
					ev.fileName = file;
					ev.filePath = path;
					ev.detectionStatus = rng.pick(DETECTION_STATUSES);
					break;
				}
				case 'Ip':
					ev.ipAddress = rng.chance(0.8)
						? `${rng.range(1, 223)}.${rng.int(256)}.${rng.int(256)}.${rng.range(1, 254)}`
						: `2001:db8:${rng.hex(4)}::${rng.hex(4)}`;
					break;
				case 'Url':
					ev.url = rng.pick(URLS);
					break;
				case 'Registry': {
					const [key, hive, vt, val] = rng.pick(REG_KEYS);
					ev.registryKey = key;
					ev.registryHive = hive;
					ev.registryValueType = vt;
					ev.registryValue = val;
					break;
				}
			}
			evidence.push(ev);
		}

		const alert: DefenderAlert = {
			id,
			incidentId,
			investigationId,
			assignedTo,
			severity,
			status,
			classification,
			determination,
			investigationState,
			detectionSource,
			detectorId: rng.chance(0.85) ? rng.pick(detectors) : null,
			category,
			threatFamilyName: family,
			title,
			description,
			alertCreationTime: cS,
			firstEventTime: feS,
			lastEventTime: leS,
			lastUpdateTime: uS,
			resolvedTime: status === 'Resolved' ? fmt(between(c, u)) : null,
			machineId: machine.id,
			computerDnsName: machine.dns,
			rbacGroupName: machine.rbac,
			aadTenantId: tenantId,
			threatName: family && rng.chance(0.6) ? `Trojan:Win32/${family.replace(/\s/g, '')}.A` : null,
			mitreTechniques,
			relatedUser,
			comments,
			evidence,
		};
		out.push({ alert, key: c, n });
	}
	out.sort((a, b) => a.key - b.key || a.n - b.n);
	return out.map((x) => x.alert);
}
