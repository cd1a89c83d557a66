/**
 * The body of an alert update (PATCH and batchUpdate), validated before it is sent: Defender's
 * body is case-sensitive and accepts a determination only with a fitting classification, and an
 * expression can produce any value, so the combination is checked here with advice.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	DETERMINATIONS_BY_CLASSIFICATION,
	type AlertClassification,
} from '../../shared/alerts/types';
import { InputError } from '../../shared/transport';

export const UPDATE_STATUSES = ['New', 'InProgress', 'Resolved'] as const;
export const CLASSIFICATIONS = Object.keys(
	DETERMINATIONS_BY_CLASSIFICATION,
) as AlertClassification[];

export interface AlertUpdateInput {
	status?: unknown;
	assignedTo?: unknown;
	classification?: unknown;
	determination?: unknown;
	comment?: unknown;
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

/** Accepts any letter case (expressions often lower-case) and returns Defender's spelling. */
function canonical(value: string, allowed: readonly string[], what: string): string {
	const match = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
	if (match === undefined) {
		throw new InputError(`${what} "${value}" is not valid. Use one of: ${allowed.join(', ')}.`);
	}
	return match;
}

/** The PATCH/batchUpdate fields; throws InputError for an invalid value or combination. */
export function buildAlertUpdateBody(input: AlertUpdateInput): IDataObject {
	const body: IDataObject = {};
	const status = text(input.status);
	if (status) body.status = canonical(status, UPDATE_STATUSES, 'Status');
	const assignedTo = text(input.assignedTo);
	if (assignedTo) body.assignedTo = assignedTo;
	const classification = text(input.classification);
	const determination = text(input.determination);
	if (classification) {
		const c = canonical(classification, CLASSIFICATIONS, 'Classification') as AlertClassification;
		body.classification = c;
		if (determination) {
			const allowed = DETERMINATIONS_BY_CLASSIFICATION[c];
			const match = allowed.find((d) => d.toLowerCase() === determination.toLowerCase());
			if (match === undefined) {
				throw new InputError(
					`Determination "${determination}" does not go with classification "${c}". For ${c} use one of: ${allowed.join(', ')}.`,
				);
			}
			body.determination = match;
		}
	} else if (determination) {
		throw new InputError(
			`Determination "${determination}" needs a classification. Set Classification too (${CLASSIFICATIONS.join(', ')}).`,
		);
	}
	const comment = typeof input.comment === 'string' ? input.comment : '';
	if (comment.trim()) body.comment = comment;
	if (Object.keys(body).length === 0) {
		throw new InputError(
			'Nothing to update. Set at least one of Status, Assigned To, Classification or Comment.',
		);
	}
	return body;
}

/** Alert IDs from a comma/space separated string or an array (expressions), without duplicates. */
export function alertIdList(value: unknown): string[] {
	const raw = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(/[\s,;]+/)
			: [];
	const ids = raw.map((v) =>
		typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '',
	);
	return [...new Set(ids.filter((v) => v !== ''))];
}
