/**
 * What a customer tenant's token endpoint and one alert read say about the app's access, pure:
 * one row of checks with a fix for each failure. A check that could not run because an earlier
 * one failed has `ok: null` and says so. Verify Access shows the rows; the credential test
 * (appCheck.ts) says the first failure in one sentence, so both always agree.
 */
import { adviceForTokenError } from './aadsts';
import {
	echoed,
	isPortalAuthorizationMissing,
	parseDefenderError,
	portalAuthorizationFix,
} from './errors';
import type { Exchange } from './http';
import { decodeJwtPayload } from './jwtClaims';

export type CheckName = 'token' | 'apiReachable' | 'readAlerts' | 'licence' | 'portalAuthorization';

export interface AccessCheck {
	check: CheckName;
	/** true passed, false failed, null not checked (an earlier check failed). */
	ok: boolean | null;
	detail: string;
	fix?: string;
}

export interface AccessContext {
	/** "Label (tenant)" or the tenant ID. */
	who: string;
	tenantId: string;
	clientId: string;
	loginBaseUrl: string;
	apiBaseUrl: string;
	/** How the user asks again once fixed; "run Verify Access again" unless set. */
	again?: string;
}

export const CHECK_ORDER: CheckName[] = [
	'token',
	'apiReachable',
	'readAlerts',
	'licence',
	'portalAuthorization',
];
const ALERT_ROLES = ['Alert.Read.All', 'Alert.ReadWrite.All'];

const again = (ctx: AccessContext): string => ctx.again ?? 'run Verify Access again';
const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function rows(set: Partial<Record<CheckName, AccessCheck>>, blockedBy: string): AccessCheck[] {
	return CHECK_ORDER.map(
		(check) => set[check] ?? { check, ok: null, detail: `Not checked: ${blockedBy}.` },
	);
}

const pass = (check: CheckName, detail: string): AccessCheck => ({ check, ok: true, detail });
const fail = (check: CheckName, detail: string, fix: string): AccessCheck => ({
	check,
	ok: false,
	detail,
	fix,
});

/** Checks after the token request failed (`token` is the token endpoint's answer). */
export function tokenFailureChecks(ctx: AccessContext, token: Exchange): AccessCheck[] {
	if (token.kind === 'network') {
		return rows(
			{
				token: fail(
					'token',
					`Could not reach ${ctx.loginBaseUrl} (${token.code}).`,
					'Check the Microsoft cloud on the credential (and for Custom endpoints the login base URL) and the network path from n8n.',
				),
			},
			'no token',
		);
	}
	const advice = adviceForTokenError(token.body, ctx.who, token.status);
	const code =
		advice.code !== undefined ? `AADSTS${advice.code}` : (advice.error ?? `HTTP ${token.status}`);
	const fix = advice.advice.replace(/^AADSTS\d+: /, '');
	const set: Partial<Record<CheckName, AccessCheck>> = {
		token: fail('token', `Entra ID refused a token for tenant ${ctx.who} (${code}).`, fix),
	};
	if (advice.problem === 'noDefenderLicence') {
		set.licence = fail(
			'licence',
			`Tenant ${ctx.who} has no WindowsDefenderATP service principal (${code}).`,
			fix,
		);
	}
	return rows(set, 'no token');
}

/** The application permissions (app roles) an app-only token carries. */
export function grantedRoles(accessToken: string): string[] {
	const roles = decodeJwtPayload(accessToken).roles;
	return Array.isArray(roles) ? roles.map(String) : [];
}

