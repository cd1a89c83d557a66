/**
 * ArcSight Common Event Format (CEF:0), read by ArcSight, QRadar, Sentinel's CEF connector
 * (CommonSecurityLog) and Elastic. Keys follow Microsoft's own historical ArcSight mapping for
 * Defender alerts where one exists (the retired SIEM API connector's), standard keys elsewhere, and
 * labelled custom strings only where no standard key fits. Lengths are the spec's limits.
 */
import {
	type FormatContext,
	type Rec,
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
	joinPath,
	parseTime,
	portalLink,
	rec,
	severityOf,
	str,
	techniquesOf,
	tenantOf,
	userOf,
} from './common';

// eslint-disable-next-line no-control-regex
const HEADER_TEST = /[\\|\x00-\x1f\x7f\ud800-\udfff]/;
const HEADER_RE =
	// eslint-disable-next-line no-control-regex
	/[\\|]|[\x00-\x1f\x7f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// eslint-disable-next-line no-control-regex
const EXT_TEST = /[\\=\x00-\x1f\x7f\ud800-\udfff]/;
const EXT_UNSAFE_RE =
	// eslint-disable-next-line no-control-regex
	/[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const EXT_ESCAPE_RE = /[\\=\r\n]/g;

function headerChar(c: string): string {
	if (c === '\\') return '\\\\';
	if (c === '|') return '\\|';
	return ' ';
}

function extChar(c: string): string {
	switch (c) {
		case '\\':
			return '\\\\';
		case '=':
			return '\\=';
		case '\n':
			return '\\n';
		default:
			return '\\r';
	}
}

/** A header field: trimmed, cut to `max`, `\` and `|` escaped, no line breaks or controls. */
export function cefHeader(value: string, max: number): string {
	const v = cut(value.trim(), max);
	return HEADER_TEST.test(v) ? v.replace(HEADER_RE, headerChar) : v;
}

/**
 * The value an extension carries after sanitising (what a parser must give back): cut to `max`,
 * controls other than CR/LF and lone surrogates replaced by a space, then trimmed.
 */
export function cefValue(value: string, max: number): string {
	const c = cut(value, max);
	return (EXT_TEST.test(c) ? c.replace(EXT_UNSAFE_RE, ' ') : c).trim();
}

/** An extension value: sanitised, then `\`, `=`, CR and LF escaped. */
export function cefExtension(value: string, max: number): string {
	const v = cefValue(value, max);
	return EXT_TEST.test(v) ? v.replace(EXT_ESCAPE_RE, extChar) : v;
}

/** Accumulates `key=value` pairs, skipping empty values. */
class Ext {
	out = '';
	add(key: string, value: string, max: number): void {
		if (value === '') return;
		const v = cefExtension(value, max);
		if (v === '') return;
		this.out += (this.out === '' ? '' : ' ') + key + '=' + v;
	}
	/** A custom field and its label; the label goes first so readers see it before the value. */
	labelled(key: string, label: string, value: string, max: number): void {
		if (value === '' || cefValue(value, max) === '') return;
		this.add(key + 'Label', label, 1023);
		this.add(key, value, max);
	}
	time(key: string, value: unknown): void {
		const t = parseTime(value);
		if (t !== null) this.add(key, String(t.ms), 32);
	}
}

/** The event class id: the alert category (a small static set that SIEM rules can map). */
export function cefEventClass(a: Rec): string {
	return str(a.category) || 'Alert';
}

/** One alert as a CEF:0 line (no syslog prefix, no trailing newline). */
export function formatCef(alert: unknown, ctx: FormatContext): string {
	const a = rec(alert);
	const opts = ctx.options ?? {};
	const sev = severityOf(a.severity);
	const evidence = evidenceOf(a);
	const file = fileEvidence(evidence);
	const user = userOf(a, evidence);
	const host = str(a.computerDnsName);
	const dot = host.indexOf('.');
	const classification = str(a.classification);
	const determination = str(a.determination);
	const incident = int(a.incidentId);
	const investigation = int(a.investigationId);
	const ip = firstValue(evidence, 'ipAddress');
	const url = firstOfType(evidence, 'url');

	const header =
		'CEF:0|' +
		VENDOR +
		'|' +
		PRODUCT +
		'|' +
		cefHeader(str(opts.deviceVersion) || DEFAULT_DEVICE_VERSION, 31) +
		'|' +
		cefHeader(cefEventClass(a), 1023) +
		'|' +
		(cefHeader(str(a.title), 512) || 'Defender for Endpoint alert') +
		'|' +
		sev.cef +
		'|';

	const x = new Ext();
	x.time('rt', a.alertCreationTime);
	x.time('start', a.firstEventTime);
	x.time('end', a.lastEventTime);
	x.add('externalId', str(a.id), 40);
	x.add('cat', str(a.category), 1023);
	x.add('sourceServiceName', str(a.detectionSource), 1023);
	x.add('shost', host, 1023);
	if (dot > 0) x.add('sourceDnsDomain', host.slice(dot + 1), 255);
	x.add('deviceExternalId', str(a.machineId), 255);
	x.add('suser', user.name, 1023);
	x.add('sntdom', user.domain, 255);
	if (isIPv4(ip)) x.add('src', ip, 15);
	if (url !== undefined) x.add('request', str(url.url), 1023);
	if (file !== undefined) {
		x.add('fname', str(file.fileName), 1023);
		// The CEF dictionary's filePath is the full path, file name included; the API's
		// filePath is the folder alone.
		x.add('filePath', joinPath(str(file.filePath), str(file.fileName)), 1023);
		x.add('fileHash', str(file.sha1), 255);
	}
	x.labelled('cs1', 'MitreTechniques', techniquesOf(a).join(','), 4000);
	x.labelled('cs2', 'TenantId', tenantOf(a, ctx), 4000);
	x.labelled('cs3', 'AlertStatus', str(a.status), 4000);
	x.labelled('cs4', 'ThreatName', str(a.threatName) || str(a.threatFamilyName), 4000);
	x.labelled('cs5', 'TenantLabel', str(ctx.tenantLabel), 4000);
	if (file !== undefined) x.labelled('cs6', 'Sha256', str(file.sha256), 4000);
	if (incident !== null) x.labelled('cn1', 'IncidentId', String(incident), 20);
	if (investigation !== null) x.labelled('cn2', 'InvestigationId', String(investigation), 20);
	const lastUpdate = parseTime(a.lastUpdateTime);
	if (lastUpdate !== null)
		x.labelled('deviceCustomDate1', 'LastUpdateTime', String(lastUpdate.ms), 32);
	x.labelled('flexString1', 'AlertLink', portalLink(a, ctx), 1023);
	x.labelled(
		'flexString2',
		'Classification',
		determination === '' ? classification : (classification || 'Unknown') + '/' + determination,
		1023,
	);
	x.add('msg', str(a.description), 1023);

	return header + (opts.cefSpaceBeforeExtension === true ? ' ' : '') + x.out;
}
