/**
 * Defender failures → `NodeApiError` with Defender's code, message, request id, the tenant and one
 * sentence on what to do. Errors are built from plain data we extracted, never from the HTTP
 * client's error (whose request config carries the Authorization header), and every text passes
 * through `redact`.
 */
import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { tenantFields, tenantName } from './tenant';
import type { Tenant } from './types';

const REDACTED = '[redacted]';

/** Removes known secrets/tokens and anything that looks like a bearer token or a JWT. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
	let out = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
	}
	return out
		.replace(/(bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, `$1${REDACTED}`)
		.replace(/eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED)
		.replace(
			/((?:client_secret|access_token|refresh_token|id_token|code|assertion)["']?\s*[=:]\s*["']?)[^&"'\s,}]+/gi,
			`$1${REDACTED}`,
		);
}

/**
 * Longest server text (message, code, socket detail) an error repeats. Defender's own messages are
 * a sentence or two, well under 300 characters; anything longer is a proxy page or an echo of the
 * request, and n8n stores the error with every failed execution and shows it in the editor, so
 * 500 characters keep every real message whole and the rest out.
 */
export const ECHO_CAP = 500;

/** Server-supplied text as an error may repeat it: redacted first, so no cut leaves a token part. */
export function echoed(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
	const clean = redact(text, secrets);
	if (clean.length <= ECHO_CAP) return clean;
	return `${clean.slice(0, ECHO_CAP)}… (${clean.length - ECHO_CAP} more characters cut)`;
}

/** Defender's error body `{"error":{"code","message","target"}}`, tolerant of other shapes. */
export interface DefenderErrorBody {
	code?: string;
	message?: string;
	target?: string;
}

export function parseDefenderError(body: unknown): DefenderErrorBody {
	let value = body;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			// Whole: `echoed` caps it after redaction, so a token at the cut is still found.
			return { message: value as string };
		}
	}
	const error = value && typeof value === 'object' ? (value as JsonObject).error : undefined;
	if (error && typeof error === 'object' && !Array.isArray(error)) {
		const e = error as JsonObject;
		return {
			code: typeof e.code === 'string' ? e.code : undefined,
			message: typeof e.message === 'string' ? e.message : undefined,
			target: typeof e.target === 'string' ? e.target : undefined,
		};
	}
	return {};
}

/**
 * Defender answers 403 DisabledFeature in two cases: the tenant has no Defender for Endpoint, or —
 * most often, right after onboarding — the customer has not yet authorized the MSSP app in the
 * portal's MSSP tab. Only the message tells them apart (the second names the authorization).
 */
export function isPortalAuthorizationMissing(message: string | undefined): boolean {
	return /authori[sz]|MSSP|SIEM/i.test(message ?? '');
}

/** The customer's one step in the Defender portal that lets the MSSP app read its data. */
export function portalAuthorizationFix(tenantId: string, clientId?: string): string {
	const app = clientId
		? `the application ID ${clientId}`
		: "the app registration's application (client) ID";
	return `Ask an administrator of the customer (role with "Manage portal system settings") to open https://security.microsoft.com/?tid=${tenantId} → Settings → Endpoints → APIs → SIEM → MSSP tab, enter ${app} and click "Authorize application".`;
}

/** What to do about a Defender API status/code, in one sentence. */
export function adviceForApiError(
	status: number,
	code: string | undefined,
	tenant: Tenant,
	message?: string,
): string {
	const who = tenantName(tenant);
	if (code === 'DisabledFeature' && isPortalAuthorizationMissing(message)) {
		return `The app is not yet authorized in tenant ${who}'s Defender portal. ${portalAuthorizationFix(tenant.tenantId)}`;
	}
	if (code === 'DisabledFeature') {
		return `This Defender feature is not enabled in tenant ${who}. Ask the customer to enable it in the Microsoft Defender portal (Settings → Endpoints → Advanced features) or check their licence.`;
	}
	switch (status) {
		case 400:
			return "Defender rejected the request as invalid. Check the node's filters and field values against the message above.";
		case 401:
			return `Defender rejected the access token for tenant ${who} even after a fresh one was fetched. For the OAuth2 credential, reconnect it; for the app credential, check that the customer consented to the app in this tenant and that the credential's cloud matches the tenant.`;
		case 403:
			return `The app or user is not allowed to do this in tenant ${who}. Add the needed WindowsDefenderATP permission (e.g. Alert.ReadWrite.All for updates) to the app and have the customer's admin consent again; for OAuth2 the user also needs a Defender role with this right.`;
		case 404:
			return `Nothing with this ID exists in tenant ${who}. Check the ID and that it belongs to this tenant.`;
		case 409:
			return 'Defender reports a conflict (e.g. an action already running). Wait for it to finish, then retry.';
		case 429:
			return 'Defender keeps throttling this tenant. Run the workflow less often or with fewer calls.';
		default:
			return status >= 500
				? 'Defender kept failing after several attempts. Retry later; if it persists, give Microsoft support the request ID.'
				: 'Check the request against the message above.';
	}
}

export interface ApiErrorInput {
	node: INode;
	tenant: Tenant;
	status?: number;
	message: string;
	description: string;
	code?: string;
	requestId?: string;
	itemIndex?: number;
	secrets?: ReadonlyArray<string | undefined>;
	failure?: NodeApiError['failure'];
}

/** Builds the NodeApiError; the message names the tenant, the description says what to do. */
export function buildApiError(input: ApiErrorInput): NodeApiError {
	const message = redact(input.message, input.secrets);
	// The code and request id come from the server: n8n keeps them in the stored error too.
	const code = input.code ? echoed(input.code, input.secrets) : undefined;
	const requestIdText = input.requestId ? echoed(input.requestId, input.secrets) : undefined;
	const requestId = requestIdText ? ` Request ID: ${requestIdText}.` : '';
	const description = redact(input.description, input.secrets) + requestId;
	const response: JsonObject = {
		message,
		description,
		tenantId: input.tenant.tenantId,
		tenantLabel: tenantFields(input.tenant).tenantLabel,
		...(code ? { code } : {}),
		...(requestIdText ? { requestId: requestIdText } : {}),
		...(input.status ? { httpCode: String(input.status) } : {}),
	};
	return new NodeApiError(input.node, response, {
		message,
		description,
		...(input.status ? { httpCode: String(input.status) } : {}),
		...(input.itemIndex !== undefined ? { itemIndex: input.itemIndex } : {}),
		...(input.failure ? { failure: input.failure } : {}),
	});
}
