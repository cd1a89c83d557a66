/**
 * RFC 5424 syslog lines carrying CEF or LEEF, and their RFC 6587 octet-counted frame (what
 * RFC 5425 TLS and most TCP receivers expect). The timestamp keeps 6 of the API's 7 fractional
 * digits (RFC 5424's maximum) with CEF and 3 with LEEF (QRadar's LEEF guide), unless the options
 * say otherwise; header fields are PRINTUSASCII within their lengths; SD-PARAM values escape
 * `"`, `\` and `]`. No BOM before MSG: CEF/LEEF parsers anchor on the prefix.
 */
import { formatCef } from './cef';
import {
	type AlertTime,
	type FormatContext,
	type Rec,
	eventTime,
	isoFrac,
	rec,
	severityOf,
	str,
	tenantOf,
} from './common';
import { formatLeef } from './leef';

export const SYSLOG_APP_NAME = 'defender-mssp';
export const SYSLOG_MSGID = 'mdeAlert';
/** Private SD-ID with the documentation enterprise number (RFC 5612); override with your PEN. */
export const SYSLOG_SD_ID = 'defender@32473';
export const SYSLOG_FACILITY = 13;
const MAX_SYSLOG_MS = Date.UTC(2100, 0, 1);

const NON_PRINT_RE = /[^\x21-\x7e]/g;
const SD_NAME_RE = /[^\x21-\x7e]|[= \]"]/g;
const SD_UNSAFE_RE =
	// eslint-disable-next-line no-control-regex
	/[\x00-\x1f\x7f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const SD_ESCAPE_RE = /["\\\]]/g;

/** A header field: PRINTUSASCII only, at most `max` characters, `-` when empty. */
export function syslogField(v: unknown, max: number): string {
	const s = str(v).replace(NON_PRINT_RE, '').slice(0, max);
	return s === '' ? '-' : s;
}

/** An SD-ID (or PARAM-NAME): PRINTUSASCII without `= ] "` and space, ≤ 32 characters. */
export function sdName(v: unknown, fallback: string): string {
	const s = str(v).replace(SD_NAME_RE, '').slice(0, 32);
	return s === '' ? fallback : s;
}

/** The SD-PARAM value a parser must give back: controls and lone surrogates become a space. */
export function sdValue(v: string, max = 1024): string {
	let s = v.length > max ? v.slice(0, max) : v;
	const code = s.charCodeAt(s.length - 1);
	if (code >= 0xd800 && code <= 0xdbff && s.length === max) s = s.slice(0, -1);
	return s.replace(SD_UNSAFE_RE, ' ');
}

function sdEscape(v: string): string {
	return sdValue(v).replace(SD_ESCAPE_RE, '\\$&');
}

/** Syslog severity (0–7) for an alert; High is configurable (3 Error or 2 Critical). */
export function syslogSeverity(a: Rec, ctx: FormatContext): number {
	const row = severityOf(a.severity);
	const high = ctx.options?.syslogHighSeverity;
	if (row.name === 'High' && (high === 2 || high === 3)) return high;
	return row.syslog;
}

/** The structured data element: tenant, label and alert id, for routing before parsing MSG. */
function structuredData(a: Rec, ctx: FormatContext): string {
	const params: Array<[string, string]> = [
		['tenantId', tenantOf(a, ctx)],
		['tenantLabel', str(ctx.tenantLabel)],
		['alertId', str(a.id)],
		['severity', severityOf(a.severity).name],
	];
	let sd = '[' + sdName(ctx.options?.syslogSdId, SYSLOG_SD_ID);
	for (const [name, value] of params) {
		if (value !== '') sd += ' ' + name + '="' + sdEscape(value) + '"';
	}
	return sd + ']';
}

/** Fraction digits of the TIMESTAMP when the option names none: CEF's, RFC 5424's maximum. */
export const SYSLOG_TIME_DIGITS = 6;
/** QRadar's LEEF guide writes syslog times with milliseconds. */
export const SYSLOG_LEEF_TIME_DIGITS = 3;

/** The option's fraction digits if it is 0, 3 or 6, else the format's default. */
function timeDigits(option: unknown, fallback: number): number {
	return option === 0 || option === 3 || option === 6 ? option : fallback;
}

/**
 * RFC 5424 TIMESTAMP with `digits` fractional digits, or `-`. rsyslog rejects the whole header
 * for years outside 1970–2099 (the message then arrives unparsed), so such times are NILVALUE.
 */
function syslogTime(t: AlertTime | null, digits: number): string {
	if (t === null || t.ms < 0 || t.ms >= MAX_SYSLOG_MS) return '-';
	return isoFrac(t, digits);
}

/**
 * An RFC 5424 line (no trailer) with `msg` as MSG; `defaultTimeDigits` is the carried format's
 * timestamp precision when the options name none.
 */
export function syslogLine(
	alert: unknown,
	ctx: FormatContext,
	msg: string,
	defaultTimeDigits = SYSLOG_TIME_DIGITS,
): string {
	const a = rec(alert);
	const o = ctx.options ?? {};
	const facility =
		typeof o.syslogFacility === 'number' && o.syslogFacility >= 0 && o.syslogFacility <= 23
			? Math.floor(o.syslogFacility)
			: SYSLOG_FACILITY;
	const t = eventTime(a);
	return (
		'<' +
		(facility * 8 + syslogSeverity(a, ctx)) +
		'>1 ' +
		syslogTime(t, timeDigits(o.syslogTimeDigits, defaultTimeDigits)) +
		' ' +
		syslogField(o.syslogHostname, 255) +
		' ' +
		(o.syslogAppName === undefined ? SYSLOG_APP_NAME : syslogField(o.syslogAppName, 48)) +
		' - ' +
		SYSLOG_MSGID +
		' ' +
		structuredData(a, ctx) +
		' ' +
		msg
	);
}

/** RFC 5424 line carrying the alert as CEF. */
export function formatSyslogCef(alert: unknown, ctx: FormatContext): string {
	return syslogLine(alert, ctx, formatCef(alert, ctx));
}

/** RFC 5424 line carrying the alert as LEEF 2.0. */
export function formatSyslogLeef(alert: unknown, ctx: FormatContext): string {
	return syslogLine(alert, ctx, formatLeef(alert, ctx), SYSLOG_LEEF_TIME_DIGITS);
}

/** UTF-8 byte length without allocating a buffer. */
export function utf8Length(s: string): number {
	let n = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c < 0x80) n += 1;
		else if (c < 0x800) n += 2;
		else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
			const d = s.charCodeAt(i + 1);
			if (d >= 0xdc00 && d <= 0xdfff) {
				n += 4;
				i++;
			} else n += 3;
		} else n += 3;
	}
	return n;
}

/** RFC 6587 octet-counting frame: `MSG-LEN SP SYSLOG-MSG`, the length in UTF-8 bytes. */
export function octetFrame(line: string): string {
	return utf8Length(line) + ' ' + line;
}
