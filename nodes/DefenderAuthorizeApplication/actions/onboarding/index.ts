import type { INodeProperties } from 'n8n-workflow';

import * as completeConsent from './completeConsent.operation';
import * as createConsentLink from './createConsentLink.operation';
import * as redeemAuthorizationCode from './redeemAuthorizationCode.operation';
import * as verifyAccess from './verifyAccess.operation';

export { completeConsent, createConsentLink, redeemAuthorizationCode, verifyAccess };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['onboarding'] } },
		options: [
			{
				name: 'Complete Consent',
				value: 'completeConsent',
				description:
					'Verify the consent redirect and report consented (confirmed with Entra ID), pending verification or refused, with what to do',
				action: 'Complete a customer consent',
			},
			{
				name: 'Create Consent Link',
				value: 'createConsentLink',
				description:
					'Create the admin-consent link for a customer tenant, with a signed, expiring state',
				action: 'Create a consent link',
			},
			{
				name: 'Redeem Authorization Code',
				value: 'redeemAuthorizationCode',
				description: 'Exchange a sign-in code for tokens (delegated SIEM-connector flow)',
				action: 'Redeem an authorization code',
			},
			{
				name: 'Verify Access',
				value: 'verifyAccess',
				description: 'Check token, API, permissions, licence and portal authorization per tenant',
				action: 'Verify access to customer tenants',
			},
		],
		default: 'createConsentLink',
	},
	...createConsentLink.description,
	...completeConsent.description,
	...verifyAccess.description,
	...redeemAuthorizationCode.description,
];
