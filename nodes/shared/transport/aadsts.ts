/**
 * Token-endpoint errors → plain advice, keyed on Entra ID's AADSTS numbers. Microsoft says to
 * react to `error` and `error_codes`, never to parse `error_description`, and the description can
 * echo request values, so only the numeric code and our own sentence are ever shown.
 */

export type TokenProblem =
	| 'notConsented'
	| 'consentDeclined'
	| 'noDefenderLicence'
	| 'appMissingPermission'
	| 'wrongSecret'
	| 'expiredSecret'
	| 'wrongTenant'
	| 'nationalCloud'
	| 'reconnect'
	| 'conditionalAccess'
	| 'throttled'
	| 'unavailable'
	| 'unknown';

export interface TokenErrorAdvice {
	problem: TokenProblem;
	/** AADSTS number when the body had one. */
	code?: number;
	/** OAuth error class (`invalid_client`, …). */
	error?: string;
	/** One sentence: what is wrong and what to do. */
	advice: string;
	/** True when a later retry can succeed without anyone acting. */
	transient: boolean;
}

const PROBLEM_BY_CODE: Record<number, TokenProblem> = {
	65001: 'notConsented',
	90094: 'notConsented',
	90099: 'notConsented',
	700016: 'notConsented',
	700011: 'notConsented',
	65004: 'consentDeclined',
	500011: 'noDefenderLicence',
	650052: 'noDefenderLicence',
	650056: 'appMissingPermission',
	650057: 'appMissingPermission',
	7000215: 'wrongSecret',
	70002: 'wrongSecret',
	7000222: 'expiredSecret',
	90002: 'wrongTenant',
	900023: 'wrongTenant',
	90038: 'nationalCloud',
	70008: 'reconnect',
	700082: 'reconnect',
	70043: 'reconnect',
	54005: 'reconnect',
	53003: 'conditionalAccess',
	50196: 'throttled',
	90055: 'throttled',
};

/** The one sentence (what is wrong, what to do) for a token problem in `tenant`. */
export function adviceForTokenProblem(problem: TokenProblem, tenant: string): string {
	switch (problem) {
		case 'notConsented':
			return `The app is not consented in tenant ${tenant} (or the tenant ID is wrong). Send the customer's admin the consent link (Defender Authorize Application → Create Consent Link) and try again after they accept.`;
		case 'consentDeclined':
			return `The administrator of tenant ${tenant} declined the consent. Ask them to accept the consent link again.`;
		case 'noDefenderLicence':
			return `Tenant ${tenant} has no Microsoft Defender for Endpoint licence or is not onboarded (its WindowsDefenderATP service principal is missing). Ask the customer to activate Defender for Endpoint, then retry.`;
		case 'appMissingPermission':
			return 'The app registration does not request the WindowsDefenderATP permission it needs. Add the permission (e.g. Alert.Read.All) in Entra ID → App registrations → API permissions, then ask each customer to consent again.';
		case 'wrongSecret':
			return "The client secret is wrong. Paste the secret's Value (not its Secret ID) from Entra ID → App registrations → Certificates & secrets into the credential.";
		case 'expiredSecret':
			return 'The client secret has expired. Create a new secret in Entra ID → App registrations → Certificates & secrets and paste its Value into the credential.';
		case 'wrongTenant':
			return `Tenant ${tenant} was not found. Check the tenant ID or domain and the Microsoft cloud selected on the credential.`;
		case 'nationalCloud':
			return `Tenant ${tenant} lives in a national cloud. Select its Microsoft cloud (e.g. US GCC High) on the credential.`;
		case 'reconnect':
			return 'The sign-in has expired or was revoked. Open the credential and click "Connect my account" (Reconnect) to sign in again.';
		case 'conditionalAccess':
			return `A Conditional Access policy in tenant ${tenant} blocks this sign-in. Ask the customer's admin to exclude the MSSP app or allow the sign-in.`;
		case 'throttled':
			return 'Microsoft Entra ID is throttling token requests. Wait a minute and retry; tokens are cached, so this should be rare.';
		case 'unavailable':
			return 'Microsoft Entra ID is temporarily unavailable. Retry in a few minutes.';
		default:
			return `Microsoft Entra ID refused the token request for tenant ${tenant}. Check the client ID, client secret, tenant and cloud on the credential.`;
	}
}

function firstCode(body: Record<string, unknown>): number | undefined {
	const codes = body.error_codes;
	if (Array.isArray(codes) && typeof codes[0] === 'number') return codes[0];
	const description = typeof body.error_description === 'string' ? body.error_description : '';
	const match = /AADSTS(\d{4,9})/.exec(description);
	return match ? Number(match[1]) : undefined;
}

/** Maps a token-endpoint error body (parsed JSON, or anything) to advice for `tenant`. */
export function adviceForTokenError(
	body: unknown,
	tenant: string,
	status?: number,
): TokenErrorAdvice {
	const record = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
	const code = firstCode(record);
	const error = typeof record.error === 'string' ? record.error : undefined;
	let problem: TokenProblem = code !== undefined ? (PROBLEM_BY_CODE[code] ?? 'unknown') : 'unknown';
	if (problem === 'unknown') {
		if (error === 'temporarily_unavailable' || (status !== undefined && status >= 500)) {
			problem = 'unavailable';
		} else if (error === 'invalid_client') {
			problem = 'wrongSecret';
		} else if (error === 'invalid_grant') {
			problem = 'reconnect';
		} else if (error === 'invalid_resource') {
			problem = 'noDefenderLicence';
		} else if (status === 429) {
			problem = 'throttled';
		}
	}
	const transient = problem === 'throttled' || problem === 'unavailable';
	const prefix = code !== undefined ? `AADSTS${code}: ` : '';
	return {
		problem,
		code,
		error,
		transient,
		advice: prefix + adviceForTokenProblem(problem, tenant),
	};
}
