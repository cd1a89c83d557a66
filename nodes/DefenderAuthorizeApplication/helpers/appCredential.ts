/**
 * The MSSP App credential as the onboarding operations use it. The client secret is read here
 * for one purpose only: deriving the key that signs consent states (consentState.ts). It never
 * goes into a request (the credential's `authenticate` adds it to token requests), an output, an
 * error or a log line.
 */
import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

import {
	assertTenantId,
	InputError,
	resolveEndpoints,
	withInputErrors,
} from '../../shared/transport';
import type { ResolvedEndpoints } from '../../shared/transport';
import { deriveStateKey } from './consentState';

export const CREDENTIAL = 'defenderMsspAppApi';
export const REQUEST_TIMEOUT_MS = 30_000;

export interface AppCredential {
	credentials: ICredentialDataDecryptedObject;
	clientId: string;
	endpoints: ResolvedEndpoints;
}

export async function loadAppCredential(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<AppCredential> {
	const credentials = await this.getCredentials(CREDENTIAL, itemIndex);
	const clientId = String(credentials.clientId ?? '').trim();
	return withInputErrors(this.getNode(), { itemIndex }, () => {
		if (!clientId)
			throw new InputError(
				'The credential has no client ID. Enter the Application (client) ID of the MSSP app registration.',
			);
		return { credentials, clientId, endpoints: resolveEndpoints(credentials) };
	});
}

export function stateKey(this: IExecuteFunctions, app: AppCredential, itemIndex: number): Buffer {
	return withInputErrors(this.getNode(), { itemIndex }, () =>
		deriveStateKey(app.clientId, String(app.credentials.clientSecret ?? '')),
	);
}

/** The Customer Tenant parameter, validated (GUID or domain). */
export function customerTenantParam(this: IExecuteFunctions, itemIndex: number): string {
	const raw = this.getNodeParameter('customerTenant', itemIndex, '') as string;
	return withInputErrors(this.getNode(), { itemIndex }, () =>
		assertTenantId(raw, 'Customer Tenant'),
	);
}
