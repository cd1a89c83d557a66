/**
 * Whether a redirect's "consented" is true, decided by Entra ID instead of the redirect. The
 * query (`admin_consent=True`, or a `code`) is unsigned: whoever holds a consent link can call the
 * redirect URL with it, and the signed state only proves which link is being answered. What
 * consent makes possible, and only Entra ID can hand out, is an app token for that tenant, so a
 * fresh client-credentials token is the proof. Without it the outcome is `pendingVerification`:
 * right after a genuine consent Entra ID can still be replicating it (AADSTS700016 for a while),
 * so an unconfirmed consent is neither reported as granted nor as refused.
 */
import { adviceForTokenError, grantedRoles, tokenFailureChecks } from '../../shared/transport';
import type { AccessContext } from '../../shared/transport';
import type { ConsentOutcome } from './consentOutcome';
import type { FreshAppToken } from './freshAppToken';

/** Said with every outcome that leaves the link usable (refused, pending verification). */
export function linkStillUsable(stateExpiresAt: string): string {
	return `The consent link already sent still works until ${stateExpiresAt}; sending it again does as well as a new one.`;
}

export function confirmConsent(
	claimed: ConsentOutcome,
	ctx: AccessContext,
	token: FreshAppToken,
	stateExpiresAt: string,
): ConsentOutcome {
	if (token.accessToken !== undefined) {
		return { ...claimed, outcome: 'consented', permissions: grantedRoles(token.accessToken) };
	}
	const [tokenCheck] = tokenFailureChecks(ctx, token.answer);
	const advice =
		token.answer.kind === 'response'
			? adviceForTokenError(token.answer.body, ctx.who, token.answer.status)
			: undefined;
	const code = advice?.code !== undefined ? `AADSTS${advice.code}` : undefined;
	const notYetInTenant = advice?.problem === 'notConsented';
	return {
		outcome: 'pendingVerification',
		flow: claimed.flow,
		...(claimed.scope ? { scope: claimed.scope } : {}),
		...(code ? { code } : {}),
		reason: notYetInTenant
			? `The redirect reports consent, but Entra ID does not issue the app a token for tenant ${ctx.who} yet (${code}), so the consent is not confirmed.`
			: `The redirect reports consent, but it could not be confirmed: ${tokenCheck.detail}`,
		whatToDo: notYetInTenant
			? `Right after a consent this is Entra ID still replicating it: in a few minutes run Verify Access for tenant ${ctx.who}, or Complete Consent on the same redirect again. If the token is still refused, no consent was given (the redirect did not come from Microsoft): ask the administrator to open the consent link again and click Accept. ${linkStillUsable(stateExpiresAt)}`
			: // A fixed secret also changes the key that signs states, so only Verify Access can confirm.
				`${tokenCheck.fix ?? ''} Then run Verify Access for tenant ${ctx.who} to confirm the consent.`.trim(),
	};
}
