/**
 * Microsoft Sentinel / Azure Monitor Logs Ingestion record: one flat JSON object per alert whose
 * columns have stable types (datetime as ISO strings, long as numbers, dynamic as arrays or
 * objects), so a DCR stream declaration can be written once (docs/formats.md lists it).
 * Column names follow the ASIM Alert schema where one applies (EventVendor, AlertName,
 * AttackTechniques, DvcHostname, Username…). `TenantId` is a reserved Log Analytics column, so
 * the MSSP's customer tenant goes into `CustomerTenantId`.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	attackTacticOf,
	categoryOf,
	type FormatContext,
	PRODUCT,
	VENDOR,
	eventTime,
	evidenceOf,
	fileEvidence,
	int,
	isoFrac,
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

/** Column → Log Analytics type, for the DCR stream declaration (and the tests). */
export const SENTINEL_COLUMNS: Readonly<
	Record<string, 'datetime' | 'string' | 'long' | 'dynamic'>
> = {
	TimeGenerated: 'datetime',
	EventVendor: 'string',
	EventProduct: 'string',
	EventSchema: 'string',
	EventSchemaVersion: 'string',
	EventType: 'string',
	EventCount: 'long',
	EventSeverity: 'string',
	EventOriginalSeverity: 'string',
	EventStartTime: 'datetime',
	EventEndTime: 'datetime',
	EventUid: 'string',
	EventReportUrl: 'string',
	AlertId: 'string',
	AlertName: 'string',
	AlertDescription: 'string',
	AlertStatus: 'string',
	AlertOriginalStatus: 'string',
	AlertVerdict: 'string',
	AlertSeverity: 'string',
	AlertCreationTime: 'datetime',
	LastUpdateTime: 'datetime',
	ResolvedTime: 'datetime',
	AttackTactics: 'string',
	AttackTechniques: 'string',
	DetectionMethod: 'string',
	RuleId: 'string',
	ThreatName: 'string',
	ThreatCategory: 'string',
	DvcHostname: 'string',
	DvcDomain: 'string',
	DvcFQDN: 'string',
	DvcId: 'string',
	Username: 'string',
	UserDomain: 'string',
	FileName: 'string',
	FilePath: 'string',
	FileSHA1: 'string',
	FileSHA256: 'string',
	IncidentId: 'long',
	InvestigationId: 'long',
	InvestigationState: 'string',
	Category: 'string',
	Classification: 'string',
	Determination: 'string',
	AssignedTo: 'string',
	RbacGroupName: 'string',
	AadTenantId: 'string',
	MitreTechniques: 'dynamic',
	Evidence: 'dynamic',
	Comments: 'dynamic',
	CustomerTenantId: 'string',
	CustomerTenantLabel: 'string',
};

function verdict(classification: string): string {
	switch (classification.toLowerCase()) {
		case 'truepositive':
			return 'True Positive';
		case 'falsepositive':
			return 'False Positive';
		case 'informationalexpectedactivity':
		case 'informational, expected activity':
			return 'Benign Positive';
		default:
			return 'Unknown';
	}
}

/** One alert as a Logs Ingestion record (send an array of them per call). */
export function formatSentinel(alert: unknown, ctx: FormatContext): IDataObject {
	const a = rec(alert);
	const sev = severityOf(a.severity);
	const evidence = evidenceOf(a);
	const user = userOf(a, evidence);
	const file = fileEvidence(evidence);
	const t = eventTime(a);
	const host = str(a.computerDnsName);
	const dot = host.indexOf('.');
	const status = str(a.status);
	const techniques = techniquesOf(a);
	const r: IDataObject = {
		// Log Analytics keeps 7 digits of datetime precision.
		TimeGenerated: t === null ? isoMs(ctx.options?.now ?? Date.now()) : isoFrac(t, 7),
		EventVendor: VENDOR,
		EventProduct: PRODUCT,
		EventSchema: 'Alert',
		EventSchemaVersion: '0.1',
		EventType: 'Alert',
		EventCount: 1,
		EventSeverity: sev.name === 'UnSpecified' ? 'Informational' : sev.name,
		AlertSeverity: sev.name === 'UnSpecified' ? 'Informational' : sev.name,
		AlertStatus: status.toLowerCase() === 'resolved' ? 'Closed' : 'Active',
		AlertVerdict: verdict(str(a.classification)),
	};
	const set = (col: string, v: string) => {
		if (v !== '') r[col] = v;
	};
	const setTime = (col: string, v: unknown) => {
		const pt = parseTime(v);
		if (pt !== null) r[col] = isoFrac(pt, 7);
	};
	set('EventOriginalSeverity', str(a.severity));
	setTime('EventStartTime', a.firstEventTime);
	setTime('EventEndTime', a.lastEventTime);
	set('EventUid', str(a.id));
	set('EventReportUrl', portalLink(a, ctx));
	set('AlertId', str(a.id));
	set('AlertName', str(a.title));
	set('AlertDescription', str(a.description));
	set('AlertOriginalStatus', status);
	setTime('AlertCreationTime', a.alertCreationTime);
	setTime('LastUpdateTime', a.lastUpdateTime);
	setTime('ResolvedTime', a.resolvedTime);
	// ASIM: a list of ATT&CK tactics. Malware, Ransomware, SuspiciousActivity… are not tactics;
	// the category stays in ThreatCategory and Category.
	set('AttackTactics', attackTacticOf(a.category)?.name ?? '');
	set('AttackTechniques', techniques.join(','));
	set('DetectionMethod', str(a.detectionSource));
	set('RuleId', str(a.detectorId));
	set('ThreatName', str(a.threatName) || str(a.threatFamilyName));
	set('ThreatCategory', categoryOf(a));
	set('DvcHostname', dot > 0 ? host.slice(0, dot) : host);
	if (dot > 0) {
		set('DvcDomain', host.slice(dot + 1));
		set('DvcFQDN', host);
	}
	set('DvcId', str(a.machineId));
	set('Username', user.name);
	set('UserDomain', user.domain);
	if (file !== undefined) {
		set('FileName', str(file.fileName));
		// ASIM's FilePath is the full path, file name included (the API's filePath is the folder).
		set('FilePath', joinPath(str(file.filePath), str(file.fileName)));
		set('FileSHA1', str(file.sha1));
		set('FileSHA256', str(file.sha256));
	}
	const incident = int(a.incidentId);
	if (incident !== null) r.IncidentId = incident;
	const investigation = int(a.investigationId);
	if (investigation !== null) r.InvestigationId = investigation;
	set('InvestigationState', str(a.investigationState));
	set('Category', str(a.category));
	set('Classification', str(a.classification));
	set('Determination', str(a.determination));
	set('AssignedTo', str(a.assignedTo));
	set('RbacGroupName', str(a.rbacGroupName));
	set('AadTenantId', str(a.aadTenantId));
	r.MitreTechniques = techniques;
	r.Evidence = evidence as IDataObject[];
	if (Array.isArray(a.comments)) r.Comments = a.comments as IDataObject[];
	set('CustomerTenantId', tenantOf(a, ctx));
	set('CustomerTenantLabel', str(ctx.tenantLabel));
	return r;
}
