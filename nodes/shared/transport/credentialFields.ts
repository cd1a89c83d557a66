/**
 * Credential fields both Defender credentials share: the Microsoft cloud, the custom endpoints
 * (sandbox, proxy, future cloud — never the default) and the default API region. Field names are
 * read by clouds.ts `resolveEndpoints`.
 */
import type { INodeProperties } from 'n8n-workflow';

import { BASE_URL_SHAPE, ENCRYPTED_OR_LOOPBACK } from './clouds';
import { TENANT_FORMAT_HINT } from './tenant';

export const cloudProperties: INodeProperties[] = [
	{
		displayName: 'Microsoft Cloud',
		name: 'cloud',
		type: 'options',
		options: [
			{ name: 'Commercial Cloud (Global)', value: 'global' },
			{
				name: 'Custom Endpoints (Sandbox, Proxy)',
				value: 'custom',
				description: 'Only for the sandbox tenant, a proxy or a new cloud',
			},
			{ name: 'US DoD', value: 'dod' },
			{ name: 'US GCC', value: 'gcc' },
			{ name: 'US GCC High', value: 'gccHigh' },
		],
		default: 'global',
	},
	{
		displayName: 'Login Base URL',
		name: 'loginBaseUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://127.0.0.1:8443',
		description:
			'Sign-in host replacing https://login.microsoftonline.com (no tenant, no path). Must be https://, except on this machine (127.0.0.1, ::1, localhost).',
		displayOptions: { show: { cloud: ['custom'] } },
	},
	{
		displayName: 'API Base URL',
		name: 'apiBaseUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://127.0.0.1:8443',
		description:
			'API host replacing https://api.securitycenter.microsoft.com (without /api). Must be https://, except on this machine (127.0.0.1, ::1, localhost).',
		displayOptions: { show: { cloud: ['custom'] } },
	},
	{
		displayName: 'Default API Region',
		name: 'apiRegion',
		type: 'options',
		options: [
			{ name: 'AU', value: 'au' },
			{ name: 'Default Host (api.securitycenter.microsoft.com)', value: 'default' },
			{ name: 'EU', value: 'eu' },
			{ name: 'EU (Legacy Api-Eu Host)', value: 'api-eu' },
			{ name: 'UK', value: 'uk' },
			{ name: 'UK (Legacy Api-Uk Host)', value: 'api-uk' },
			{ name: 'US', value: 'us' },
			{ name: 'US (Legacy Api-Us Host)', value: 'api-us' },
		],
		default: 'default',
		description: "API host closest to the tenants' data; the token is the same for every region",
		displayOptions: { show: { cloud: ['global'] } },
	},
];

/** The customer tenant field of the OAuth2 credential. */
export const tenantIdProperty: INodeProperties = {
	displayName: 'Customer Tenant ID or Domain',
	name: 'tenantId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. contoso.onmicrosoft.com',
	hint: TENANT_FORMAT_HINT,
};

/**
 * What the URL expressions below yield for a custom base URL that clouds.ts refuses. n8n-core runs
 * "Connect my account", the token refresh and the credential test from those expressions, not
 * through resolveEndpoints, so a plain-http URL would carry the client secret, the authorization
 * code and the refresh token in clear text. Instead they get a host that can never resolve
 * (RFC 6761 `.invalid`) and whose name is what the user reads: the browser's "site can't be
 * reached" page on Connect, the failed request's host elsewhere.
 */
export const REFUSED_BASE_URLS = {
	loginBaseUrl: {
		http: 'https://login-base-url-must-be-https-or-localhost.invalid',
		shape: 'https://login-base-url-is-not-a-base-url.invalid',
	},
	apiBaseUrl: {
		http: 'https://api-base-url-must-be-https-or-localhost.invalid',
		shape: 'https://api-base-url-is-not-a-base-url.invalid',
	},
} as const;

/**
 * A custom base URL field as an expression: the trimmed value when clouds.ts would accept it, else
 * a REFUSED_BASE_URLS host. The rule is clouds.ts's own two regular expressions, written into the
 * expression (it cannot import code); test/transport/credentialExpressions.test.ts evaluates the
 * expressions with n8n's engines and checks that they agree with resolveEndpoints on a table of
 * inputs. n8n normalises the URL's case itself, so the value is passed on as entered.
 */
function customBaseExpression(ref: string, field: keyof typeof REFUSED_BASE_URLS): string {
	const value = `String(${ref}["${field}"] || "").trim().replace(/\\/+$/, "")`;
	const refused = REFUSED_BASE_URLS[field];
	const encrypted = `${String(ENCRYPTED_OR_LOOPBACK)}.test(${value})`;
	return `(!${String(BASE_URL_SHAPE)}.test(${value}) ? "${refused.shape}" : (${encrypted} ? ${value} : "${refused.http}"))`;
}

/**
 * n8n expressions that mirror clouds.ts for the credentials' hidden fields and test requests
 * (`ref` is `$self` inside a credential's own fields, `$credentials` in its test request).
 * Kept here, next to the table they mirror; test/transport/credentialExpressions.test.ts
 * evaluates them against resolveEndpoints.
 */
export function loginBaseExpression(ref: string): string {
	return `(${ref}["cloud"] === "custom" ? ${customBaseExpression(ref, 'loginBaseUrl')} : (${ref}["cloud"] === "gccHigh" || ${ref}["cloud"] === "dod" ? "https://login.microsoftonline.us" : "https://login.microsoftonline.com"))`;
}

export function audienceExpression(ref: string): string {
	return `(${ref}["cloud"] === "gcc" ? "https://api-gcc.securitycenter.microsoft.us" : (${ref}["cloud"] === "gccHigh" || ${ref}["cloud"] === "dod" ? "https://api-gov.securitycenter.microsoft.us" : "https://api.securitycenter.microsoft.com"))`;
}

export function apiBaseExpression(ref: string): string {
	const region = `(${ref}["apiRegion"] || "default")`;
	const global = `(${region} === "default" ? "https://api.securitycenter.microsoft.com" : (${region}.startsWith("api-") ? "https://" + ${region} + ".securitycenter.microsoft.com" : "https://" + ${region} + ".api.security.microsoft.com"))`;
	return `(${ref}["cloud"] === "custom" ? ${customBaseExpression(ref, 'apiBaseUrl')} : (${ref}["cloud"] === "gcc" ? "https://api-gcc.securitycenter.microsoft.us" : (${ref}["cloud"] === "gccHigh" || ${ref}["cloud"] === "dod" ? "https://api-gov.securitycenter.microsoft.us" : ${global})))`;
}

export function tenantExpression(ref: string): string {
	return `encodeURIComponent(String(${ref}["tenantId"] || "").trim())`;
}
