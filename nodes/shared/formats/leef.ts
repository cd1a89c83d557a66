/**
 * IBM QRadar LEEF 2.0. IBM defines no escaping, so values are sanitised instead: the attribute
 * delimiter, tabs, line breaks and other controls become a space; header fields lose `|`.
 * Predefined attributes (cat, devTime, sev, usrName, domain, identHostName, src, url) carry what
 * QRadar maps natively; the rest are custom keys named after the API's fields.
 */
import {
	type FormatContext,
	DEFAULT_DEVICE_VERSION,
	PRODUCT,
	VENDOR,
	cut,
	evidenceOf,
	fileEvidence,
	firstOfType,
	firstValue,
	int,
	isIPv4,
	isIPv6,
	oneLine,
	parseTime,
	portalLink,
	rec,
	severityOf,
	str,
	techniquesOf,
	tenantOf,
	userOf,
} from './common';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const LEEF_DEV_TIME_FORMAT = 'MMM dd yyyy HH:mm:ss.SSS z';

export interface Delimiter {
	/** The header field (`x09` or the character itself). */
	header: string;
	/** The character placed between attributes. */
	char: string;
}

const TAB: Delimiter = { header: 'x09', char: '\t' };

/** A delimiter option read: the delimiter, or why it cannot be one. */
export type LeefDelimiterChoice = { delimiter: Delimiter } | { problem: string };

/**
 * The delimiters we accept: an allow-list, not a deny-list. LEEF has no escaping, so a delimiter
 * inside a value is replaced by a space, and that corrupts the values whose format a SIEM parses:
 * devTime (`Jan 26 2021 20:33:57.722 UTC`: space, `:`, `.`), IP addresses (`.`, `:`), URLs and
 * the portal link (every RFC 3986 character, `~` and `#` included), file paths (`\`, `/`, `-`,
 * `_`, `~` in `PROGRA~1`), ids and GUIDs (`_`, `-`), MITRE ids (`,`, `.`). A deny-list would have
 * to name all of those and would still let the next one through; the allow-list names two. Tab,
 * LEEF's default, never survives in a value (controls are replaced). `^`, IBM's own example,
 * occurs in none of those formats (a URL must percent-encode it); only free text and a rare file
 * name can hold one, and there it becomes a space rather than a new attribute. Non-ASCII
 * characters such as `¦` stay out: the header's hex form (`xa6`) would not say whether it means
 * the code point or a byte of the UTF-8 line, and receivers read it either way.
 */
const SAFE_DELIMITERS: readonly string[] = ['\t', '^'];

/**
 * Why `char` cannot separate attributes, or undefined when it can: the allow-list decides; the
 * reason only says which of the values above the character would break.
 */
