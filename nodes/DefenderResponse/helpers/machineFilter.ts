/**
 * Get Many machines' filters → `$filter`, on fields that GET /api/machines accepts in a filter.
 * Values are quoted by the shared OData helpers, enums are checked, and field names are fixed here,
 * so input cannot change the query.
 */
import { formatDateTimeOffset, quoteString } from '../../shared/alerts/odataFilter';
import { InputError } from '../../shared/transport';

export interface MachineFilters {
	computerDnsName?: string;
	healthStatus?: string[];
	riskScore?: string[];
	exposureLevel?: string[];
	osPlatform?: string;
	rbacGroupName?: string;
	machineTag?: string;
	lastSeenAfter?: string;
}

export const HEALTH_STATUSES = [
	'Active',
	'ImpairedCommunication',
	'Inactive',
	'NoSensorData',
	'NoSensorDataImpairedCommunication',
	'Unknown',
];
export const RISK_SCORES = ['High', 'Informational', 'Low', 'Medium', 'None'];
export const EXPOSURE_LEVELS = ['High', 'Low', 'Medium', 'None'];

function anyOf(field: string, values: string[] | undefined, allowed: string[]): string | undefined {
	if (!values?.length) return undefined;
	const bad = values.find((v) => !allowed.includes(v));
	if (bad !== undefined)
		throw new InputError(`"${bad}" is not a valid ${field}. Use one of: ${allowed.join(', ')}.`);
	const parts = values.map((v) => `${field} eq ${quoteString(v)}`);
	return parts.length === 1 ? parts[0] : `(${parts.join(' or ')})`;
}

/** Undefined when no filter is set; throws an Error naming the value to fix. */
export function buildMachineFilter(f: MachineFilters): string | undefined {
	const parts: Array<string | undefined> = [
		f.computerDnsName?.trim()
			? `computerDnsName eq ${quoteString(f.computerDnsName.trim())}`
			: undefined,
		anyOf('healthStatus', f.healthStatus, HEALTH_STATUSES),
		anyOf('riskScore', f.riskScore, RISK_SCORES),
		anyOf('exposureLevel', f.exposureLevel, EXPOSURE_LEVELS),
		f.osPlatform?.trim() ? `osPlatform eq ${quoteString(f.osPlatform.trim())}` : undefined,
		f.rbacGroupName?.trim() ? `rbacGroupName eq ${quoteString(f.rbacGroupName.trim())}` : undefined,
		f.machineTag?.trim()
			? `machineTags/any(tag: tag eq ${quoteString(f.machineTag.trim())})`
			: undefined,
		f.lastSeenAfter?.trim()
			? `lastSeen gt ${formatDateTimeOffset(f.lastSeenAfter.trim())}`
			: undefined,
	];
	const set = parts.filter((p): p is string => p !== undefined);
	return set.length ? set.join(' and ') : undefined;
}
