/**
 * One indicator submission (the body of POST /api/indicators) from loosely typed input — node
 * fields or a row of a batch import — checked locally so a bad row says what is wrong before any
 * call is made.
 */
import type { IDataObject } from 'n8n-workflow';

import { InputError } from '../../shared/transport';
import { parseExpiration } from './expiration';
import { INDICATOR_TYPES, resolveIndicator } from './indicatorValue';
import type { IndicatorType } from './indicatorValue';

export const INDICATOR_ACTIONS = [
	'Alert',
	'AlertAndBlock',
	'Allowed',
	'Audit',
	'Block',
	'BlockAndRemediate',
	'Warn',
];
export const INDICATOR_SEVERITIES = ['High', 'Informational', 'Low', 'Medium'];
export const MAX_IMPORT_BATCH = 500;

export interface IndicatorInput {
	indicatorValue?: unknown;
	indicatorType?: unknown;
	action?: unknown;
	title?: unknown;
	description?: unknown;
	severity?: unknown;
	recommendedActions?: unknown;
	/** A duration ("30d", "P30D") or a date; Defender's own `expirationTime` is accepted too. */
	expiration?: unknown;
	expirationTime?: unknown;
	rbacGroupNames?: unknown;
	generateAlert?: unknown;
	application?: unknown;
}

function text(v: unknown): string {
	return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
}

function pick(values: string[], v: unknown, name: string, fallback?: string): string {
	const raw = text(v);
	if (!raw && fallback !== undefined) return fallback;
	const hit = values.find((x) => x.toLowerCase() === raw.toLowerCase());
	if (!hit)
		throw new InputError(
			`"${raw.slice(0, 40)}" is not a valid ${name}. Use one of: ${values.join(', ')}.`,
		);
	return hit;
}

/** Throws an InputError with a message meant for the user. */
export function buildIndicatorBody(input: IndicatorInput, nowMs: number): IDataObject {
	const typeText = text(input.indicatorType);
	const override =
		!typeText || typeText.toLowerCase() === 'auto'
			? 'auto'
			: (pick([...INDICATOR_TYPES], typeText, 'indicator type') as IndicatorType);
	const { value, type } = resolveIndicator(text(input.indicatorValue), override);
	const action = pick(INDICATOR_ACTIONS, input.action, 'action', 'Block');
	const generateAlert = input.generateAlert === true || input.generateAlert === 'true';
	if (action === 'Audit' && !generateAlert) {
		throw new InputError(
			'The Audit action needs "Generate Alert" turned on (Defender rejects it otherwise).',
		);
	}
	const body: IDataObject = {
		indicatorValue: value,
		indicatorType: type,
		action,
		title: text(input.title) || `${action} ${type} ${value}`.slice(0, 200),
		description: text(input.description) || `${action} ${value} (submitted by n8n)`,
		severity: pick(INDICATOR_SEVERITIES, input.severity, 'severity', 'Medium'),
		generateAlert,
	};
	const expiration = parseExpiration(text(input.expiration) || text(input.expirationTime), nowMs);
	if (expiration) body.expirationTime = expiration;
	if (text(input.recommendedActions)) body.recommendedActions = text(input.recommendedActions);
	if (text(input.application)) body.application = text(input.application);
	const groups = Array.isArray(input.rbacGroupNames)
		? input.rbacGroupNames.map(text)
		: text(input.rbacGroupNames)
				.split(',')
				.map((g) => g.trim());
	if (groups.some(Boolean)) body.rbacGroupNames = groups.filter(Boolean);
	return body;
}

export function chunk<T>(list: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}
