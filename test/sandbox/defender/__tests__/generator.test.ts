import type { AlertClassification, AlertEvidence } from '../../../../nodes/shared/alerts/types';
import {
	DETERMINATIONS_BY_CLASSIFICATION,
	SEVERITIES as ALERT_SEVERITIES,
	STATUSES as ALERT_STATUSES,
} from '../alertEnums';
import {
	CATEGORIES,
	DETECTION_SOURCES,
	EVIDENCE_ENTITY_TYPES,
	EVIDENCE_KEYS,
	INVESTIGATION_STATES,
	generateAlerts,
} from '../generator';
import { compareTime, parseApiTime } from '../time';

const START = Date.parse('2024-03-01T00:00:00Z');
const END = Date.parse('2024-03-08T00:00:00Z');
const opts = {
	seed: 42,
	count: 2000,
	tenantId: 'a839b112-1253-6432-9bf6-94542403f21c',
	startTime: START,
	endTime: END,
};
const sample = generateAlerts(opts);
const TIME_KEYS = [
	'alertCreationTime',
	'firstEventTime',
	'lastEventTime',
	'lastUpdateTime',
	'resolvedTime',
] as const;

describe('generateAlerts', () => {
	test('same seed gives deep-equal alerts, another seed differs', () => {
		expect(generateAlerts(opts)).toEqual(sample);
		const other = generateAlerts({ ...opts, seed: 43 });
		expect(other).toHaveLength(2000);
		expect(other.map((a) => a.id)).not.toEqual(sample.map((a) => a.id));
	});

	test('does not use Math.random', () => {
		const spy = jest.spyOn(Math, 'random');
		generateAlerts({ ...opts, count: 50 });
		expect(spy).not.toHaveBeenCalled();
		spy.mockRestore();
	});

	test('count, tenant, unique ids in the documented shape, negative second parts', () => {
		expect(sample).toHaveLength(2000);
		const ids = new Set(sample.map((a) => a.id));
		expect(ids.size).toBe(2000);
		expect(
			sample.filter((a) => !/^da\d{18}_-?\d{1,10}$/.test(a.id) || a.aadTenantId !== opts.tenantId),
		).toEqual([]);
		expect(sample.some((a) => a.id.includes('_-'))).toBe(true);
		expect(generateAlerts({ ...opts, count: 0 })).toEqual([]);
	});

	test('every enum value appears', () => {
		const seen = (k: string) => new Set(sample.map((a) => a[k]));
		for (const v of ALERT_SEVERITIES) expect(seen('severity')).toContain(v);
		for (const v of ALERT_STATUSES) expect(seen('status')).toContain(v);
		for (const v of INVESTIGATION_STATES) expect(seen('investigationState')).toContain(v);
		for (const v of DETECTION_SOURCES) expect(seen('detectionSource')).toContain(v);
		for (const v of CATEGORIES) expect(seen('category')).toContain(v);
		for (const c of Object.keys(DETERMINATIONS_BY_CLASSIFICATION))
			expect(seen('classification')).toContain(c);
		const dets = seen('determination');
		for (const d of Object.values(DETERMINATIONS_BY_CLASSIFICATION).flat())
			expect(dets).toContain(d);
		const types = new Set(
			sample.flatMap((a) => (a.evidence as AlertEvidence[]).map((e) => e.entityType)),
		);
		for (const t of EVIDENCE_ENTITY_TYPES) expect(types).toContain(t);
		expect(seen('assignedTo')).toContain(null);
		expect(seen('investigationId')).toContain(null);
		expect(sample.some((a) => a.relatedUser === null)).toBe(true);
		expect(sample.some((a) => a.relatedUser && typeof a.relatedUser.userName === 'string')).toBe(
			true,
		);
		expect(sample.some((a) => (a.comments ?? []).length > 0)).toBe(true);
		expect(sample.some((a) => (a.evidence as AlertEvidence[]).length === 0)).toBe(true);
		expect(sample.some((a) => (a.evidence as AlertEvidence[]).length >= 4)).toBe(true);
		expect(
			sample.some((a) => Array.isArray(a.mitreTechniques) && a.mitreTechniques.length >= 2),
		).toBe(true);
	});

	test('classification and determination only in valid combinations, null when New', () => {
		const bad: string[] = [];
		for (const a of sample) {
			if (
				(a.status === 'New' || a.status === 'Unknown') &&
				(a.classification !== null || a.determination !== null)
			)
				bad.push(`${a.id} classified while ${a.status}`);
			if (
				a.determination !== null &&
				!DETERMINATIONS_BY_CLASSIFICATION[a.classification as AlertClassification]?.includes(
					a.determination!,
				)
			)
				bad.push(`${a.id} ${a.classification}/${a.determination}`);
			if ((a.resolvedTime === null) !== (a.status !== 'Resolved'))
				bad.push(`${a.id} resolvedTime vs ${a.status}`);
		}
		expect(bad).toEqual([]);
	});

	test('evidence items carry every documented key', () => {
		for (const a of sample.slice(0, 200))
			for (const e of a.evidence as AlertEvidence[]) {
				expect(Object.keys(e).sort()).toEqual([...EVIDENCE_KEYS].sort());
				if (e.entityType === 'Process') expect(e.sha1).toMatch(/^[0-9a-f]{40}$/);
				if (e.entityType === 'Registry') expect(typeof e.registryKey).toBe('string');
				if (e.entityType === 'Ip') expect(typeof e.ipAddress).toBe('string');
				if (e.entityType === 'Url') expect(typeof e.url).toBe('string');
				if (e.entityType === 'User') expect(typeof e.userSid).toBe('string');
			}
	});

	test('times ordered, inside the window, 0–7 fraction digits', () => {
		const lo = { ms: START, sub: 0 };
		const hi = { ms: END, sub: 0 };
		const digits = new Set<number>();
		const bad: string[] = [];
		for (const a of sample) {
			const t = (k: string) => parseApiTime(a[k] as string)!;
			for (const k of TIME_KEYS) {
				if (a[k] === null) continue;
				const v = t(k);
				if (!v || compareTime(v, lo) < 0 || compareTime(v, hi) > 0)
					bad.push(`${a.id} ${k} ${a[k]}`);
			}
			if (compareTime(t('firstEventTime'), t('lastEventTime')) > 0)
				bad.push(`${a.id} first>last event`);
			if (compareTime(t('lastEventTime'), t('alertCreationTime')) > 0)
				bad.push(`${a.id} event>creation`);
			if (compareTime(t('alertCreationTime'), t('lastUpdateTime')) > 0)
				bad.push(`${a.id} creation>update`);
			for (const c of a.comments ?? [])
				if (compareTime(parseApiTime(c.createdTime!)!, hi) > 0) bad.push(`${a.id} comment time`);
			for (const e of a.evidence as AlertEvidence[])
				if (compareTime(parseApiTime(e.evidenceCreationTime!)!, hi) > 0)
					bad.push(`${a.id} evidence time`);
			const m = /(?:\.(\d+))?Z$/.exec(a.lastUpdateTime!)!;
			digits.add(m[1]?.length ?? 0);
		}
		expect(bad).toEqual([]);
		for (let d = 0; d <= 7; d++) expect(digits).toContain(d);
	});

	test('some alerts share one exact timestamp; ratio 0 gives (almost) none', () => {
		const count = (alerts: typeof sample) => {
			const m = new Map<string, number>();
			for (const a of alerts) m.set(a.lastUpdateTime!, (m.get(a.lastUpdateTime!) ?? 0) + 1);
			return [...m.values()].filter((n) => n > 1).length;
		};
		expect(count(sample)).toBeGreaterThan(20);
		expect(count(generateAlerts({ ...opts, sharedTimestampRatio: 0.5 }))).toBeGreaterThan(300);
		expect(count(generateAlerts({ ...opts, sharedTimestampRatio: 0 }))).toBeLessThan(20);
	});

	test('unicode and very long descriptions', () => {
		// eslint-disable-next-line no-control-regex -- "outside ASCII" is the point of the check
		expect(sample.some((a) => /[^\x00-\x7f]/.test(a.title ?? ''))).toBe(true);
		expect(sample.some((a) => (a.description ?? '').length >= 9900)).toBe(true);
		expect(sample.some((a) => (a.description ?? '').includes('\n'))).toBe(true);
		expect(sample.some((a) => (a.title ?? '').includes("'"))).toBe(true);
	});

	test('sorted by alertCreationTime', () => {
		let unordered = 0;
		for (let i = 1; i < sample.length; i++)
			if (
				compareTime(
					parseApiTime(sample[i - 1].alertCreationTime!)!,
					parseApiTime(sample[i].alertCreationTime!)!,
				) > 0
			)
				unordered++;
		expect(unordered).toBe(0);
	});

	test('tiny windows still respect the bounds', () => {
		const s = Date.parse('2024-01-01T00:00:00.123Z');
		const alerts = generateAlerts({ ...opts, count: 200, startTime: s, endTime: s + 1500 });
		for (const a of alerts)
			for (const k of TIME_KEYS) {
				if (a[k] === null) continue;
				const v = parseApiTime(a[k] as string)!;
				expect(compareTime(v, { ms: s, sub: 0 })).toBeGreaterThanOrEqual(0);
				expect(compareTime(v, { ms: s + 1500, sub: 0 })).toBeLessThanOrEqual(0);
			}
	});
});
