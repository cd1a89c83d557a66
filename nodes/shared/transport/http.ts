/**
 * One HTTP exchange through n8n's `httpRequestWithAuthentication`, normalised to either a response
 * (status, headers, body) or a network failure code, which says when n8n could not sign an OAuth2
 * request in (signIn.ts). Nothing of the HTTP client's error object leaves this file: its
 * request config holds the Authorization header.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { signInProblemOf } from './signIn';
import type { SignInProblem } from './signIn';
import type { DefenderAuthentication, DefenderFunctions } from './types';

/** Partner recognition header (get-started-partner-integration.md); kept equal to package.json by a test. */
export const PACKAGE_VERSION = '0.1.0';
export const USER_AGENT = `MdePartner-DefenderMSSP-N8nNodesDefenderMssp/${PACKAGE_VERSION}`;

export type Exchange =
	| { kind: 'response'; status: number; headers: Record<string, unknown>; body: unknown }
	| {
			kind: 'network';
			code: string;
			message: string;
			/** Set when n8n could not sign the OAuth2 request in (signIn.ts): Defender was not asked. */
			signIn?: SignInProblem;
	  };

export interface ExchangeOptions {
	method: IHttpRequestMethods;
	url: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	headers?: Record<string, string>;
	form?: boolean;
	timeoutMs: number;
	/** Decrypted credential to use instead of loading it again (skips preAuthentication). */
	credentials?: ICredentialDataDecryptedObject;
}

interface FullResponse {
	statusCode: number;
	headers?: Record<string, unknown>;
	body?: unknown;
}

function lowerKeys(headers: unknown): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	if (headers && typeof headers === 'object') {
		for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
			out[key.toLowerCase()] = value;
		}
	}
	return out;
}

/** The error and its causes, outermost first (n8n and the HTTP client wrap a few levels deep). */
function causeChain(error: unknown): Array<Record<string, unknown>> {
	const chain: Array<Record<string, unknown>> = [];
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		chain.push(current as Record<string, unknown>);
		current = (current as { cause?: unknown }).cause;
	}
	return chain;
}

/** Reads status/headers/body or a socket code out of whatever n8n threw, without keeping it. */
function fromThrown(candidates: ReadonlyArray<Record<string, unknown>>): Exchange {
	for (const candidate of candidates) {
		const response = candidate.response as Record<string, unknown> | undefined;
		if (response && typeof response.status === 'number') {
			return {
				kind: 'response',
				status: response.status,
				headers: lowerKeys(response.headers),
				body: response.data,
			};
		}
	}
	for (const candidate of candidates) {
		if (typeof candidate.code === 'string' && /^[A-Z_]+$/.test(candidate.code)) {
			return { kind: 'network', code: candidate.code, message: String(candidate.message ?? '') };
		}
	}
	const first = candidates[0] ?? {};
	const httpCode = Number(first.httpCode);
	if (Number.isInteger(httpCode) && httpCode >= 100) {
		return { kind: 'response', status: httpCode, headers: {}, body: undefined };
	}
	const message = String(first.message ?? 'unknown error');
	const timedOut = /timeout|timed out/i.test(message);
	return { kind: 'network', code: timedOut ? 'ETIMEDOUT' : 'UNKNOWN', message };
}

/**
 * Sends one request. The app credential ignores HTTP status errors (we read the status ourselves);
 * OAuth2 lets n8n see the 401 so that it refreshes and persists the token before we look.
 */
export async function exchange(
	ctx: DefenderFunctions,
	authentication: DefenderAuthentication,
	options: ExchangeOptions,
): Promise<Exchange> {
	const request: IHttpRequestOptions = {
		method: options.method,
		url: options.url,
		headers: {
			'User-Agent': USER_AGENT,
			...(options.form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
			...options.headers,
		},
		json: true,
		returnFullResponse: true,
		timeout: options.timeoutMs,
		ignoreHttpStatusErrors: authentication === 'defenderMsspAppApi',
		...(options.qs && Object.keys(options.qs).length > 0 ? { qs: options.qs } : {}),
		...(options.body !== undefined ? { body: options.body } : {}),
	};
	const extra = options.credentials
		? {
				credentialsDecrypted: {
					id: '',
					name: authentication,
					type: authentication,
					// A non-empty test marker keeps n8n from re-running the credential test
					// (preAuthentication) on every request; the transport handles tokens itself.
					data: {
						...options.credentials,
						tenantCheck: options.credentials.tenantCheck || 'runtime',
					},
				},
			}
		: undefined;
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			authentication,
			request,
			extra,
		)) as FullResponse;
		return {
			kind: 'response',
			status: response.statusCode,
			headers: lowerKeys(response.headers),
			body: response.body,
		};
	} catch (error) {
		const chain = causeChain(error);
		// Only n8n's OAuth2 path makes requests of its own (the token refresh) inside this call.
		const signIn =
			authentication === 'defenderMsspOAuth2Api' ? signInProblemOf(chain, options.url) : undefined;
		if (signIn) return { kind: 'network', code: 'OAUTH2_SIGN_IN', message: '', signIn };
		return fromThrown(chain);
	}
}
