/**
 * The Defender for Endpoint alert entity as the API returns it (alerts.md).
 * Every field the API documents as nullable is typed nullable, and nothing is assumed present:
 * formats and the trigger must accept any alert the API can return, including older payloads.
 */

export type AlertSeverity = 'UnSpecified' | 'Informational' | 'Low' | 'Medium' | 'High';
export type AlertStatus = 'Unknown' | 'New' | 'InProgress' | 'Resolved';
/** Values accepted by PATCH; GET may return `Informational, expected activity` for the second. */
export type AlertClassification =
	| 'TruePositive'
	| 'InformationalExpectedActivity'
	| 'FalsePositive';

export const ALERT_SEVERITIES: readonly AlertSeverity[] = [
	'UnSpecified',
	'Informational',
	'Low',
	'Medium',
	'High',
];
export const ALERT_STATUSES: readonly AlertStatus[] = ['Unknown', 'New', 'InProgress', 'Resolved'];

/** Valid determinations per classification (alerts.md; deprecated `Apt`/`SecurityPersonnel` left out). */
export const DETERMINATIONS_BY_CLASSIFICATION: Readonly<
	Record<AlertClassification, readonly string[]>
> = {
	TruePositive: [
		'MultiStagedAttack',
		'MaliciousUserActivity',
		'CompromisedUser',
		'Malware',
		'Phishing',
		'UnwantedSoftware',
		'Other',
	],
	InformationalExpectedActivity: [
		'SecurityTesting',
		'LineOfBusinessApplication',
		'ConfirmedUserActivity',
		'Other',
	],
	FalsePositive: ['Clean', 'InsufficientData', 'Other'],
};

export interface AlertComment {
	comment?: string | null;
	createdBy?: string | null;
	createdTime?: string | null;
}

export interface AlertRelatedUser {
	userName?: string | null;
	domainName?: string | null;
}

export interface AlertEvidence {
	entityType?: string | null;
	evidenceCreationTime?: string | null;
	sha1?: string | null;
	sha256?: string | null;
	fileName?: string | null;
	filePath?: string | null;
	processId?: number | null;
	processCommandLine?: string | null;
	processCreationTime?: string | null;
	parentProcessId?: number | null;
	parentProcessCreationTime?: string | null;
	parentProcessFileName?: string | null;
	parentProcessFilePath?: string | null;
	ipAddress?: string | null;
	url?: string | null;
	registryKey?: string | null;
	registryHive?: string | null;
	registryValueType?: string | null;
	registryValue?: string | null;
	accountName?: string | null;
	domainName?: string | null;
	userSid?: string | null;
	aadUserId?: string | null;
	userPrincipalName?: string | null;
	detectionStatus?: string | null;
	[extra: string]: unknown;
}

export interface DefenderAlert {
	id: string;
	incidentId?: number | null;
	investigationId?: number | null;
	assignedTo?: string | null;
	severity?: AlertSeverity | string | null;
	status?: AlertStatus | string | null;
	classification?: string | null;
	determination?: string | null;
	investigationState?: string | null;
	detectionSource?: string | null;
	detectorId?: string | null;
	category?: string | null;
	threatFamilyName?: string | null;
	title?: string | null;
	description?: string | null;
	alertCreationTime?: string | null;
	firstEventTime?: string | null;
	lastEventTime?: string | null;
	lastUpdateTime?: string | null;
	resolvedTime?: string | null;
	machineId?: string | null;
	computerDnsName?: string | null;
	rbacGroupName?: string | null;
	aadTenantId?: string | null;
	threatName?: string | null;
	mitreTechniques?: string[] | null;
	relatedUser?: AlertRelatedUser | null;
	comments?: AlertComment[] | null;
	/** An array in every documented payload; a single object in some real ones (see fixtures). */
	evidence?: AlertEvidence[] | AlertEvidence | null;
	[extra: string]: unknown;
}

/** What every item the nodes emit carries next to the alert: whose tenant it came from. */
export interface TenantRef {
	tenantId: string;
	tenantLabel?: string;
}
