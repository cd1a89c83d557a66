/**
 * Machines of one sandbox tenant (facts §1.7). A machine is derived deterministically from the
 * `machineId`/`computerDnsName`/`rbacGroupName` an alert names, so every alert's device exists;
 * the rest (OS, health, risk, IPs) is drawn from the id's hash so lists look real and stay stable.
 */
import { createHash } from 'node:crypto';

import { badRequest, ApiError } from './errors';
import { compileFilter, parseFilter, parseSkip, parseTop } from './odata';
import type { AlertRecord, EntitySchema, FieldDef, FilterNode, Predicate } from './odata';
import { formatApiTime, fromEpochMs, parseApiTime } from './time';

export const HEALTH_STATUSES = [
	'Active',
	'Inactive',
	'ImpairedCommunication',
	'NoSensorData',
	'NoSensorDataImpairedCommunication',
	'Unknown',
] as const;
export const RISK_SCORES = ['None', 'Informational', 'Low', 'Medium', 'High'] as const;
export const EXPOSURE_LEVELS = ['None', 'Low', 'Medium', 'High'] as const;
const OS = [
	['Windows10', 'x64', 19045],
	['Windows11', 'x64', 22631],
	['WindowsServer2019', 'x64', 17763],
	['WindowsServer2022', 'x64', 20348],
	['Linux', 'x64', 0],
	['macOS', 'arm64', 0],
] as const;
const TAGS = ['VIP', 'Finance', 'Servers', 'Kiosk', 'Pilot', 'Executives'];

export interface SandboxMachine {
	id: string;
	computerDnsName: string;
	firstSeen: string;
	lastSeen: string;
	osPlatform: string;
	version: string;
	osProcessor: string;
	osBuild: number | null;
	lastIpAddress: string;
	lastExternalIpAddress: string;
	healthStatus: string;
	onboardingStatus: string;
	rbacGroupId: number | null;
	rbacGroupName: string | null;
	riskScore: string;
	exposureLevel: string;
	isAadJoined: boolean;
	aadDeviceId: string | null;
	machineTags: string[];
	deviceValue: string;
	managedBy: string;
	agentVersion: string;
	defenderAvStatus: string;
	ipAddresses: Array<{
		ipAddress: string;
		macAddress: string;
		operationalStatus: string;
		type: string;
	}>;
	vmMetadata: null;
	[key: string]: unknown;
}

const f = (name: string, kind: FieldDef['kind'], values?: readonly string[]): FieldDef => ({
	name,
	kind,
	values,
});
export const MACHINE_SCHEMA: EntitySchema = {
	entity: 'microsoft.windowsDefenderATP.api.PublicMachine',
	fields: [
		f('id', 'string'),
		f('computerDnsName', 'string'),
		f('version', 'string'),
		f('deviceValue', 'string'),
		f('aadDeviceId', 'string'),
		f('machineTags', 'string'),
		f('lastSeen', 'time'),
		f('exposureLevel', 'enum', EXPOSURE_LEVELS),
		f('onboardingStatus', 'string'),
		f('lastIpAddress', 'string'),
		f('healthStatus', 'string'),
		f('osPlatform', 'string'),
		f('riskScore', 'enum', RISK_SCORES),
		f('rbacGroupId', 'long'),
		f('rbacGroupName', 'string'),
	],
};

function bytesOf(id: string): Buffer {
	return createHash('sha256').update(id).digest();
}

