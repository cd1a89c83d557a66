/**
 * Redeem Authorization Code: the delegated step of the SIEM-connector procedure. Exchanges the
 * code from the sign-in redirect at the tenant's v2 token endpoint (the credential's
 * `authenticate` adds the client ID and secret there, and only there). Outputs who signed in, the
 * scopes and the access token's expiry — never the access token; the refresh token only when
 * "Include Refresh Token" is on.
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import {
	asNodeError,
	buildApiError,
	decodeJwtPayload,
	exchange,
	InputError,
	stringClaim,
	tokenUrl,
} from '../../../shared/transport';
import {
	CREDENTIAL,
	customerTenantParam,
	loadAppCredential,
	REQUEST_TIMEOUT_MS,
} from '../../helpers/appCredential';
import { assertRedirectUri } from '../../helpers/consentUrl';
import { adviceForGrantError } from '../../helpers/grantErrors';
import { customerTenantProperty, redirectUriProperty } from './common';

const properties: INodeProperties[] = [
	customerTenantProperty,
	redirectUriProperty,
	{
		displayName: 'Authorization Code',
		name: 'code',
		type: 'string',
		default: '={{ $json.query.code }}',
		required: true,
		description:
			'The "code" of the sign-in redirect, from the Webhook node\'s query. Codes work once and for about 10 minutes.',
	},
	{
		displayName: 'PKCE Code Verifier',
		name: 'codeVerifier',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: 'Only if the sign-in link carried a code_challenge: the verifier it was made from',
	},
	{
		displayName: 'Include Refresh Token',
		name: 'includeRefreshToken',
		type: 'boolean',
		default: false,
		description:
			'Whether to put the refresh token in the output, for a SIEM connector that needs it',
	},
	{
		displayName:
			"The refresh token is a long-lived secret (90 days, renewed on use). Store it at once in the SIEM connector or a secret store, and turn off saving successful execution data for this workflow (Workflow settings), so it does not stay in n8n's execution history.",
		name: 'refreshTokenNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { includeRefreshToken: [true] } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['onboarding'], operation: ['redeemAuthorizationCode'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const app = await loadAppCredential.call(this, itemIndex);
	const tenantId = customerTenantParam.call(this, itemIndex);
	const code = String(this.getNodeParameter('code', itemIndex, '') ?? '').trim();
	const verifier = String(this.getNodeParameter('codeVerifier', itemIndex, '') ?? '').trim();
	const includeRefreshToken = this.getNodeParameter(
		'includeRefreshToken',
		itemIndex,
		false,
	) as boolean;
	let redirectUri: string;
	try {
		redirectUri = assertRedirectUri(this.getNodeParameter('redirectUri', itemIndex, ''));
		if (!code) {
			throw new InputError(
				'No authorization code. Map the sign-in redirect\'s code (e.g. {{ $json.query.code }}); if the redirect carried "error" instead, the user did not sign in — run Complete Consent on it to see why.',
			);
		}
	} catch (error) {
		throw asNodeError(this.getNode(), error, { itemIndex });
	}
	const secrets = [code, verifier, String(app.credentials.clientSecret ?? '')];
	const answer = await exchange(this, CREDENTIAL, {
		method: 'POST',
		url: tokenUrl(app.endpoints.loginBaseUrl, tenantId),
		form: true,
		body: {
			grant_type: 'authorization_code',
			code,
			redirect_uri: redirectUri,
			scope: `${app.endpoints.scope} offline_access`,
			...(verifier ? { code_verifier: verifier } : {}),
		},
		timeoutMs: REQUEST_TIMEOUT_MS,
		credentials: app.credentials,
	});
	const body = (answer.kind === 'response' ? answer.body : undefined) as IDataObject | undefined;
	if (
		answer.kind === 'network' ||
		answer.status !== 200 ||
		typeof body?.access_token !== 'string'
	) {
		const advice =
			answer.kind === 'network'
				? {
						advice: `The connection to ${app.endpoints.loginBaseUrl} failed (${answer.code}). Check the credential's Microsoft cloud and the network path, then sign in again.`,
						credentialProblem: false,
					}
				: adviceForGrantError(answer.body, tenantId, answer.status);
		throw buildApiError({
			node: this.getNode(),
			tenant: { tenantId },
			itemIndex,
			secrets,
			...(answer.kind === 'response' ? { status: answer.status } : {}),
			...('code' in advice && advice.code ? { code: advice.code } : {}),
			message: `Could not redeem the authorization code for tenant ${tenantId}`,
			description: advice.advice,
			...(advice.credentialProblem ? { failure: { cause: 'credential-invalid' as const } } : {}),
		});
	}
	const claims = decodeJwtPayload(body.access_token);
	const idClaims = decodeJwtPayload(body.id_token);
	const scopeText =
		typeof body.scope === 'string' ? body.scope : (stringClaim(claims, 'scp') ?? '');
	const expiresIn = Number(body.expires_in);
	const refreshToken = typeof body.refresh_token === 'string' ? body.refresh_token : undefined;
	return [
		{
			json: {
				tenantId: stringClaim(claims, 'tid') ?? tenantId,
				account: {
					upn:
						stringClaim(idClaims, 'preferred_username') ??
						stringClaim(claims, 'upn', 'unique_name', 'preferred_username') ??
						null,
					oid: stringClaim(idClaims, 'oid') ?? stringClaim(claims, 'oid') ?? null,
					name: stringClaim(idClaims, 'name') ?? stringClaim(claims, 'name') ?? null,
				},
				scopes: scopeText.split(/\s+/).filter((s) => s !== ''),
				accessTokenExpiresAt: new Date(
					Date.now() + (Number.isFinite(expiresIn) ? expiresIn : 3600) * 1000,
				).toISOString(),
				refreshTokenIssued: refreshToken !== undefined,
				...(includeRefreshToken && refreshToken ? { refreshToken } : {}),
			},
			pairedItem: { item: itemIndex },
		},
	];
}
