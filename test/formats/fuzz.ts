/**
 * Seeded generator of hostile Defender alerts for the format property tests and the benchmark:
 * nulls everywhere, wrong types, unicode (astral, RTL, combining, lone surrogates), control
 * characters, CEF/LEEF/SD/HTML metacharacters, 10,000-character descriptions, evidence as an
 * array, a single object, null or junk. Same seed, same alerts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Random = () => number;

/** mulberry32: tiny, fast, good enough for test data. */
export function prng(seed: number): Random {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function loadPublicSamples(): Record<string, unknown>[] {
	// A copy of shared/fixtures/mde-alerts-public-samples.json, so the suite runs from any checkout.
	const file = join(__dirname, '..', 'fixtures', 'mde-alerts-public-samples.json');
	return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>[];
}

const NASTY = [
	'',
	' ',
	'pipe | pipe',
	'a=b',
	'=',
	'\\',
	'back\\slash\\',
	'line1\nline2',
	'cr\rlf\r\n',
	'tab\there',
	'nul\u0000byte',
	'bell\u0007\u001b[31m',
	'del\u007f',
	'emoji 😀🔥 mixed',
	'日本語のテキスト',
	'עברית RTL \u202e',
	'e\u0301 combining',
	'lone \ud800 high',
	'lone \udc00 low',
	'ends with high \ud83d',
	'<script>alert(1)</script>',
	'"><img src=x onerror=alert(1)>',
	"'; DROP TABLE alerts; --",
	'] " \\ sd breakers',
	'key=value other=thing',
	' msg=injected cs1=evil',
	'CEF:0|fake|header|',
	'LEEF:2.0|fake|',
	'%s %n %x',
	'\u2028\u2029 separators',
	'\ufeffBOM',
	'trailing space   ',
	'   leading space',
];

function pick<T>(r: Random, list: readonly T[]): T {
	return list[Math.floor(r() * list.length)];
}

function word(r: Random): string {
	const n = 3 + Math.floor(r() * 10);
	let s = '';
	for (let i = 0; i < n; i++) s += String.fromCharCode(97 + Math.floor(r() * 26));
	return s;
}

/** A string from the nasty set, a plain word, or a mix; sometimes very long. */
export function nastyString(r: Random): string {
	const x = r();
	if (x < 0.3) return word(r);
	if (x < 0.7) return pick(r, NASTY);
	if (x < 0.95) return pick(r, NASTY) + word(r) + pick(r, NASTY);
	let s = '';
	while (s.length < 10_000) s += pick(r, NASTY) + ' ' + word(r) + ' ';
	return s.slice(0, 10_000);
}

/** Any value: mostly strings, sometimes null/undefined/number/object/array/boolean. */
export function anyValue(r: Random): unknown {
	const x = r();
	if (x < 0.55) return nastyString(r);
	if (x < 0.7) return null;
	if (x < 0.75) return undefined;
	if (x < 0.8) return Math.floor(r() * 1e9) * (r() < 0.5 ? -1 : 1);
	if (x < 0.83) return pick(r, [NaN, Infinity, -0, 1.5, Number.MAX_SAFE_INTEGER + 2]);
	if (x < 0.88) return { nested: nastyString(r) };
	if (x < 0.93) return [nastyString(r), null];
	return r() < 0.5;
}

const TIMES = [
	'2021-01-26T20:33:57.7220239Z',
	'2020-06-30T09:08:11.1084877Z',
	'2020-07-20T10:53:48Z',
	'2020-07-20T10:53:48.19Z',
	'2020-07-20T12:53:48.1234567+02:00',
	'2020-02-30T10:00:00Z',
	'not a time',
	'',
	'0001-01-01T00:00:00Z',
	'9999-12-31T23:59:59.9999999Z',
];

function timeValue(r: Random): unknown {
	return r() < 0.7 ? pick(r, TIMES.slice(0, 5)) : r() < 0.7 ? pick(r, TIMES) : anyValue(r);
}

const SEVERITIES = ['UnSpecified', 'Informational', 'Low', 'Medium', 'High', 'high', 'CRITICAL'];
const ENTITY_TYPES = [
	'File',
	'Process',
	'User',
	'Ip',
	'Url',
	'RegistryValue',
	'Unknown',
	'process',
];

function evidenceItem(r: Random): unknown {
	if (r() < 0.05) return anyValue(r);
	const e: Record<string, unknown> = {
		entityType: r() < 0.9 ? pick(r, ENTITY_TYPES) : anyValue(r),
	};
	for (const k of [
		'sha1',
		'sha256',
		'fileName',
		'filePath',
		'processCommandLine',
		'parentProcessFileName',
		'parentProcessFilePath',
		'url',
		'registryKey',
		'registryHive',
		'registryValue',
		'accountName',
		'domainName',
		'userSid',
		'userPrincipalName',
		'detectionStatus',
	]) {
		if (r() < 0.5) e[k] = anyValue(r);
	}
	e.ipAddress =
		r() < 0.3
			? pick(r, ['10.0.0.1', '::1', 'fe80::1%eth0', '2001:db8::7', '999.1.1.1'])
			: anyValue(r);
	e.processId = r() < 0.5 ? Math.floor(r() * 65536) : anyValue(r);
	e.parentProcessId = anyValue(r);
	e.processCreationTime = timeValue(r);
	e.evidenceCreationTime = timeValue(r);
	return e;
}

/** One hostile alert. */
export function fuzzAlert(r: Random, i: number): Record<string, unknown> {
	const a: Record<string, unknown> = {};
	a.id = r() < 0.85 ? 'da' + Math.floor(r() * 1e15) + '_' + (i - 5000) : anyValue(r);
	for (const k of [
		'assignedTo',
		'classification',
		'determination',
		'investigationState',
		'detectionSource',
		'detectorId',
		'category',
		'threatFamilyName',
		'title',
		'machineId',
		'computerDnsName',
		'rbacGroupName',
		'aadTenantId',
		'threatName',
		'status',
	]) {
		if (r() < 0.9) a[k] = anyValue(r);
	}
	a.description = r() < 0.1 ? 'x'.repeat(10_000) : anyValue(r);
	a.severity = r() < 0.8 ? pick(r, SEVERITIES) : anyValue(r);
	a.incidentId = r() < 0.6 ? Math.floor(r() * 1e7) : anyValue(r);
	a.investigationId = r() < 0.5 ? Math.floor(r() * 1e6) : anyValue(r);
	for (const k of [
		'alertCreationTime',
		'firstEventTime',
		'lastEventTime',
		'lastUpdateTime',
		'resolvedTime',
	]) {
		a[k] = timeValue(r);
	}
	const t = r();
	a.mitreTechniques =
		t < 0.5 ? ['T1055', 'T1055.012', nastyString(r)] : t < 0.7 ? 'T1059, T1105' : anyValue(r);
	a.relatedUser = r() < 0.6 ? { userName: anyValue(r), domainName: anyValue(r) } : anyValue(r);
	a.comments =
		r() < 0.5
			? [{ comment: anyValue(r), createdBy: anyValue(r), createdTime: timeValue(r) }]
			: anyValue(r);
	const e = r();
	if (e < 0.5) {
		const n = Math.floor(r() * 6);
		a.evidence = Array.from({ length: n }, () => evidenceItem(r));
	} else if (e < 0.7) a.evidence = evidenceItem(r);
	else a.evidence = anyValue(r);
	if (r() < 0.02) return {};
	return a;
}

/** `count` alerts: the three public samples first, then generated ones. */
export function fuzzAlerts(seed: number, count: number): unknown[] {
	const r = prng(seed);
	const out: unknown[] = [...loadPublicSamples()];
	for (let i = 0; out.length < count; i++) out.push(fuzzAlert(r, i));
	// Inputs that are not alerts at all.
	out.push(null, undefined, 42, 'string alert', [], [{ id: 'x' }]);
	return out;
}
