/**
 * Complete Consent: reads the admin-consent redirect (the Webhook node's query), verifies its
 * `state` (signature, expiry, tenant, single use) and reports consented, pending verification or
 * refused, with a plain reason and what to do. The redirect's `tenant` is only compared with the
 * signed one, never believed; its "consented" is only believed once Entra ID issues the app a
 * token for the tenant (consentVerification.ts). Only a confirmed consent uses the state up
 * (usedStates.ts), so a forged refusal cannot spend the link before the administrator clicks; a
 * refusal already reported for the state comes back `repeated: true`, so it is not alerted twice.
 * Under concurrent executions the used-state record can miss a use (usedStates.ts): the token
 * confirmation, not that record, is what keeps `consented` true.
 */
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { asNodeError, isInputError } from '../../../shared/transport';
import { loadAppCredential, stateKey } from '../../helpers/appCredential';
import { consentOutcome, parseRedirectQuery } from '../../helpers/consentOutcome';
import type { ConsentOutcome } from '../../helpers/consentOutcome';
import { verifyConsentState } from '../../helpers/consentState';
import { confirmConsent, linkStillUsable } from '../../helpers/consentVerification';
import { requestFreshAppToken } from '../../helpers/freshAppToken';
import {
	claimNonce,
	isNonceUsed,
	markRefusalReported,
	refusalKind,
} from '../../helpers/usedStates';

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
	const replayed = () =>
		fail(
			'Consent redirect rejected: replayed state',
			'This consent link was already completed by an earlier execution; a state is accepted once. If the customer needs to consent again, create a new consent link.',
		);
	let query;
	try {
		query = parseRedirectQuery(this.getNodeParameter('query', itemIndex, {}));
	} catch (error) {
		if (isInputError(error)) throw fail('The redirect query could not be read', error.message);
		throw asNodeError(this.getNode(), error, { itemIndex });
	}
	const verified = verifyConsentState(
		stateKey.call(this, app, itemIndex),
		query.state,
		Date.now(),
		query.tenant,
	);
	if (!verified.ok) {
		throw fail(`Consent redirect rejected: ${verified.reason} state`, verified.message);
	}
	const { payload } = verified;
	let claimed: ConsentOutcome;
	try {
		claimed = consentOutcome(query, payload.t);
	} catch (error) {
		if (isInputError(error)) throw fail('The redirect query could not be read', error.message);
		throw asNodeError(this.getNode(), error, { itemIndex });
	}
	const staticData = this.getWorkflowStaticData('node');
	if (isNonceUsed(staticData, payload.n, Date.now())) throw replayed();
	const stateExpiresAt = new Date(payload.e * 1000).toISOString();
	let outcome: ConsentOutcome;
	if (claimed.outcome === 'consented') {
		const token = await requestFreshAppToken(this, app, app.endpoints, payload.t);
		outcome = confirmConsent(
			claimed,
			{
				who: payload.t,
				tenantId: payload.t,
				clientId: app.clientId,
				loginBaseUrl: app.endpoints.loginBaseUrl,
				apiBaseUrl: app.endpoints.apiBaseUrl,
			},
			token,
			stateExpiresAt,
		);
		// Claimed after the token request: another execution may have confirmed it meanwhile.
		if (
			outcome.outcome === 'consented' &&
			!claimNonce(staticData, payload.n, payload.e, Date.now())
		)
			throw replayed();
	} else {
		const repeated = markRefusalReported(
			staticData,
			payload.n,
			refusalKind(claimed),
			payload.e,
			Date.now(),
		);
		const already = repeated
			? ' This refusal was already reported for this link (a reload, or a repeat by whoever holds the link).'
			: '';
		outcome = {
			...claimed,
			repeated,
			whatToDo: `${claimed.whatToDo} ${linkStillUsable(stateExpiresAt)}${already}`,
		};
	}
	return [
		{
			json: {
				tenantId: payload.t,
				consented: outcome.outcome === 'consented',
				...outcome,
				redirectUri: payload.r,
				stateExpiresAt,
			},
			pairedItem: { item: itemIndex },
		},
	];
}