/** A machine for an id (and the alert's name/group when known); `nowMs` anchors lastSeen. */
export function machineFor(
	id: string,
	dns: string | undefined,
	rbac: string | null | undefined,
	nowMs: number,
): SandboxMachine {
	const b = bytesOf(id);
	const [osPlatform, osProcessor, osBuild] = OS[b[0] % OS.length];
	const ip = `10.${b[1]}.${b[2]}.${(b[3] % 250) + 2}`;
	const tags = TAGS.filter((_, i) => (b[4] >> i) & 1 && i < 3);
	const lastSeenMs = nowMs - (b[5] % 48) * 3_600_000 - b[6] * 1000;
	return {
		id,
		computerDnsName: dns ?? `ws${b.readUInt16BE(7)}.contoso.local`,
		firstSeen: formatApiTime(fromEpochMs(lastSeenMs - (30 + b[9]) * 86_400_000)),
		lastSeen: formatApiTime(fromEpochMs(lastSeenMs)),
		osPlatform,
		version: osPlatform.startsWith('Windows10')
			? '22H2'
			: osPlatform.startsWith('Windows11')
				? '23H2'
				: 'Other',
		osProcessor,
		osBuild: osBuild || null,
		lastIpAddress: ip,
		lastExternalIpAddress: `203.0.113.${b[10] % 250}`,
		healthStatus: HEALTH_STATUSES[b[11] % 8 < 6 ? 0 : (b[11] % 3) + 1],
		onboardingStatus: 'Onboarded',
		rbacGroupId: rbac ? 40 + (b[12] % 10) : null,
		rbacGroupName: rbac ?? null,
		riskScore: RISK_SCORES[b[13] % RISK_SCORES.length],
		exposureLevel: EXPOSURE_LEVELS[b[14] % EXPOSURE_LEVELS.length],
		isAadJoined: b[15] % 2 === 0,
		aadDeviceId: b[15] % 2 === 0 ? id.slice(0, 8) + '-0000-4000-8000-' + id.slice(8, 20) : null,
		machineTags: tags,
		deviceValue: b[16] % 5 === 0 ? 'High' : 'Normal',
		managedBy: 'MicrosoftDefenderForEndpoint',
		agentVersion: '10.8760.19045.4046',
		defenderAvStatus: 'Updated',
		ipAddresses: [
			{
				ipAddress: ip,
				macAddress: b.subarray(17, 23).toString('hex').toUpperCase(),
				operationalStatus: 'Up',
				type: 'Ethernet',
			},
		],
		vmMetadata: null,
	};
}

/** `machineTags` is a collection: a comparison on it holds when any tag matches. */
function compileMachineFilter(node: FilterNode): Predicate {
	switch (node.type) {
		case 'and':
		case 'or': {
			const a = compileMachineFilter(node.left);
			const b = compileMachineFilter(node.right);
			return node.type === 'and' ? (r) => a(r) && b(r) : (r) => a(r) || b(r);
		}
		case 'not': {
			const a = compileMachineFilter(node.operand);
			return (r) => !a(r);
		}
		default: {
			const base = compileFilter(node);
			if (node.field.name !== 'machineTags') return base;
			return (r) =>
				(r.alert.machineTags as string[]).some((tag) =>
					base({ ...r, alert: { ...r.alert, machineTags: tag } }),
				);
		}
	}
}

/** `machineTags/any(t: t eq 'x')` (the documented form) becomes `machineTags eq 'x'` for the parser. */
export function normaliseTagLambda(filter: string): string {
	return filter.replace(
		/machineTags\/any\(\s*(\w+)\s*:\s*\1\s+eq\s+('(?:[^']|'')*')\s*\)/gi,
		'machineTags eq $2',
	);
}

export class MachineStore {
	private readonly byId = new Map<string, SandboxMachine>();

	upsert(m: SandboxMachine): void {
		if (!this.byId.has(m.id.toLowerCase())) this.byId.set(m.id.toLowerCase(), m);
	}

	all(): SandboxMachine[] {
		return [...this.byId.values()];
	}

	get(id: string): SandboxMachine {
		const m =
			this.byId.get(id.toLowerCase()) ??
			this.all().find((x) => x.computerDnsName.toLowerCase() === id.toLowerCase());
		if (!m) throw new ApiError(404, 'ResourceNotFound', `Machine ${id} was not found`);
		return m;
	}

	list(q: { $filter?: string; $top?: string; $skip?: string }): SandboxMachine[] {
		let rows = this.all();
		if (q.$filter !== undefined) {
			const pred = compileMachineFilter(parseFilter(normaliseTagLambda(q.$filter), MACHINE_SCHEMA));
			rows = rows.filter((m) => pred(recordOf(m)));
		}
		const skip = parseSkip(q.$skip);
		const top = parseTop(q.$top);
		return rows.slice(skip, skip + top);
	}

	/** Machines seen with an internal IP within 15 minutes of `timestamp` (find-machines-by-ip.md). */
	findByIp(ip: string, timestamp: string, nowMs: number): SandboxMachine[] {
		const t = parseApiTime(timestamp);
		if (!t)
			throw badRequest(
				'InvalidInput',
				`The timestamp '${timestamp}' is not a valid DateTimeOffset.`,
			);
		if (t.ms < nowMs - 30 * 86_400_000)
			throw badRequest('InvalidInput', 'The timestamp must be within the last 30 days.');
		if (!/^[0-9a-f.:]+$/i.test(ip))
			throw badRequest('InvalidIpAddress', `'${ip}' is not a valid IP address.`);
		return this.all().filter(
			(m) => m.lastIpAddress === ip || m.ipAddresses.some((a) => a.ipAddress === ip),
		);
	}
}

function recordOf(m: SandboxMachine): AlertRecord {
	return { alert: m, seq: 0, visibleAt: 0, times: { lastSeen: parseApiTime(m.lastSeen) } };
}
