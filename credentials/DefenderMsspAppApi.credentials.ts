import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import {
	checkAppAccess,
	cloudProperties,
	loginBaseExpression,
	resolveEndpoints,
	normaliseTenantId,
	TENANT_FORMAT_HINT,
} from '../nodes/shared/transport';

/** The tenant whose token endpoint `url` is, under this credential's sign-in host; else undefined. */
function tokenEndpointTenant(
	credentials: ICredentialDataDecryptedObject,
	url: string,
): string | undefined {
	let loginBaseUrl: string;
	try {
		loginBaseUrl = resolveEndpoints(credentials).loginBaseUrl;
	} catch {
		return undefined;
	}
	// Compared as `new URL()` writes it, as resolveEndpoints writes the base: the credential
	// test's URL keeps the base's case as entered.
	let href: string;
	try {
		const parsed = new URL(url);
		href = parsed.search || parsed.hash ? '' : `${parsed.origin}${parsed.pathname}`;
	} catch {
		return undefined;
	}
	const prefix = `${loginBaseUrl}/`;
	const suffix = '/oauth2/v2.0/token';
	if (!href.startsWith(prefix) || !href.endsWith(suffix)) return undefined;
	const segment = href.slice(prefix.length, href.length - suffix.length);
	if (segment.includes('/') || segment.includes('%')) return undefined;
	return normaliseTenantId(segment);
}

/**
 * The MSSP's multi-tenant app registration. One credential serves every customer tenant: the
 * transport asks each tenant's token endpoint for an app token (client-credentials grant) and
 * caches it per tenant. The secret is added by `authenticate` to those token requests only.
 */
export class DefenderMsspAppApi implements ICredentialType {
	name = 'defenderMsspAppApi';

	displayName = 'Microsoft Defender MSSP App API';

	icon: Icon = { light: 'file:../icons/defender.svg', dark: 'file:../icons/defender.dark.svg' };

	documentationUrl = 'https://github.com/defender-mssp/n8n-nodes-defender-mssp#credentials';

	properties: INodeProperties[] = [
		{
			displayName:
				"Use the MSSP's multi-tenant app registration (WindowsDefenderATP application permissions). Each customer's admin must consent to it once in their tenant (Defender Authorize Application → Create Consent Link).",
			name: 'notice',
			type: 'notice',
			default: '',
		},
		...cloudProperties,
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 00000000-0000-0000-0000-000000000000',
			description: 'Application (client) ID of the MSSP app registration',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "The secret's Value (not its Secret ID) from Certificates & secrets",
		},
		{
			displayName: 'Customer Tenants',
			name: 'tenants',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			default: {},
			placeholder: 'Add Customer Tenant',
			description: 'Tenants that nodes offer in their tenant list and use for "All Tenants"',
			options: [
				{
					displayName: 'Tenant',
					name: 'tenant',
					values: [
						{
							displayName: 'Label',
							name: 'label',
							type: 'string',
							default: '',
							placeholder: 'e.g. Contoso Ltd',
							description: 'Display name of the customer, added to every item from this tenant',
						},
						{
							displayName: 'API Region',
							name: 'region',
							type: 'options',
							options: [
								{ name: 'AU', value: 'au' },
								{ name: 'Credential Default', value: 'default' },
								{ name: 'EU', value: 'eu' },
								{ name: 'EU (Legacy Api-Eu Host)', value: 'api-eu' },
								{ name: 'UK', value: 'uk' },
								{ name: 'UK (Legacy Api-Uk Host)', value: 'api-uk' },
								{ name: 'US', value: 'us' },
								{ name: 'US (Legacy Api-Us Host)', value: 'api-us' },
							],
							default: 'default',
							description: "API host closest to where this tenant's data lives (Global cloud only)",
						},
						{
							displayName: 'Tenant ID or Domain',
							name: 'tenantId',
							type: 'string',
							default: '',
							placeholder: 'e.g. contoso.onmicrosoft.com',
							hint: TENANT_FORMAT_HINT,
						},
					],
				},
			],
		},
		{
			displayName: 'Tenant to Test With',
			name: 'testTenantId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47',
			description:
				'Tenant the credential test requests a token for and reads one alert from. Empty: the first customer tenant above.',
		},
		{
			// Marker set by the credential test (never a token): n8n calls preAuthentication when empty.
			displayName: 'Checked',
			name: 'tenantCheck',
			type: 'hidden',
			typeOptions: { expirable: true },
			default: '',
		},
	];

	/** Adds the client ID and secret to this credential's token requests; leaves API calls alone. */
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const url = `${requestOptions.baseURL ?? ''}${requestOptions.url}`;
		if ((requestOptions.method ?? 'GET') !== 'POST' || !tokenEndpointTenant(credentials, url)) {
			return requestOptions;
		}
		const body = (requestOptions.body ?? {}) as IDataObject;
		return {
			...requestOptions,
			body: {
				...body,
				client_id: credentials.clientId as string,
				client_secret: credentials.clientSecret as string,
			},
		};
	};

	/** Runs on the credential test: a token and one alert for the test tenant, with advice on failure. */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		await checkAppAccess(this, credentials);
		return { tenantCheck: new Date().toISOString() };
	}

	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: `={{${loginBaseExpression('$credentials')}}}/{{ ($credentials.testTenantId || (($credentials.tenants || {}).tenant || [{}])[0].tenantId || "").trim() }}/oauth2/v2.0/token`,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: {
				grant_type: 'client_credentials',
				scope:
					'={{$credentials.cloud === "gcc" ? "https://api-gcc.securitycenter.microsoft.us/.default" : ($credentials.cloud === "gccHigh" || $credentials.cloud === "dod" ? "https://api-gov.securitycenter.microsoft.us/.default" : "https://api.securitycenter.microsoft.com/.default")}}',
			},
		},
	};
}
