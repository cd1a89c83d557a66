/**
 * Which Defender requests may be sent again after an attempt whose outcome is unknown (a timeout,
 * a reset, a 500/502/504, an unreadable 2xx), and what to tell the user when one may not. A second
 * copy of a comment, a machine action or any other change that adds rather than sets is worse than
 * an error saying the change may have been applied.
 */
import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import type { DefenderRequest, EndpointFamily } from './types';

/** Methods that mean the same thing sent once or twice (RFC 9110 §9.2.2). */
const IDEMPOTENT_METHODS: ReadonlySet<IHttpRequestMethods> = new Set<IHttpRequestMethods>([
	'GET',
	'HEAD',
	'PUT',
	'DELETE',
]);

function hasComment(body: DefenderRequest['body']): boolean {
	const comment = body && !Array.isArray(body) ? (body as IDataObject).comment : undefined;
	return typeof comment === 'string' ? comment.trim() !== '' : comment !== undefined;
}

/**
 * True when sending `request` twice leaves Defender as sending it once. Besides the idempotent
 * methods: an alert update (PATCH or batchUpdate) without a comment only sets fields, while its
 * comment is appended to the alert's comments each time; an indicator submit and an import are
 * "submit or update" keyed by type and value, so a repeat updates the same indicator; an advanced
 * hunting query only reads. Machine actions and any other POST/PATCH start or add something.
 */
export function isSafeToResend(
	request: Pick<DefenderRequest, 'method' | 'body' | 'idempotent'>,
	family: EndpointFamily,
): boolean {
	if (request.idempotent !== undefined) return request.idempotent;
	if (IDEMPOTENT_METHODS.has(request.method)) return true;
	switch (family) {
		case 'alerts':
		case 'alertsBatchUpdate':
			return !hasComment(request.body);
		case 'indicators':
		case 'indicatorsImport':
		case 'advancedHunting':
			return true;
		default:
			return false;
	}
}

/** How to see whether a change whose answer was lost was made, before running it again. */
export function howToCheck(family: EndpointFamily): string {
	switch (family) {
		case 'alerts':
		case 'alertsBatchUpdate':
			return 'Open the alert in the Defender portal (or Get it with this node) and look at its comments before running again: running again adds the comment a second time.';
		case 'machineActions':
			return "Look for the action in the Defender portal's Action center (or list the device's machine actions) before running again: running again starts a second action.";
		default:
			return 'Check in the Defender portal whether the change was made before running again.';
	}
}

/**
 * True when a 404 answers a DELETE sent again after an attempt whose answer was lost (a timeout, a
 * reset, a 500/502/504): that attempt most likely deleted the target, and a repeated DELETE has
 * the same effect but not the same status (RFC 9110 §9.2.2). Had the target never existed, the
 * lost answer was this 404 too; either way what was asked, the target gone, holds, so the delete
 * is a success rather than "nothing with this ID exists".
 */
export function isDeletedByLostAttempt(
	method: IHttpRequestMethods,
	status: number,
	answerLost: boolean,
): boolean {
	return method === 'DELETE' && status === 404 && answerLost;
}
