/**
 * Shared pieces of every output format: tolerant accessors (an alert may be `{}`, carry nulls or
 * fields of the wrong type), the severity map (our own table: there is no standard one), time
 * parsing that keeps the API's 7 fractional digits, evidence normalisation and the portal link.
 * Everything here is pure and allocation-light: it runs once per alert on the hot path.
 */

import type { DefenderCloud } from '../transport/clouds';

export type Rec = Record<string, unknown>;

/** Options a user can set once for a format; every one has a sensible default. */
export interface FormatOptions {
	/** CEF/LEEF header "Device Version" (default `1.0`). */
	deviceVersion?: string;
	/**
	 * Put one space between the CEF severity pipe and the first extension key. Needed only for
	 * liblognorm ≤ 2.0.6 (rsyslog mmnormalize on Debian 12), which otherwise drops the first key's
	 * first character; Vector's parser rejects the space, so it is off by default.
	 */
	cefSpaceBeforeExtension?: boolean;
	/** LEEF 2.0 attribute delimiter: one character, or hex like `x09` (default: tab, `x09`). */
	leefDelimiter?: string;
	/** RFC 5424 HOSTNAME (default `-`, the NILVALUE). */
	syslogHostname?: string;
	/** RFC 5424 APP-NAME (default `defender-mssp`). */
	syslogAppName?: string;
	/** Syslog facility 0–23 (default 13, "log audit"). */
	syslogFacility?: number;
	/** Syslog severity for High alerts: 3 Error (default) or 2 Critical. */
	syslogHighSeverity?: number;
	/**
	 * RFC 5424 TIMESTAMP fraction digits: 0, 3 or 6. Default per format: 3 (milliseconds) with
	 * LEEF, as QRadar's LEEF guide expects; 6 (RFC 5424's maximum) with CEF.
	 */
	syslogTimeDigits?: number;
	/** RFC 5424 SD-ID of the structured data element (default `defender@32473`). */
	syslogSdId?: string;
	/** Splunk HEC `index` (omitted by default: the token's default index is used). */
	hecIndex?: string;
	/** Splunk HEC `source` (default `defender-mssp`). */
	hecSource?: string;
	/** Splunk HEC `host` (default: the alert's device name). */
	hecHost?: string;
	/** Splunk HEC `sourcetype` (default `ms:defender:atp:alerts`, the Splunk add-on's). */
	hecSourcetype?: string;
	/**
	 * Defender portal base URL (default `https://security.microsoft.com`; the nodes pass their
	 * credential's cloud's portal, e.g. `https://security.microsoft.us` for GCC High).
	 */
	portalBaseUrl?: string;
	/** Clock for records that need a time when the alert has none (tests pin it). */
	now?: number;
}

export interface FormatContext {
	/** The customer tenant the alert came from (the MSSP's view, not necessarily aadTenantId). */
	tenantId: string;
	tenantLabel?: string;
	options?: FormatOptions;
}

export const VENDOR = 'Microsoft';
export const PRODUCT = 'Defender for Endpoint';
export const DEFAULT_DEVICE_VERSION = '1.0';
export const DEFAULT_PORTAL = 'https://security.microsoft.com';

const EMPTY: Rec = Object.freeze({}) as Rec;

/** The value as a record, or an empty one for null, arrays and primitives. */
export function rec(v: unknown): Rec {
	return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : EMPTY;
}

/** A printable string for primitives; '' for null, undefined, objects and non-finite numbers. */
export function str(v: unknown): string {
	if (typeof v === 'string') return v;
	if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
	if (typeof v === 'boolean') return v ? 'true' : 'false';
	if (typeof v === 'bigint') return v.toString();
	return '';
}

/** An integer from a number or a numeric string (the API sends ids as numbers, some tools as strings). */
export function int(v: unknown): number | null {
	if (typeof v === 'number') return Number.isSafeInteger(v) ? v : null;
	if (typeof v === 'string' && /^-?\d{1,15}$/.test(v)) return Number(v);
	return null;
}