/** Checks after a token was issued; `probe` is the answer to `GET /api/alerts?$top=1`. */
export function probeChecks(
	ctx: AccessContext,
	accessToken: string,
	probe: Exchange,
): AccessCheck[] {
	const granted = grantedRoles(accessToken);
	const set: Partial<Record<CheckName, AccessCheck>> = {
		token: pass(
			'token',
			`Token issued for tenant ${ctx.who}; app permissions: ${granted.join(', ') || 'none'}.`,
		),
	};
	if (probe.kind === 'network') {
		set.apiReachable = fail(
			'apiReachable',
			`Could not reach ${ctx.apiBaseUrl} (${probe.code}).`,
			"Check the tenant's API region on the credential (Customer Tenants → API Region) or the Default API Region, and the network path from n8n.",
		);
		return rows(set, 'the API was not reached');
	}
	const status = probe.status;
	const apiError = parseDefenderError(probe.body);
	if (status === 404 || status >= 500) {
		set.apiReachable = fail(
			'apiReachable',
			`${ctx.apiBaseUrl} answered HTTP ${status} to an alert read.`,
			status === 404
				? 'This host does not serve the Defender API: check the Microsoft cloud and the API region.'
				: `Defender is failing right now. ${capitalised(again(ctx))} later; if it persists, check the API region.`,
		);
		return rows(set, 'the API did not answer');
	}
	set.apiReachable = pass('apiReachable', `${ctx.apiBaseUrl} answered (HTTP ${status}).`);
	if (status === 200) {
		set.readAlerts = pass('readAlerts', 'Read one page of alerts.');
		set.licence = pass('licence', 'Defender for Endpoint answered for this tenant.');
		set.portalAuthorization = pass('portalAuthorization', "The app may read this tenant's data.");
		return rows(set, '');
	}
	if (status === 401) {
		set.token = fail(
			'token',
			'Defender rejected the token Entra ID issued.',
			`Check that the Microsoft cloud on the credential is the tenant's cloud, then ${again(ctx)}.`,
		);
		return rows(set, 'the token was rejected');
	}
	if (status === 429) {
		set.readAlerts = fail(
			'readAlerts',
			'Defender is throttling this tenant (HTTP 429).',
			`Nothing is wrong with the access; ${again(ctx)} in a minute.`,
		);
		return rows(set, 'throttled');
	}
	// Redacted before it is cut: a token cut in two would match neither itself nor the JWT shape.
	const said = apiError.message ? ` Defender said: ${echoed(apiError.message, [accessToken])}` : '';
	if (status === 403 && apiError.code === 'DisabledFeature') {
		if (isPortalAuthorizationMissing(apiError.message)) {
			set.licence = pass('licence', 'Defender for Endpoint is enabled in this tenant.');
			set.portalAuthorization = fail(
				'portalAuthorization',
				`The app is consented but not yet authorized in tenant ${ctx.who}'s Defender portal.${said}`,
				portalAuthorizationFix(ctx.tenantId, ctx.clientId),
			);
			return rows(set, 'the portal authorization is missing');
		}
		set.licence = fail(
			'licence',
			`Defender for Endpoint is not enabled in tenant ${ctx.who}.${said}`,
			`Ask the customer to license and activate Microsoft Defender for Endpoint (Defender portal → Settings → Endpoints), then ${again(ctx)}.`,
		);
		return rows(set, 'Defender is not enabled');
	}
	if (status === 403) {
		set.licence = pass('licence', 'Defender for Endpoint is enabled in this tenant.');
		set.portalAuthorization = pass('portalAuthorization', 'The app is authorized for this tenant.');
		const missing = granted.some((r) => ALERT_ROLES.includes(r))
			? ''
			: ' The token has no Alert.Read.All / Alert.ReadWrite.All role.';
		set.readAlerts = fail(
			'readAlerts',
			`The app may not read alerts in tenant ${ctx.who} (HTTP 403).${missing}${said}`,
			'Add the WindowsDefenderATP application permission Alert.Read.All (or Alert.ReadWrite.All) to the app registration, then send the customer a new consent link (Create Consent Link) so their admin consents to it.',
		);
		return rows(set, '');
	}
	set.readAlerts = fail(
		'readAlerts',
		`Defender answered HTTP ${status} to an alert read.${said}`,
		`Check the request against Defender's message and ${again(ctx)}.`,
	);
	return rows(set, 'the alert read failed');
}

/** The first failed check as one sentence (the credential test's message), or undefined. */
export function firstFailure(checks: AccessCheck[]): string | undefined {
	const failed = checks.find((c) => c.ok === false);
	return failed && `${failed.detail} ${failed.fix ?? ''}`.trim();
}
