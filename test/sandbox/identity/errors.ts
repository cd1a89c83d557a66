/**
 * Token-endpoint and redirect errors in the Microsoft identity platform's documented shape
 * (facts §1.2, reference-error-codes.md): error, error_description "AADSTSnnnn: …\r\nTrace ID: …
 * \r\nCorrelation ID: …\r\nTimestamp: …", error_codes, timestamp, trace_id, correlation_id, error_uri.
 */
import { randomUUID } from 'node:crypto';

export class AadError extends Error {
	constructor(
		readonly oauthError: string,
		readonly aadsts: number,
		readonly text: string,
		readonly status = oauthError === 'invalid_client' ? 401 : 400,
	) {
		super(`AADSTS${aadsts}: ${text}`);
	}
}

/** `2016-01-09 02:02:12Z` */
export function aadTimestamp(ms: number): string {
	return new Date(ms)
		.toISOString()
		.replace('T', ' ')
		.replace(/\.\d+Z$/, 'Z');
}

export interface AadErrorBody {
	error: string;
	error_description: string;
	error_codes: number[];
	timestamp: string;
	trace_id: string;
	correlation_id: string;
	error_uri: string;
}

export function aadErrorBody(
	e: AadError,
	nowMs: number,
	origin: string,
	traceId: string,
	correlationId?: string,
): AadErrorBody {
	const ts = aadTimestamp(nowMs);
	const corr = correlationId || randomUUID();
	return {
		error: e.oauthError,
		error_description: `AADSTS${e.aadsts}: ${e.text}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${corr}\r\nTimestamp: ${ts}`,
		error_codes: [e.aadsts],
		timestamp: ts,
		trace_id: traceId,
		correlation_id: corr,
		error_uri: `${origin}/error?code=${e.aadsts}`,
	};
}

/** The errors the sandbox produces, by name, with Microsoft's wording. */
export const AAD = {
	tenantNotFound: (t: string) =>
		new AadError(
			'invalid_request',
			90002,
			`Tenant '${t}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
		),
	grantOnCommon: () =>
		new AadError(
			'invalid_request',
			9001023,
			"The grant type isn't supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.",
		),
	missingParam: (p: string) =>
		new AadError(
			'invalid_request',
			900144,
			`The request body must contain the following parameter: '${p}'.`,
		),
	unsupportedGrant: (g: string) =>
		new AadError(
			'unsupported_grant_type',
			70003,
			`The app requested an unsupported grant type '${g}'.`,
		),
	appNotFound: (clientId: string, tenantName: string) =>
		new AadError(
			'unauthorized_client',
			700016,
			`Application with identifier '${clientId}' was not found in the directory '${tenantName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
		),
	missingSecret: () =>
		new AadError(
			'invalid_client',
			7000218,
			"The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
		),
	wrongSecret: (clientId: string) =>
		new AadError(
			'invalid_client',
			7000215,
			`Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
		),
	expiredSecret: (clientId: string) =>
		new AadError(
			'invalid_client',
			7000222,
			`The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
		),
	resourceNotFound: (resource: string, tenantName: string) =>
		new AadError(
			'invalid_resource',
			500011,
			`The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
		),
	notConsented: (clientId: string, name: string) =>
		new AadError(
			'invalid_grant',
			65001,
			`The user or administrator has not consented to use the application with ID '${clientId}' named '${name}'. Send an interactive authorization request for this user and resource.`,
		),
	userDeclined: () =>
		new AadError('access_denied', 65004, 'User declined to consent to access the app.'),
	adminDeclined: () =>
		new AadError(
			'access_denied',
			65004,
			'The resource owner or authorization server denied the request.',
		),
	adminConsentRequired: () =>
		new AadError('invalid_request', 90094, 'The grant requires admin permission.'),
	expiredGrant: () =>
		new AadError(
			'invalid_grant',
			70008,
			'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
		),
	codeRedeemed: () =>
		new AadError(
			'invalid_grant',
			54005,
			'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
		),
	badCode: () =>
		new AadError(
			'invalid_grant',
			70000,
			"The provided value for the 'code' parameter is not valid.",
		),
	badRefreshToken: () =>
		new AadError('invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.'),
	revokedGrant: () =>
		new AadError(
			'invalid_grant',
			50173,
			'The provided grant has expired due to it being revoked, a fresh auth token is needed.',
		),
	grantClientMismatch: () =>
		new AadError('invalid_grant', 70000, 'Provided grant is invalid or malformed.'),
	redirectMismatch: (got: string) =>
		new AadError(
			'invalid_grant',
			500112,
			`The reply address '${got}' does not match the reply address provided when requesting Authorization code.`,
		),
	redirectNotRegistered: (uri: string, clientId: string) =>
		new AadError(
			'invalid_request',
			50011,
			`The redirect URI '${uri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.`,
		),
	pkceMismatch: () =>
		new AadError(
			'invalid_grant',
			501481,
			'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
		),
	pkceMissing: () =>
		new AadError(
			'invalid_grant',
			50148,
			'The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.',
		),
	invalidScope: (scope: string) =>
		new AadError(
			'invalid_scope',
			70011,
			`The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid: '${scope}'.`,
		),
	ccNeedsDefault: (scope: string) =>
		new AadError(
			'invalid_scope',
			1002012,
			`The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
		),
	multipleResources: () =>
		new AadError(
			'invalid_request',
			28000,
			'Provided value for the input parameter scope is not valid because it contains more than one resource. Scope … is not valid.',
		),
	loginRequired: () =>
		new AadError(
			'login_required',
			50058,
			'A silent sign-in request was sent but no user is signed in.',
		),
	unsupportedResponseType: (t: string) =>
		new AadError(
			'unsupported_response_type',
			700054,
			`response_type '${t}' is not enabled for the application.`,
		),
	userNotInTenant: (upn: string, tenantName: string) =>
		new AadError(
			'invalid_request',
			50020,
			`User account '${upn}' from identity provider does not exist in tenant '${tenantName}' and cannot access the application in that tenant.`,
		),
	publicClientSecret: () =>
		new AadError(
			'invalid_request',
			700025,
			"Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
		),
	confidentialNoSecret: () =>
		new AadError(
			'invalid_client',
			7000218,
			"The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
		),
	adminConsentCommon: () =>
		new AadError(
			'invalid_request',
			90130,
			'Application is not supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.',
		),
	noDefenderService: (tenantName: string) =>
		new AadError(
			'invalid_client',
			650052,
			`The app is trying to access a service 'fc780465-2017-40d4-a0c5-307022471b92'(WindowsDefenderATP) that your organization '${tenantName}' lacks a service principal for. Contact your IT Admin to review the configuration of your service subscriptions or consent to the application in order to create the required service principal.`,
		),
};
