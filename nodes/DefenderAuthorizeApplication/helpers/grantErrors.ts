/**
 * Token-endpoint errors of the authorization-code redemption, in the words of that step: the
 * shared AADSTS map speaks about credentials ("reconnect"), here the fix is a new sign-in.
 */
import { adviceForTokenError } from '../../shared/transport';

const SIGN_IN_AGAIN =
	'Open the delegated sign-in link again (Create Consent Link → signInUrl) and redeem the new code right away.';

const BY_CODE: Record<number, string> = {
	54005: `This authorization code was already redeemed; a code works only once. ${SIGN_IN_AGAIN}`,
	70008: `The authorization code has expired (codes last about 10 minutes). ${SIGN_IN_AGAIN}`,
	70000: `The code is not valid for this app and tenant (wrong tenant, another app's code, or a mistyped code). Check the Customer Tenant and credential, then ${SIGN_IN_AGAIN.charAt(0).toLowerCase()}${SIGN_IN_AGAIN.slice(1)}`,
	500112:
		"The Redirect URI differs from the one used for the sign-in. Enter exactly the redirect URI of the sign-in link (the Webhook node's URL).",
	50148:
		'The sign-in used PKCE: fill in the PKCE Code Verifier that belongs to its code_challenge.',
	501481:
		"The PKCE Code Verifier does not match the sign-in's code_challenge. Use the verifier generated together with that challenge.",
};

export interface GrantAdvice {
	code?: string;
	advice: string;
	credentialProblem: boolean;
}

export function adviceForGrantError(body: unknown, tenant: string, status: number): GrantAdvice {
	const general = adviceForTokenError(body, tenant, status);
	const code = general.code !== undefined ? `AADSTS${general.code}` : general.error;
	const specific = general.code !== undefined ? BY_CODE[general.code] : undefined;
	return {
		...(code ? { code } : {}),
		advice: specific ?? general.advice.replace(/^AADSTS\d+: /, ''),
		credentialProblem: general.problem === 'wrongSecret' || general.problem === 'expiredSecret',
	};
}
