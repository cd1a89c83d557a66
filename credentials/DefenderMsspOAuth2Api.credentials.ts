import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import {
	apiBaseExpression,
	audienceExpression,
	cloudProperties,
	loginBaseExpression,
	tenantExpression,
	tenantIdProperty,
} from '../nodes/shared/transport';

const login = loginBaseExpression('$self');
const tenant = tenantExpression('$self');

/**
 * One customer tenant, signed in as an MSSP user of that tenant (authorization-code grant).
 * n8n runs the browser sign-in, stores and rotates the refresh token (`offline_access`) and
 * refreshes on 401. URLs and scope are computed from the cloud and tenant, so users only pick
 * those.
 */
export class DefenderMsspOAuth2Api implements ICredentialType {
	name = 'defenderMsspOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Microsoft Defender MSSP OAuth2 API';

	icon: Icon = { light: 'file:../icons/defender.svg', dark: 'file:../icons/defender.dark.svg' };

	documentationUrl = 'https://github.com/defender-mssp/n8n-nodes-defender-mssp#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		...cloudProperties,
		tenantIdProperty,
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: `={{${login}}}/{{${tenant}}}/oauth2/v2.0/authorize`,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `={{${login}}}/{{${tenant}}}/oauth2/v2.0/token`,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			// offline_access makes Entra ID issue the refresh token n8n keeps and rotates.
			default: `={{${audienceExpression('$self')}}}/.default offline_access`,
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: 'prompt=select_account',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			method: 'GET',
			url: `={{${apiBaseExpression('$credentials')}}}/api/alerts`,
			qs: { $top: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Defender rejected the sign-in. Click "Reconnect" to sign in again, and check that the Microsoft cloud matches the customer\'s tenant.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Signed in, but not allowed to read alerts: the app needs the delegated WindowsDefenderATP permission Alert.Read (consented in the customer tenant), the user needs a Defender role with "View data", and the tenant needs a Defender for Endpoint licence.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'The API base URL does not serve the Defender API. Check the Microsoft cloud and API region.',
				},
			},
		],
	};
}
