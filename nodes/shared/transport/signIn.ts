/**
 * The OAuth2 credential's sign-in failing inside n8n's request path. n8n-core signs each request
 * with the stored token and, on a 401, refreshes it and sends the request once more
 * (request-helpers/oauth.js). When that refresh fails, n8n throws the refresh's error out of
 * `httpRequestWithAuthentication` as if the API request had failed:
 * - n8n's own "The credential … needs to be reconnected." (Entra ID answered `invalid_grant`),
 *   declared with `failure.cause` `credential-invalid`;
 * - client-oauth2's `AuthError` (code `EAUTH`) with the token endpoint's error body, e.g.
 *   `invalid_client` for a wrong or expired client secret;
 * - client-oauth2's `ResponseError` (code `ESTATUS`) for a token-endpoint status without an OAuth
 *   error body;
 * - "OAuth credentials not connected" when no token was ever stored;
 * - an HTTP client error for the token endpoint's URL (unreachable, or a 5xx), not for ours.
 * They are told apart from the API request's own failures here, so the user reads that the
 * sign-in must be renewed (or could not be), not that Defender is unreachable.
 */

/** What went wrong with the sign-in; only plain data, never the thrown error itself. */
export type SignInProblem =
	| { reason: 'refused'; body?: unknown; status?: number }
	| { reason: 'notConnected' }
	| { reason: 'unreachable'; code: string };

function pathOf(url: unknown): string | undefined {
	if (typeof url !== 'string') return undefined;
	try {
		return new URL(url).pathname;
	} catch {
		return undefined;
	}
}

/**
 * The sign-in problem behind an error n8n threw for the OAuth2 request to `sentUrl`, or undefined
 * when the error is the API request's own. `chain` is the error and its causes, outermost first.
 */
export function signInProblemOf(
	chain: ReadonlyArray<Record<string, unknown>>,
	sentUrl: string,
): SignInProblem | undefined {
	const sentPath = pathOf(sentUrl);
	for (const error of chain) {
		const failure = error.failure as { cause?: unknown } | undefined;
		if (failure?.cause === 'credential-invalid') return { reason: 'refused' };
		if (error.code === 'EAUTH') return { reason: 'refused', body: error.body };
		if (error.code === 'ESTATUS' && typeof error.status === 'number') {
			return { reason: 'refused', body: error.body, status: error.status };
		}
		if (/OAuth credentials not connected/i.test(String(error.message ?? ''))) {
			return { reason: 'notConnected' };
		}
		const config = error.config as { url?: unknown } | undefined;
		const failedPath = pathOf(config?.url);
		if (failedPath !== undefined && sentPath !== undefined && failedPath !== sentPath) {
			const response = error.response as { status?: unknown; data?: unknown } | undefined;
			if (response && typeof response.status === 'number') {
				return { reason: 'refused', body: response.data, status: response.status };
			}
			return { reason: 'unreachable', code: String(error.code ?? 'UNKNOWN') };
		}
	}
	return undefined;
}
