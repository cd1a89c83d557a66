/**
 * Custom indicators of one tenant (facts §1.8): submit-or-update keyed by (type, value), list with
 * `$filter`, delete, import of at most 500 with a result per row, and the 15,000 active-indicator
 * cap. Values are checked the way the service reports them (InvalidHashValue, InvalidIpAddress, …).
 */
import { isIP } from 'node:net';

import { ApiError, badRequest } from './errors';
import { compileFilter, parseFilter, parseSkip, parseTop } from './odata';
import type { EntitySchema, FieldDef } from './odata';
import { formatApiTime, fromEpochMs, parseApiTime } from './time';

export const INDICATOR_TYPES = [
	'FileSha1',
	'FileMd5',
	'CertificateThumbprint',
	'FileSha256',
	'IpAddress',
	'DomainName',
	'Url',
] as const;
export const INDICATOR_ACTIONS = [
	'Alert',
	'Warn',
	'Block',
	'Audit',
	'BlockAndRemediate',
	'AlertAndBlock',
	'Allowed',
] as const;
export const INDICATOR_SEVERITIES = ['Informational', 'Low', 'Medium', 'High'] as const;
export const MAX_ACTIVE_INDICATORS = 15_000;
export const MAX_IMPORT = 500;

const f = (name: string, kind: FieldDef['kind']): FieldDef => ({ name, kind });
export const INDICATOR_SCHEMA: EntitySchema = {
	entity: 'microsoft.windowsDefenderATP.api.Indicator',
	fields: [
		f('application', 'string'),
		f('createdByDisplayName', 'string'),
		f('expirationTime', 'time'),
		f('title', 'string'),
		f('indicatorValue', 'string'),
		f('indicatorType', 'string'),
		f('creationTimeDateTimeUtc', 'time'),
		f('createdBy', 'string'),
		f('action', 'string'),
		f('severity', 'string'),
		f('id', 'string'),
	],
};

export type Indicator = Record<string, unknown> & {
	id: string;
	indicatorValue: string;
	indicatorType: string;
};

const HEX: Record<string, number> = {
	FileSha1: 40,
	CertificateThumbprint: 40,
	FileMd5: 32,
	FileSha256: 64,
};

function oneOf<T extends string>(values: readonly T[], v: unknown, name: string): T {
	const hit = values.find((x) => typeof v === 'string' && x.toLowerCase() === v.toLowerCase());
	if (!hit)
		throw badRequest(
			'InvalidInput',
			`'${String(v)}' is not a valid ${name}. Valid values: ${values.join(', ')}.`,
		);
	return hit;
}

