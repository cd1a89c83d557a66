/**
 * The alert entity's enumerations as Microsoft documents them (learn.microsoft.com, Defender for
 * Endpoint API, "Alert resource type", alerts.md: severity, status, classification and the
 * determinations valid for each). The sandbox keeps its own copy so that it never answers from the
 * product's beliefs: a value the product gets wrong must be refused here, not agreed with.
 * `Apt` and `SecurityPersonnel` are left out: the doc marks them deprecated since August 2022.
 */
import type {
	AlertClassification,
	AlertSeverity,
	AlertStatus,
} from '../../../nodes/shared/alerts/types';

export const SEVERITIES: readonly AlertSeverity[] = [
	'UnSpecified',
	'Informational',
	'Low',
	'Medium',
	'High',
];

export const STATUSES: readonly AlertStatus[] = ['Unknown', 'New', 'InProgress', 'Resolved'];

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
