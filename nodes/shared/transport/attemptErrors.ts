/**
 * The errors that end a request loop (request.ts) once no further attempt is allowed: Defender
 * unreachable, a change whose answer was lost, an unreadable answer, the OAuth2 sign-in failing.
 * Each names the tenant, says what happened and what to do, and goes through `buildApiError`.
 */
import type { NodeApiError } from 'n8n-workflow';

import { adviceForTokenError, adviceForTokenProblem } from './aadsts';
import type { ResolvedEndpoints } from './clouds';
import { buildApiError, echoed } from './errors';
import { tenantName } from './tenant';
import type { ApiErrorInput } from './errors';
import { howToCheck } from './resend';
import type { SignInProblem } from './signIn';
import type { EndpointFamily } from './types';

/** What every loop error carries: where it happened and which secrets to keep out of it. */
export type AttemptContext = Pick<ApiErrorInput, 'node' | 'tenant' | 'itemIndex' | 'secrets'> & {
	endpoints: ResolvedEndpoints;
};

export function unreachableError(
	ctx: AttemptContext,
	attempts: number,
	code: string,
	detail: string,
): NodeApiError {
	return buildApiError({
		...ctx,
		// The socket code stays out of the message: NodeApiError would swap the message for its
		// generic text for that code, losing the tenant.
		message: `Could not reach Defender for tenant ${tenantName(ctx.tenant)} after ${attempts} attempt(s)`,
		description: `The connection to ${ctx.endpoints.apiBaseUrl} failed (${code}: ${echoed(detail, ctx.secrets)}). Check the network path to Microsoft and the credential's cloud and region, then retry.`,
		failure: { cause: 'temporarily-unavailable' },
	});
}

/**
 * A change that may have reached Defender without an answer, not sent again (resend.ts). No
 * failure cause is declared: waiting and retrying, which a timed cause invites, is what must not
 * happen before someone has looked.
 */
export function mayHaveBeenAppliedError(
	ctx: AttemptContext,
	family: EndpointFamily,
	lost: { status: number } | { code: string; message: string },
): NodeApiError {
	const what =
		'status' in lost
			? `failed with HTTP ${lost.status}`
			: `got no answer (${lost.code}${lost.message ? `: ${echoed(lost.message, ctx.secrets)}` : ''})`;
	return buildApiError({
		...ctx,
		...('status' in lost ? { status: lost.status } : {}),
		message: `Defender's answer to a change for tenant ${tenantName(ctx.tenant)} was lost; the change may have been applied`,
		description: `The request ${what}. It was not sent again, because a second copy would repeat the change. ${howToCheck(family)}`,
	});
}

/** A 2xx whose body is not JSON: for a change, Defender accepted it and only the answer is broken. */
export function unreadableAnswerError(
	ctx: AttemptContext,
	status: number,
	change: { family: EndpointFamily } | undefined,
): NodeApiError {
	const who = tenantName(ctx.tenant);
	if (change) {
		return buildApiError({
			...ctx,
			status,
			message: `Defender accepted a change for tenant ${who} but its answer could not be read`,
			description: `Defender answered HTTP ${status}, so the change was most likely applied; it was not sent again. ${howToCheck(change.family)}`,
		});
	}
	return buildApiError({
		...ctx,
		status,
		message: `Defender returned a response that is not JSON for tenant ${who}`,
		description: 'The response was cut off or malformed several times in a row. Retry later.',
		failure: { cause: 'temporarily-unavailable' },
	});
}

/** n8n could not sign the OAuth2 request in: the refresh was refused, or never possible. */
export function signInError(ctx: AttemptContext, problem: SignInProblem): NodeApiError {
	const who = tenantName(ctx.tenant);
	if (problem.reason === 'unreachable') {
		return buildApiError({
			...ctx,
			message: `Could not renew the OAuth2 sign-in for tenant ${who}`,
			description: `The connection to ${ctx.endpoints.loginBaseUrl} failed (${echoed(problem.code, ctx.secrets)}) while n8n renewed the expired access token. Check the network path to Microsoft sign-in and the credential's cloud, then retry.`,
			failure: { cause: 'temporarily-unavailable' },
		});
	}
	if (problem.reason === 'notConnected') {
		return buildApiError({
			...ctx,
			message: `The OAuth2 credential for tenant ${who} is not connected`,
			description:
				'Open the credential and click "Connect my account" to sign in to the customer tenant.',
			failure: { cause: 'credential-invalid' },
		});
	}
	// n8n's own "needs to be reconnected" carries no body: Entra ID said invalid_grant.
	const advice =
		problem.body !== undefined ? adviceForTokenError(problem.body, who, problem.status) : undefined;
	const sentence =
		advice && advice.problem !== 'unknown'
			? advice.advice
			: adviceForTokenProblem('reconnect', who);
	return buildApiError({
		...ctx,
		status: problem.status,
		code: advice?.code !== undefined ? `AADSTS${advice.code}` : advice?.error,
		message: `The OAuth2 sign-in for tenant ${who} could not be renewed`,
		description: advice?.transient
			? `n8n could not renew the expired access token. ${sentence}`
			: `Microsoft Entra ID refused to renew the expired access token. ${sentence}`,
		failure: advice?.transient
			? { cause: 'temporarily-unavailable' }
			: { cause: 'credential-invalid' },
	});
}
