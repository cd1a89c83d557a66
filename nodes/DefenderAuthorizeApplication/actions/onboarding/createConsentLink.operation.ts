/**
 * Create Consent Link: the admin-consent URL for a customer tenant (v2, plus the v1 form and the
 * delegated sign-in link), carrying a signed, expiring `state` that Complete Consent verifies.
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { asNodeError, InputError } from '../../../shared/transport';
import { loadAppCredential, customerTenantParam, stateKey } from '../../helpers/appCredential';
import { newNonce, signConsentState } from '../../helpers/consentState';
import {
	adminConsentUrl,
	assertRedirectUri,
	delegatedSignInUrl,
	legacyConsentUrl,
} from '../../helpers/consentUrl';
import { discoverTenantId } from '../../helpers/tenantDiscovery';
import { customerTenantProperty, redirectUriProperty } from './common';

export const MAX_VALID_HOURS = 720;

const properties: INodeProperties[] = [
	customerTenantProperty,
	redirectUriProperty,
	{
		displayName: 'Link Valid For (Hours)',
		name: 'validHours',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_VALID_HOURS },
		default: 72,
		description:
			"How long the customer's administrator has to accept. After that, Complete Consent rejects the redirect and a new link is needed.",
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['onboarding'], operation: ['createConsentLink'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const app = await loadAppCredential.call(this, itemIndex);
	const tenantInput = customerTenantParam.call(this, itemIndex);
	const hours = this.getNodeParameter('validHours', itemIndex, 72) as number;
	let redirectUri: string;
	try {
		redirectUri = assertRedirectUri(this.getNodeParameter('redirectUri', itemIndex, ''));
		if (!Number.isFinite(hours) || hours <= 0 || hours > MAX_VALID_HOURS) {
			throw new InputError(`Link Valid For must be between 1 and ${MAX_VALID_HOURS} hours.`);
		}
	} catch (error) {
		throw asNodeError(this.getNode(), error, { itemIndex });
	}
	const tenantId = await discoverTenantId.call(this, app, tenantInput, itemIndex);
	const expiresAt = Math.floor(Date.now() / 1000 + hours * 3600);
	const state = signConsentState(stateKey.call(this, app, itemIndex), {
		v: 1,
		t: tenantId,
		n: newNonce(),
		r: redirectUri,
		e: expiresAt,
	});
	const link = { tenant: tenantId, clientId: app.clientId, redirectUri, state };
	return [
		{
			json: {
				tenantId,
				...(tenantInput !== tenantId ? { tenantDomain: tenantInput } : {}),
				consentUrl: adminConsentUrl(app.endpoints, link),
				legacyConsentUrl: legacyConsentUrl(app.endpoints, link),
				signInUrl: delegatedSignInUrl(app.endpoints, link),
				stateExpiresAt: new Date(expiresAt * 1000).toISOString(),
				redirectUri,
				clientId: app.clientId,
			},
			pairedItem: { item: itemIndex },
		},
	];
}