/** Checks one submission; returns the normalised fields or throws the service's 400. */
export function validateIndicator(
	body: Record<string, unknown>,
	now: number,
): Record<string, unknown> {
	const value = body.indicatorValue;
	if (typeof value !== 'string' || !value.trim())
		throw badRequest('MissingRequiredParameter', "The 'indicatorValue' parameter is required.");
	const type = oneOf(INDICATOR_TYPES, body.indicatorType, 'indicatorType');
	const action = oneOf(INDICATOR_ACTIONS, body.action, 'action');
	for (const k of ['title', 'description']) {
		if (typeof body[k] !== 'string' || !(body[k] as string).trim())
			throw badRequest('MissingRequiredParameter', `The '${k}' parameter is required.`);
	}
	if (action === 'Audit' && body.generateAlert !== true)
		throw badRequest('InvalidInput', "Action 'Audit' requires generateAlert=true.");
	const v = value.trim();
	if (HEX[type] && !new RegExp(`^[0-9a-fA-F]{${HEX[type]}}$`).test(v))
		throw badRequest('InvalidHashValue', `'${v}' is not a valid ${type} value.`);
	if (type === 'IpAddress' && !isIP(v)) {
		throw badRequest(
			'InvalidIpAddress',
			v.includes('/')
				? `'${v}' is a range; CIDR notation is not supported.`
				: `'${v}' is not a valid IP address.`,
		);
	}
	if (
		type === 'DomainName' &&
		!/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(v)
	) {
		throw badRequest('InvalidDomainName', `'${v}' is not a valid domain name.`);
	}
	if (type === 'Url' && !/^https?:\/\/[^\s/$.?#][^\s]*$/i.test(v))
		throw badRequest('InvalidUrl', `'${v}' is not a valid URL.`);
	const severity =
		body.severity === undefined || body.severity === null
			? 'Informational'
			: oneOf(INDICATOR_SEVERITIES, body.severity, 'severity');
	let expirationTime: string | null = null;
	if (body.expirationTime !== undefined && body.expirationTime !== null) {
		const t = parseApiTime(String(body.expirationTime));
		if (!t)
			throw badRequest(
				'InvalidInput',
				`'${String(body.expirationTime)}' is not a valid expirationTime.`,
			);
		if (t.ms <= now) throw badRequest('InvalidInput', 'expirationTime must be in the future.');
		expirationTime = formatApiTime(t);
	}
	return {
		indicatorValue: HEX[type] ? v.toLowerCase() : v,
		indicatorType: type,
		action,
		severity,
		expirationTime,
		title: body.title,
		description: body.description,
		recommendedActions: body.recommendedActions ?? null,
		rbacGroupNames: Array.isArray(body.rbacGroupNames) ? body.rbacGroupNames.map(String) : [],
		generateAlert: body.generateAlert === true,
		application: body.application ?? null,
		educateUrl: body.educateUrl ?? null,
	};
}

export class IndicatorStore {
	private readonly byKey = new Map<string, Indicator>();
	private nextId = 1;
	cap = MAX_ACTIVE_INDICATORS;

	private key(type: string, value: string): string {
		return `${type}|${value.toLowerCase()}`;
	}

	active(now: number): number {
		let n = 0;
		for (const i of this.byKey.values())
			if (!i.expirationTime || (parseApiTime(String(i.expirationTime))?.ms ?? 0) > now) n++;
		return n;
	}

	/** Create or update by (type, value); `created` says which. */
	submit(body: unknown, actor: string, now: number): { indicator: Indicator; created: boolean } {
		if (!body || typeof body !== 'object' || Array.isArray(body))
			throw badRequest('InvalidRequestBody', 'The request body must be an indicator object.');
		const fields = validateIndicator(body as Record<string, unknown>, now);
		const key = this.key(String(fields.indicatorType), String(fields.indicatorValue));
		const existing = this.byKey.get(key);
		const stamp = formatApiTime(fromEpochMs(now));
		if (existing) {
			const { application: _ignored, ...rest } = fields; // application is set on creation only
			Object.assign(existing, rest, { lastUpdateTime: stamp, lastUpdatedBy: actor });
			return { indicator: existing, created: false };
		}
		if (this.active(now) >= this.cap) {
			throw badRequest(
				'InvalidInput',
				`The tenant has reached the limit of ${this.cap} active indicators. Delete or let some expire first.`,
			);
		}
		const indicator = {
			id: String(this.nextId++),
			...fields,
			indicatorValue: String(fields.indicatorValue),
			indicatorType: String(fields.indicatorType),
			sourceType: 'AadApp',
			createdBySource: 'PublicApi',
			createdBy: actor,
			createdByDisplayName: actor,
			lastUpdatedBy: actor,
			creationTimeDateTimeUtc: stamp,
			lastUpdateTime: stamp,
			rbacGroupIds: [],
			mitreTechniques: [],
			category: 1,
			version: null,
		} as Indicator;
		this.byKey.set(key, indicator);
		return { indicator, created: true };
	}

	import(
		body: unknown,
		actor: string,
		now: number,
	): Array<{
		id: string | null;
		indicator: string;
		isFailed: boolean;
		failureReason: string | null;
	}> {
		const list = (body as { Indicators?: unknown } | undefined)?.Indicators;
		if (!Array.isArray(list))
			throw badRequest('MissingRequiredParameter', "The 'Indicators' parameter is required.");
		if (list.length > MAX_IMPORT)
			throw badRequest(
				'MaximumBatchSizeExceeded',
				`At most ${MAX_IMPORT} indicators can be imported per call; got ${list.length}.`,
			);
		return list.map((row) => {
			const indicator = String((row as { indicatorValue?: unknown } | null)?.indicatorValue ?? '');
			try {
				return {
					id: this.submit(row, actor, now).indicator.id,
					indicator,
					isFailed: false,
					failureReason: null,
				};
			} catch (e) {
				return { id: null, indicator, isFailed: true, failureReason: (e as Error).message };
			}
		});
	}

	list(q: { $filter?: string; $top?: string; $skip?: string }): Indicator[] {
		let rows = [...this.byKey.values()];
		if (q.$filter !== undefined) {
			const pred = compileFilter(parseFilter(q.$filter, INDICATOR_SCHEMA));
			rows = rows.filter((r) =>
				pred({
					alert: r,
					seq: 0,
					visibleAt: 0,
					times: {
						expirationTime: r.expirationTime ? parseApiTime(String(r.expirationTime)) : null,
						creationTimeDateTimeUtc: parseApiTime(String(r.creationTimeDateTimeUtc)),
					},
				}),
			);
		}
		const skip = parseSkip(q.$skip);
		return rows.slice(skip, skip + parseTop(q.$top));
	}

	delete(id: string): void {
		for (const [k, v] of this.byKey) {
			if (v.id === id) {
				this.byKey.delete(k);
				return;
			}
		}
		throw new ApiError(404, 'ResourceNotFound', `Indicator ${id} was not found`);
	}
}