/** Cuts to `max` UTF-16 units without splitting a surrogate pair. */
export function cut(s: string, max: number): string {
	if (s.length <= max) return s;
	const code = s.charCodeAt(max - 1);
	return s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

// Control characters, DEL and lone surrogates: none survives a syslog receiver unchanged
// (rsyslog escapes controls as #011; lone surrogates become U+FFFD in UTF-8).
const UNSAFE_RE =
	// eslint-disable-next-line no-control-regex
	/[\x00-\x1f\x7f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_TEST = /[\x00-\x1f\x7f\ud800-\udfff]/;

/** Replaces control characters (newlines included) and lone surrogates with a space. */
export function oneLine(s: string): string {
	return UNSAFE_TEST.test(s) ? s.replace(UNSAFE_RE, ' ') : s;
}

// ---------------------------------------------------------------------------------------------
// Severity: no standard maps MDE severities onto CEF, LEEF, syslog or ECS scales, so this is our
// own table, one row per MDE severity, every target scale in one place.

export interface SeverityRow {
	/** Canonical MDE name. */
	name: 'UnSpecified' | 'Informational' | 'Low' | 'Medium' | 'High';
	cef: number;
	leef: number;
	syslog: number;
	ecs: number;
	/** Rank for sorting (High first). */
	rank: number;
	/** Colour used in email. */
	colour: string;
}

const SEVERITY_ROWS: Record<string, SeverityRow> = {
	unspecified: {
		name: 'UnSpecified',
		cef: 0,
		leef: 1,
		syslog: 6,
		ecs: 21,
		rank: 4,
		colour: '#605e5c',
	},
	informational: {
		name: 'Informational',
		cef: 1,
		leef: 1,
		syslog: 6,
		ecs: 21,
		rank: 3,
		colour: '#0078d4',
	},
	low: { name: 'Low', cef: 3, leef: 3, syslog: 5, ecs: 21, rank: 2, colour: '#498205' },
	medium: { name: 'Medium', cef: 5, leef: 5, syslog: 4, ecs: 47, rank: 1, colour: '#ca5010' },
	high: { name: 'High', cef: 8, leef: 8, syslog: 3, ecs: 73, rank: 0, colour: '#d13438' },
};

/** Severity row for any value; unknown, null or wrong-typed severities map to UnSpecified. */
export function severityOf(v: unknown): SeverityRow {
	if (typeof v !== 'string') return SEVERITY_ROWS.unspecified;
	return SEVERITY_ROWS[v.toLowerCase()] ?? SEVERITY_ROWS.unspecified;
}

export const SEVERITY_ORDER: readonly SeverityRow['name'][] = [
	'High',
	'Medium',
	'Low',
	'Informational',
	'UnSpecified',
];

// ---------------------------------------------------------------------------------------------
// Time: API DateTimeOffsets carry 7 fractional digits; Date.parse would drop three of them.

export interface AlertTime {
	/** Epoch milliseconds (floor). */
	ms: number;
	/** Exactly 7 fractional-second digits (100-ns ticks within the second). */
	frac7: string;
	/** The original text (valid ISO 8601, safe to pass on). */
	text: string;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const TIME_RE =
	/^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an ISO 8601 timestamp as the API writes it; null for anything else. */
export function parseTime(v: unknown): AlertTime | null {
	if (typeof v !== 'string' || v.length > 40) return null;
	const m = TIME_RE.exec(v);
	if (m === null) return null;
	const year = +m[1];
	const month = +m[2];
	const day = +m[3];
	const hour = +m[4];
	const minute = +m[5];
	const second = +m[6];
	if (year < 1000 || month < 1 || month > 12 || day < 1) return null;
	// Reject rolled-over dates such as 02-30 (Date.UTC would quietly move them to March).
	const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	if (day > (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1])) return null;
	if (hour > 23 || minute > 59 || second > 59) return null;
	const frac7 = m[7] === undefined ? '0000000' : (m[7] + '000000').slice(0, 7);
	let offsetMin = 0;
	const tz = m[8];
	if (tz.length > 1) {
		const oh = +tz.slice(1, 3);
		const om = +tz.slice(4, 6);
		if (oh > 14 || om > 59) return null;
		offsetMin = (tz.charCodeAt(0) === 45 ? -1 : 1) * (oh * 60 + om);
	}
	const base = Date.UTC(year, month - 1, day, hour, minute, second);
	return { ms: base - offsetMin * 60000 + +frac7.slice(0, 3), frac7, text: v };
}

/** ISO 8601 UTC with millisecond precision. */
export function isoMs(ms: number): string {
	return new Date(ms).toISOString();
}

/** ISO 8601 UTC with `digits` (0–7) fractional digits taken from the original text. */
export function isoFrac(t: AlertTime, digits: number): string {
	const head = new Date(t.ms).toISOString().slice(0, 19);
	return digits > 0 ? head + '.' + t.frac7.slice(0, digits) + 'Z' : head + 'Z';
}

/** The alert's event time: creation, else last update, else first event. */
export function eventTime(a: Rec): AlertTime | null {
	return (
		parseTime(a.alertCreationTime) ?? parseTime(a.lastUpdateTime) ?? parseTime(a.firstEventTime)
	);
}

// ---------------------------------------------------------------------------------------------
// Evidence, techniques, user, link.

/** Evidence as a list of records whatever the payload sent: array, single object, null. */
export function evidenceOf(a: Rec): Rec[] {
	const ev = a.evidence;
	if (Array.isArray(ev)) {
		let clean = true;
		for (let i = 0; i < ev.length; i++) {
			const e = ev[i];
			if (e === null || typeof e !== 'object' || Array.isArray(e)) {
				clean = false;
				break;
			}
		}
		return clean ? (ev as Rec[]) : (ev.filter((e) => rec(e) !== EMPTY) as Rec[]);
	}
	return ev !== null && typeof ev === 'object' ? (rec(ev) === EMPTY ? [] : [ev as Rec]) : [];
}

/** Lower-cased entity type of an evidence item. */
export function entityType(e: Rec): string {
	return typeof e.entityType === 'string' ? e.entityType.toLowerCase() : '';
}

/** First evidence whose entity type is one of `types` (lower case). */
export function firstOfType(list: Rec[], ...types: string[]): Rec | undefined {
	for (let i = 0; i < list.length; i++) {
		if (types.includes(entityType(list[i]))) return list[i];
	}
	return undefined;
}

/** The evidence that best describes "the file": a File, else a Process, else anything hashed. */
export function fileEvidence(list: Rec[]): Rec | undefined {
	return (
		firstOfType(list, 'file') ??
		firstOfType(list, 'process') ??
		list.find((e) => str(e.sha256) !== '' || str(e.sha1) !== '' || str(e.fileName) !== '')
	);
}

/** First non-empty string value of `key` among the evidence. */
export function firstValue(list: Rec[], key: string): string {
	for (let i = 0; i < list.length; i++) {
		const v = str(list[i][key]);
		if (v !== '') return v;
	}
	return '';
}

/** MITRE technique ids as strings, whatever the payload sent (array, comma string, junk). */
export function techniquesOf(a: Rec): string[] {
	const t = a.mitreTechniques;
	if (Array.isArray(t)) {
		const out: string[] = [];
		for (let i = 0; i < t.length; i++) {
			const s = str(t[i]).trim();
			if (s !== '') out.push(s);
		}
		return out;
	}
	if (typeof t === 'string') return t.split(/[\s,;]+/).filter((s) => s !== '');
	return [];
}

/** An ATT&CK Enterprise tactic: its id and its name as MITRE writes it. */
export interface AttackTactic {
	id: string;
	name: string;
}

// Defender's alert categories include the ATT&CK tactics (spelt without spaces) and categories that
// are not tactics at all (Malware, Ransomware, SuspiciousActivity, UnwantedSoftware…).
const TACTICS: Record<string, AttackTactic> = {
	reconnaissance: { id: 'TA0043', name: 'Reconnaissance' },
	resourcedevelopment: { id: 'TA0042', name: 'Resource Development' },
	initialaccess: { id: 'TA0001', name: 'Initial Access' },
	execution: { id: 'TA0002', name: 'Execution' },
	persistence: { id: 'TA0003', name: 'Persistence' },
	privilegeescalation: { id: 'TA0004', name: 'Privilege Escalation' },
	defenseevasion: { id: 'TA0005', name: 'Defense Evasion' },
	credentialaccess: { id: 'TA0006', name: 'Credential Access' },
	discovery: { id: 'TA0007', name: 'Discovery' },
	lateralmovement: { id: 'TA0008', name: 'Lateral Movement' },
	collection: { id: 'TA0009', name: 'Collection' },
	commandandcontrol: { id: 'TA0011', name: 'Command and Control' },
	exfiltration: { id: 'TA0010', name: 'Exfiltration' },
	impact: { id: 'TA0040', name: 'Impact' },
};

/** The ATT&CK tactic an alert category names, or undefined for categories that are not tactics. */
export function attackTacticOf(category: unknown): AttackTactic | undefined {
	if (typeof category !== 'string') return undefined;
	const key = category.replace(/[\s_-]+/g, '').toLowerCase();
	return Object.prototype.hasOwnProperty.call(TACTICS, key) ? TACTICS[key] : undefined;
}

export interface UserRef {
	name: string;
	domain: string;
}

/** The alert's user: relatedUser, else the first User evidence. */
export function userOf(a: Rec, evidence: Rec[]): UserRef {
	const ru = rec(a.relatedUser);
	let name = str(ru.userName);
	let domain = str(ru.domainName);
	if (name === '') {
		const u = firstOfType(evidence, 'user');
		if (u !== undefined) {
			name = str(u.accountName);
			if (domain === '') domain = str(u.domainName);
		}
	}
	return { name, domain };
}

// The Defender portal of each Microsoft cloud (Microsoft's "Defender for Endpoint for US
// Government customers" page): GCC shares the commercial portal, GCC High and DoD have their own.
const CLOUD_PORTALS: Readonly<Record<DefenderCloud, string>> = {
	global: DEFAULT_PORTAL,
	gcc: DEFAULT_PORTAL,
	gccHigh: 'https://security.microsoft.us',
	dod: 'https://security.apps.mil',
	custom: DEFAULT_PORTAL,
};

/** The portal base URL for a credential's cloud (the commercial portal for unknown values). */
export function portalBaseUrlOfCloud(cloud: unknown): string {
	return typeof cloud === 'string' && Object.prototype.hasOwnProperty.call(CLOUD_PORTALS, cloud)
		? CLOUD_PORTALS[cloud as DefenderCloud]
		: DEFAULT_PORTAL;
}

/** Link to the alert in the Defender portal, scoped to the customer tenant. */
export function portalLink(a: Rec, ctx: FormatContext): string {
	// encodeURIComponent throws on lone surrogates; oneLine replaces them.
	const id = oneLine(str(a.id));
	if (id === '') return '';
	const base = oneLine(str(ctx.options?.portalBaseUrl)) || DEFAULT_PORTAL;
	const tenant = oneLine(str(ctx.tenantId) || str(a.aadTenantId));
	const q = tenant === '' ? '' : '?tid=' + encodeURIComponent(tenant);
	return base.replace(/\/+$/, '') + '/alerts/' + encodeURIComponent(id) + q;
}

/** The customer tenant: the context's, else the alert's own aadTenantId. */
export function tenantOf(a: Rec, ctx: FormatContext): string {
	return str(ctx.tenantId) || str(a.aadTenantId);
}

const IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6_RE = /^[0-9a-fA-F:.]{2,45}$/;

export function isIPv4(s: string): boolean {
	return IPV4_RE.test(s);
}

/** Loose IPv6 check (hex groups and colons, at most one `::`). */
export function isIPv6(s: string): boolean {
	if (!IPV6_RE.test(s) || !s.includes(':')) return false;
	const dbl = s.split('::').length - 1;
	if (dbl > 1) return false;
	const groups = s.split(':').filter((g) => g !== '');
	const last = groups[groups.length - 1] ?? '';
	if (last.includes('.') && !isIPv4(last)) return false;
	const hexGroups = last.includes('.') ? groups.slice(0, -1) : groups;
	const max = last.includes('.') ? 6 : 8;
	if (hexGroups.length > max || (dbl === 0 && hexGroups.length !== max)) return false;
	return hexGroups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g));
}

/** Joins a directory and a file name the way Windows paths read. */
export function joinPath(dir: string, name: string): string {
	if (dir === '') return name;
	if (name === '') return dir;
	const sep = dir.includes('/') && !dir.includes('\\') ? '/' : '\\';
	return dir.endsWith(sep) ? dir + name : dir + sep + name;
}
