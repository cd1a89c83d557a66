/**
 * Elastic Common Schema document, shaped like Elastic's own Defender for Endpoint integration
 * (elastic/integrations packages/microsoft_defender_endpoint) so its dashboards work: event.kind
 * alert, host/user/file/process from evidence, threat.technique.name = category as Elastic does,
 * the rest under microsoft.defender_endpoint.
 *
 * event.severity is 21/47/73/99 because that is what Elastic Security's External Alerts rule
 * (detection-rules rules/promotions/external_alerts.toml, which turns `event.kind: alert`
 * documents into Security alerts) maps to low/medium/high/critical; any other value gets the
 * rule's default, medium. It is not the integration's scale: its pipeline wrote 0–4 (1–4 in
 * practice, since the API spells UnSpecified with a capital S), until elastic/integrations
 * #12662 moved its EDR integrations to this same rule scale. threat.tactic names only categories
 * that are ATT&CK tactics.
 * Only valid values reach typed fields (dates, IPs, numbers): one bad value rejects a document.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	type AlertTime,
	type FormatContext,
	PRODUCT,
	VENDOR,
	attackTacticOf,
	categoryOf,
	evidenceOf,
	fileEvidence,
	firstOfType,
	int,
	isIPv4,
	isIPv6,
	isoMs,
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

export const ECS_VERSION = '8.11.0';

/** Fields kept verbatim (if set) under microsoft.defender_endpoint, as Elastic's pipeline does. */
const REST_STRING_FIELDS = [
	'assignedTo',
	'classification',
	'determination',
	'investigationState',
	'detectionSource',
	'detectorId',
	'category',
	'threatFamilyName',
	'threatName',
	'rbacGroupName',
	'status',
	'aadTenantId',
	'machineId',
];
const REST_TIME_FIELDS = ['lastUpdateTime', 'resolvedTime'];

function pushUnique(list: string[], v: string): void {
	if (v !== '' && !list.includes(v)) list.push(v);
}

function timeText(t: AlertTime | null): string | undefined {
	return t === null ? undefined : t.text;
}

