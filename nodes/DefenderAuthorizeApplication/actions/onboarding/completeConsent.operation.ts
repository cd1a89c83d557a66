/**
 * Complete Consent: reads the admin-consent redirect (the Webhook node's query), verifies its
 * `state` (signature, expiry, tenant, single use) and reports consented or refused with a plain
 * reason. The redirect's `tenant` value is only compared with the signed one, never believed.
 */
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { loadAppCredential, stateKey } from '../../helpers/appCredential';
import { consentOutcome, parseRedirectQuery } from '../../helpers/consentOutcome';
import { verifyConsentState } from '../../helpers/consentState';
import { claimNonce } from '../../helpers/usedStates';

const properties: INodeProperties[] = [
	{
		displayName: 'Redirect Query',
		name: 'query',
		type: 'json',
		default: '={{ $json.query }}',
		required: true,
		description:
			'The query of the redirect, as the Webhook node outputs it (its "query" field). A query string or the full redirect URL also works.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['onboarding'], operation: ['completeConsent'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const app = await loadAppCredential.call(this, itemIndex);
	const fail = (message: string, description: string) =>
		new NodeOperationError(this.getNode(), message, { itemIndex, description });
	let query;
	try {
		query = parseRedirectQuery(this.getNodeParameter('query', itemIndex, {}));
	} catch (error) {
		throw fail('The redirect query could not be read', (error as Error).message);
	}
	const now = Date.now();
	const verified = verifyConsentState(
		stateKey.call(this, app, itemIndex),
		query.state,
		now,
		query.tenant,
	);
	if (!verified.ok) {
		throw fail(`Consent redirect rejected: ${verified.reason} state`, verified.message);
	}
	const { payload } = verified;
	let outcome;
	try {
		outcome = consentOutcome(query, payload.t);
	} catch (error) {
		throw fail('The redirect query could not be read', (error as Error).message);
	}
	if (!claimNonce(this.getWorkflowStaticData('node'), payload.n, payload.e, now)) {
		throw fail(
			'Consent redirect rejected: replayed state',
			'This consent link was already completed by an earlier execution; a state is accepted once. If the customer needs to consent again, create a new consent link.',
		);
	}
	return [
		{
			json: {
				tenantId: payload.t,
				consented: outcome.outcome === 'consented',
				...outcome,
				redirectUri: payload.r,
				stateExpiresAt: new Date(payload.e * 1000).toISOString(),
			},
			pairedItem: { item: itemIndex },
		},
	];
}