function delimiterProblem(char: string): string | undefined {
	if (SAFE_DELIMITERS.includes(char)) return undefined;
	const code = char.charCodeAt(0);
	if (code === 0x20 || /\s/.test(char)) return 'is white space, which alert text contains';
	if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return 'is a control character';
	if (code >= 0xd800 && code <= 0xdfff) return 'is half of a UTF-16 surrogate pair';
	if (/[\p{L}\p{N}]/u.test(char)) return 'is a letter or digit, which attribute names contain';
	if (code > 0x7e) return 'is not ASCII, so its hex code is ambiguous in a UTF-8 line';
	if (char === '=' || char === '|') return 'is part of the LEEF syntax';
	if (/[.:\-/\\_,~#%?&@+;!$*'()[\]]/.test(char)) {
		return 'occurs in times, IP addresses, URLs, file paths or ids, which it would corrupt';
	}
	return 'is not one of the delimiters no value can contain';
}

/**
 * Reads the delimiter option: empty for tab, one character, or `x`/`0x` + 1–4 hex digits (the
 * prefix in either case, as people write hex). The nodes refuse a problem with its reason; the
 * formatter falls back to tab (it never throws).
 */
export function parseLeefDelimiter(option: unknown): LeefDelimiterChoice {
	const o = str(option);
	if (o === '') return { delimiter: TAB };
	// JSON quoting shows a control character or a stray space for what it is.
	const shown = JSON.stringify(cut(o, 12));
	const advice = 'Use x09 (tab, the default) or ^ (x5E).';
	const hex = /^0?x([0-9a-f]{1,4})$/i.exec(o);
	const char = hex !== null ? String.fromCharCode(parseInt(hex[1], 16)) : o;
	if (hex === null && o.length !== 1) {
		return {
			problem: `The LEEF delimiter ${shown} is neither one character nor a hex code such as x09. ${advice}`,
		};
	}
	const problem = delimiterProblem(char);
	if (problem !== undefined) {
		return {
			problem: `The LEEF delimiter ${shown} ${problem}, and LEEF cannot escape it inside values. ${advice}`,
		};
	}
	if (char === '\t') return { delimiter: TAB };
	return { delimiter: { header: hex !== null ? 'x' + hex[1].toLowerCase() : o, char } };
}

/** The delimiter the option names, or tab when it names none that values cannot contain. */
export function leefDelimiter(option: unknown): Delimiter {
	const choice = parseLeefDelimiter(option);
	return 'delimiter' in choice ? choice.delimiter : TAB;
}

/** Sanitised attribute value: no controls, no delimiter; cut to `max`; trimmed. */
export function leefValue(value: string, delimiter: string, max = 4000): string {
	let v = oneLine(cut(value, max));
	if (delimiter !== '\t' && v.includes(delimiter)) v = v.split(delimiter).join(' ');
	return v.trim();
}

function leefHeader(value: string, max: number): string {
	return leefValue(value, '|', max);
}

/** `MMM dd yyyy HH:mm:ss.SSS z` in UTC, the devTimeFormat this module declares. */
export function leefTime(ms: number): string {
	const d = new Date(ms);
	const p2 = (n: number) => (n < 10 ? '0' + n : String(n));
	const msPart = d.getUTCMilliseconds();
	return (
		MONTHS[d.getUTCMonth()] +
		' ' +
		p2(d.getUTCDate()) +
		' ' +
		d.getUTCFullYear() +
		' ' +
		p2(d.getUTCHours()) +
		':' +
		p2(d.getUTCMinutes()) +
		':' +
		p2(d.getUTCSeconds()) +
		'.' +
		(msPart < 10 ? '00' : msPart < 100 ? '0' : '') +
		msPart +
		' UTC'
	);
}

/** One alert as a LEEF 2.0 event (no syslog prefix, no trailing newline). */
export function formatLeef(alert: unknown, ctx: FormatContext): string {
	const a = rec(alert);
	const opts = ctx.options ?? {};
	const delim = leefDelimiter(opts.leefDelimiter);
	const d = delim.char;
	const sev = severityOf(a.severity);
	const evidence = evidenceOf(a);
	const file = fileEvidence(evidence);
	const user = userOf(a, evidence);
	const ip = firstValue(evidence, 'ipAddress');
	const url = firstOfType(evidence, 'url');
	const created = parseTime(a.alertCreationTime) ?? parseTime(a.lastUpdateTime);
	const incident = int(a.incidentId);

	let out = '';
	const add = (key: string, value: string, max?: number) => {
		if (value === '') return;
		const v = leefValue(value, d, max);
		if (v !== '') out += (out === '' ? '' : d) + key + '=' + v;
	};

	if (created !== null) {
		add('devTime', leefTime(created.ms));
		add('devTimeFormat', LEEF_DEV_TIME_FORMAT);
	}
	add('sev', String(sev.leef));
	add('cat', str(a.category));
	add('externalId', str(a.id));
	add('title', str(a.title), 512);
	add('identHostName', str(a.computerDnsName));
	add('machineId', str(a.machineId));
	add('usrName', user.name);
	add('domain', user.domain);
	if (isIPv4(ip) || isIPv6(ip)) add('src', ip);
	if (url !== undefined) add('url', str(url.url), 2048);
	add('tenantId', tenantOf(a, ctx));
	add('tenantLabel', str(ctx.tenantLabel));
	if (incident !== null) add('incidentId', String(incident));
	add('status', str(a.status));
	add('detectionSource', str(a.detectionSource));
	add('mitreTechniques', techniquesOf(a).join(','));
	add('threatName', str(a.threatName) || str(a.threatFamilyName));
	add('classification', str(a.classification));
	add('determination', str(a.determination));
	add('assignedTo', str(a.assignedTo));
	if (file !== undefined) {
		add('fileName', str(file.fileName));
		add('filePath', str(file.filePath));
		add('sha1', str(file.sha1));
		add('sha256', str(file.sha256));
	}
	add('lastUpdateTime', str(parseTime(a.lastUpdateTime)?.text));
	add('alertLink', portalLink(a, ctx));
	add('msg', str(a.description), 1023);

	return (
		'LEEF:2.0|' +
		VENDOR +
		'|' +
		PRODUCT +
		'|' +
		(leefHeader(str(opts.deviceVersion), 31) || DEFAULT_DEVICE_VERSION) +
		'|' +
		(leefHeader(str(a.category), 255) || 'Alert') +
		'|' +
		delim.header +
		'|' +
		out
	);
}