/** One alert as an ECS document (an object ready for `_bulk`). */
export function formatEcs(alert: unknown, ctx: FormatContext): IDataObject {
	const a = rec(alert);
	const sev = severityOf(a.severity);
	const evidence = evidenceOf(a);
	const user = userOf(a, evidence);
	const title = str(a.title);
	const id = str(a.id);
	const host = str(a.computerDnsName);
	const category = categoryOf(a);
	const status = str(a.status).toLowerCase();
	const created = parseTime(a.alertCreationTime);
	const start = parseTime(a.firstEventTime);
	const end = parseTime(a.lastEventTime);
	const stamp = created ?? parseTime(a.lastUpdateTime) ?? start;
	const link = portalLink(a, ctx);
	const related = {
		hosts: [] as string[],
		user: [] as string[],
		hash: [] as string[],
		ip: [] as string[],
	};

	const event: IDataObject = {
		kind: 'alert',
		category: /malware|ransomware/i.test(category)
			? ['host', 'intrusion_detection', 'malware']
			: ['host', 'intrusion_detection'],
		type: status === 'new' ? ['start'] : status === 'resolved' ? ['end'] : ['info'],
		severity: sev.ecs,
		provider: 'defender_endpoint',
		dataset: 'microsoft_defender_endpoint.log',
	};
	if (id !== '') event.id = id;
	if (category !== '') event.action = category;
	if (created !== null) event.created = created.text;
	if (start !== null) event.start = start.text;
	if (end !== null) event.end = end.text;
	if (start !== null && end !== null) {
		const ns = (end.ms - start.ms) * 1e6 + (+end.frac7.slice(3) - +start.frac7.slice(3)) * 100;
		if (ns >= 0) event.duration = ns;
	}
	if (link !== '') event.url = link;

	const doc: IDataObject = {
		'@timestamp': stamp === null ? isoMs(ctx.options?.now ?? Date.now()) : stamp.text,
		ecs: { version: ECS_VERSION },
		event,
		observer: { vendor: VENDOR, product: PRODUCT } as IDataObject,
		tags: ['microsoft-defender-endpoint'],
	};
	if (title !== '') {
		doc.message = title;
	}
	const rule: IDataObject = {};
	if (title !== '') rule.name = title;
	const description = str(a.description);
	if (description !== '') rule.description = description;
	const detector = str(a.detectorId);
	if (detector !== '') rule.id = detector;
	if (title !== '' || description !== '' || detector !== '') doc.rule = rule;
	const source = str(a.detectionSource);
	if (source !== '') (doc.observer as IDataObject).name = source;

	// MITRE: T1055.012 is a sub-technique of T1055; ECS keeps both levels.
	const techniques = techniquesOf(a);
	const threat: IDataObject = { framework: 'MITRE ATT&CK' };
	const technique: IDataObject = {};
	if (techniques.length > 0) {
		const ids: string[] = [];
		const subs: string[] = [];
		for (const t of techniques) {
			const dot = t.indexOf('.');
			if (dot > 0) {
				pushUnique(ids, t.slice(0, dot));
				pushUnique(subs, t);
			} else pushUnique(ids, t);
		}
		technique.id = ids;
		if (subs.length > 0) technique.subtechnique = { id: subs };
	}
	if (category !== '') technique.name = [category];
	// Only categories that are ATT&CK tactics become one ("Malware" is not a tactic).
	const tactic = attackTacticOf(category);
	if (tactic !== undefined) threat.tactic = { id: [tactic.id], name: [tactic.name] };
	if (Object.keys(technique).length > 0) threat.technique = technique;
	if (techniques.length > 0 || category !== '') doc.threat = threat;

	const machineId = str(a.machineId);
	if (host !== '' || machineId !== '') {
		const h: IDataObject = {};
		if (host !== '') {
			const name = host.toLowerCase();
			h.name = name;
			h.hostname = host;
			// A pivot from host.name (lower case, as Elastic's integration writes it) must find
			// the same value in related.hosts.
			pushUnique(related.hosts, name);
		}
		if (machineId !== '') h.id = machineId;
		doc.host = h;
	}

	const userEvidence = firstOfType(evidence, 'user');
	const sid = userEvidence === undefined ? '' : str(userEvidence.userSid);
	if (user.name !== '' || user.domain !== '' || sid !== '') {
		const u: IDataObject = {};
		if (user.name !== '') u.name = user.name;
		if (user.domain !== '') u.domain = user.domain;
		if (sid !== '') u.id = sid;
		doc.user = u;
		pushUnique(related.user, user.name);
	}

	const file = fileEvidence(evidence);
	if (file !== undefined) {
		const f: IDataObject = {};
		const name = str(file.fileName);
		const dir = str(file.filePath);
		if (name !== '') f.name = name;
		if (dir !== '') f.directory = dir;
		if (name !== '' || dir !== '') f.path = joinPath(dir, name);
		const hash: IDataObject = {};
		const sha1 = str(file.sha1);
		const sha256 = str(file.sha256);
		if (sha1 !== '') hash.sha1 = sha1;
		if (sha256 !== '') hash.sha256 = sha256;
		if (sha1 !== '' || sha256 !== '') f.hash = hash;
		pushUnique(related.hash, sha1);
		pushUnique(related.hash, sha256);
		if (Object.keys(f).length > 0) doc.file = f;
	}

	const proc = firstOfType(evidence, 'process');
	if (proc !== undefined) {
		const p: IDataObject = {};
		const pid = int(proc.processId);
		if (pid !== null) p.pid = pid;
		const cmd = str(proc.processCommandLine);
		if (cmd !== '') p.command_line = cmd;
		const name = str(proc.fileName);
		if (name !== '') p.name = name;
		const exe = joinPath(str(proc.filePath), name);
		if (exe !== '') p.executable = exe;
		const pstart = parseTime(proc.processCreationTime);
		if (pstart !== null) p.start = pstart.text;
		const parent: IDataObject = {};
		const ppid = int(proc.parentProcessId);
		if (ppid !== null) parent.pid = ppid;
		const pname = str(proc.parentProcessFileName);
		if (pname !== '') parent.name = pname;
		const pexe = joinPath(str(proc.parentProcessFilePath), pname);
		if (pexe !== '') parent.executable = pexe;
		const parentStart = parseTime(proc.parentProcessCreationTime);
		if (parentStart !== null) parent.start = parentStart.text;
		if (Object.keys(parent).length > 0) p.parent = parent;
		if (Object.keys(p).length > 0) doc.process = p;
	}

	const urlEvidence = firstOfType(evidence, 'url');
	const url = urlEvidence === undefined ? '' : str(urlEvidence.url);
	if (url !== '') doc.url = { original: url };
	for (const e of evidence) {
		const ip = str(e.ipAddress);
		if (isIPv4(ip) || isIPv6(ip)) pushUnique(related.ip, ip);
	}
	if (related.ip.length > 0) doc.source = { ip: related.ip[0] };
	const rel: IDataObject = {};
	for (const [k, v] of Object.entries(related)) if (v.length > 0) rel[k] = v;
	if (Object.keys(rel).length > 0) doc.related = rel;

	const tenant = tenantOf(a, ctx);
	const org: IDataObject = {};
	if (tenant !== '') org.id = tenant;
	if (str(ctx.tenantLabel) !== '') org.name = ctx.tenantLabel;
	if (tenant !== '' || org.name !== undefined) doc.organization = org;
	const aad = str(a.aadTenantId);
	if (aad !== '' || machineId !== '') {
		const cloud: IDataObject = { provider: 'azure' };
		if (aad !== '') cloud.account = { id: aad };
		if (machineId !== '') cloud.instance = { id: machineId };
		doc.cloud = cloud;
	}

	const rest: IDataObject = {};
	for (const k of REST_STRING_FIELDS) {
		const v = str(a[k]);
		if (v !== '') rest[k] = v;
	}
	for (const k of REST_TIME_FIELDS) {
		const v = timeText(parseTime(a[k]));
		if (v !== undefined) rest[k] = v;
	}
	const incident = int(a.incidentId);
	if (incident !== null) rest.incidentId = String(incident);
	const investigation = int(a.investigationId);
	if (investigation !== null) rest.investigationId = String(investigation);
	if (techniques.length > 0) rest.mitreTechniques = techniques;
	if (Array.isArray(a.comments) && a.comments.length > 0)
		rest.comments = a.comments as IDataObject[];
	if (evidence.length > 0) rest.evidence = evidence as IDataObject[];
	doc.microsoft = { defender_endpoint: rest };
	return doc;
}
