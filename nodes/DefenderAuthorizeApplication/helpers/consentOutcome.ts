/**
 * What the admin-consent redirect says, in plain words. Microsoft's guidance: react to `error` and
 * the AADSTS code, not to `error_description` (it can change and can echo request values), so the
 * outcome carries our sentence and only the first line of Microsoft's text as a detail.
 */
import { jsonParse } from 'n8n-workflow';

import { adviceForTokenError, InputError } from '../../shared/transport';

/** The query part of a pasted redirect URL. */
function urlSearch(text: string): string {
	if (!URL.canParse(text)) {
		throw new InputError(
			"The redirect query looks like a URL but is not one. Pass the Webhook node's query object, e.g. {{ $json.query }}.",
		);
	}
	return new URL(text).search;
}

export type RedirectQuery = Record<string, string>;

export interface ConsentOutcome {
	/**
	 * Read from the redirect, `consented` is only what the redirect claims; Complete Consent
	 * reports it after Entra ID confirmed it (consentVerification.ts), else `pendingVerification`.
	 */
	outcome: 'consented' | 'pendingVerification' | 'refused';
	/** What happened, one sentence (refusals and unconfirmed consents). */
	reason?: string;
	/** What the MSSP does next. */
	whatToDo: string;
	/** `AADSTS65004` etc., when the redirect carried a code. */
	code?: string;
	/** OAuth error class (`access_denied`, `consent_required`…). */
	error?: string;
	/** First line of Microsoft's error_description, for the record. */
	microsoftMessage?: string;
	/** Scope the redirect says was granted (admin consent success). */
	scope?: string;
	/** Application permissions in the token that confirmed the consent. */
	permissions?: string[];
	/**
	 * Refusals only: the same refusal was already reported for this state (a reload, or a repeat
	 * by whoever holds the link), so it need not be reported again.
	 */
	repeated?: boolean;
	/** Which redirect came back: v2 admin consent, or v1/v2 authorization code. */
	flow: 'adminConsent' | 'authorizationCode';
}

/** Accepts the Webhook node's `query` object, a JSON string of it, a query string or a full URL. */
export function parseRedirectQuery(raw: unknown): RedirectQuery {
	let value = raw;
	if (typeof value === 'string') {
		const text = value.trim();
		if (text.startsWith('{')) {
			value = jsonParse<unknown>(text, { fallbackValue: null });
			if (value === null) {
				throw new InputError(
					"The redirect query looks like JSON but does not parse. Pass the Webhook node's query object, e.g. {{ $json.query }}.",
				);
			}
		} else {
			const search = /^https?:\/\//i.test(text) ? urlSearch(text) : text;
			return Object.fromEntries(new URLSearchParams(search.replace(/^\?/, '')));
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		throw new InputError(
			"The redirect query is empty. Pass the Webhook node's query object, e.g. {{ $json.query }}.",
		);
	}
	const out: RedirectQuery = {};
	for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
		// Express turns a repeated parameter into an array; the first value is the one Entra sent.
		const first = Array.isArray(entry) ? entry[0] : entry;
		if (first !== undefined && first !== null) out[key] = String(first);
	}
	return out;
}

function aadCode(query: RedirectQuery): number | undefined {
	const match = /AADSTS(\d{4,9})/.exec(query.error_description ?? '');
	return match ? Number(match[1]) : undefined;
}

/**
 * How every refusal begins. A refusal on the redirect is as unsigned as a consent (anyone holding
 * the link can send `error=access_denied`), and unlike a consent no token can confirm it, so the
 * reason says what the redirect reports rather than stating it as what the administrator did.
 */
const REPORTS = 'The consent redirect reports that';

function consentSpecific(
	code: number | undefined,
	error: string | undefined,
	tenant: string,
): { reason: string; whatToDo: string } | undefined {
	if (code === 65004 || (code === undefined && error === 'access_denied')) {
		return {
			reason: `${REPORTS} the administrator of tenant ${tenant} declined the permissions request (clicked Cancel).`,
			whatToDo:
				"Talk to the customer's administrator: explain the WindowsDefenderATP permissions the MSSP app asks for, then send a new consent link and ask them to click Accept.",
		};
	}
	if (code === 90094 || code === 90008 || code === 65001) {
		return {
			reason: `${REPORTS} the person who signed in is not allowed to consent for tenant ${tenant}: admin consent needs a Global Administrator, Privileged Role Administrator or Cloud Application Administrator.`,
			whatToDo:
				'Send a new consent link to an administrator of the customer tenant with one of those roles.',
		};
	}
	if (code === 50020) {
		return {
			reason: `${REPORTS} the administrator signed in with an account that does not belong to tenant ${tenant}.`,
			whatToDo:
				'Ask them to open a new consent link in a private browser window and sign in with an administrator account of their own tenant.',
		};
	}
	if (code === 50194) {
		return {
			reason: `${REPORTS} the MSSP app registration is single-tenant, so other tenants cannot consent to it.`,
			whatToDo:
				'In Entra ID → App registrations → the MSSP app → Authentication, set "Supported account types" to accounts in any organizational directory, then send a new consent link.',
		};
	}
	return undefined;
}

/**
 * Reads `admin_consent`/`tenant` or `error`/`error_description` (v2 admin consent), or `code`
 * (v1 consent link / delegated sign-in). `tenant` is the tenant from the verified state.
 */
export function consentOutcome(query: RedirectQuery, tenant: string): ConsentOutcome {
	const error = query.error || undefined;
	if (!error) {
		if ((query.admin_consent ?? '').toLowerCase() === 'true') {
			return {
				outcome: 'consented',
				flow: 'adminConsent',
				...(query.scope ? { scope: query.scope } : {}),
				whatToDo: `Run Verify Access for tenant ${tenant}; if it reports the portal authorization missing, ask the customer to authorize the app in the Defender portal (Settings → Endpoints → APIs → SIEM → MSSP).`,
			};
		}
		if (query.code) {
			return {
				outcome: 'consented',
				flow: 'authorizationCode',
				whatToDo: `Consent was given and an authorization code came back; run Verify Access for tenant ${tenant}, or Redeem Authorization Code within 10 minutes if you need a delegated token.`,
			};
		}
		throw new InputError(
			'The redirect query has neither "admin_consent", "code" nor "error". Pass the query of the Webhook node that the consent link redirects to, e.g. {{ $json.query }}.',
		);
	}
	const code = aadCode(query);
	const specific = consentSpecific(code, error, tenant);
	const general = specific
		? undefined
		: adviceForTokenError(
				{ error, ...(code !== undefined ? { error_codes: [code] } : {}) },
				tenant,
			);
	const firstLine = (query.error_description ?? '').split(/\r?\n/)[0].slice(0, 300);
	return {
		outcome: 'refused',
		flow: query.admin_consent !== undefined ? 'adminConsent' : 'authorizationCode',
		reason:
			specific?.reason ??
			`${REPORTS} Microsoft Entra ID did not complete the consent for tenant ${tenant}.`,
		whatToDo: specific?.whatToDo ?? (general?.advice ?? '').replace(/^AADSTS\d+: /, ''),
		...(code !== undefined ? { code: `AADSTS${code}` } : {}),
		error,
		...(firstLine ? { microsoftMessage: firstLine } : {}),
	};
}
