import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeCredentialsDetails,
} from 'n8n-workflow';
import { UserError, deepCopy } from 'n8n-workflow';

/** A credential as a test hands it to the harness: the plain (decrypted) stored fields. */
export interface HarnessCredential {
	id?: string;
	name?: string;
	data: ICredentialDataDecryptedObject;
}

export type HarnessCredentials = Record<string, HarnessCredential>;

/** One write n8n would have made to the credentials table during the run. */
export interface CredentialUpdate {
	type: string;
	id: string;
	/** `preAuthentication`: expirable field refreshed; `oauthTokenData`: OAuth2 token stored. */
	kind: 'preAuthentication' | 'oauthTokenData' | 'update';
	/** Deep copy of the full stored data after the write. */
	data: ICredentialDataDecryptedObject;
}

interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/**
 * Replaces n8n's credentials table for one run: holds the stored (not defaulted, not resolved)
 * data per credential id, and records every write so tests can assert token persistence and
 * rotation. Data is deep-copied in and out, so nodes never share objects with the store —
 * as with n8n's encrypt/decrypt round trip.
 */
export class CredentialStore {
	private readonly byId = new Map<string, StoredCredential>();

	readonly updates: CredentialUpdate[] = [];

	constructor(credentials: HarnessCredentials = {}) {
		for (const [type, credential] of Object.entries(credentials)) {
			const id = credential.id ?? `${type}-id`;
			const name = credential.name ?? `${type} account`;
			this.byId.set(id, { id, name, type, data: deepCopy(credential.data) });
		}
	}

	/** What to put on the workflow node's `credentials` so n8n-core asks for these. */
	nodeCredentials(): Record<string, INodeCredentialsDetails> {
		const out: Record<string, INodeCredentialsDetails> = {};
		for (const { id, name, type } of this.byId.values()) out[type] = { id, name };
		return out;
	}

	get(details: INodeCredentialsDetails, type: string): ICredentialDataDecryptedObject {
		const found = details.id ? this.byId.get(details.id) : undefined;
		if (!found || found.type !== type) {
			throw new UserError(`Credential with ID "${details.id}" does not exist for type "${type}".`);
		}
		return deepCopy(found.data);
	}

	set(
		details: INodeCredentialsDetails,
		type: string,
		kind: CredentialUpdate['kind'],
		data: IDataObject,
	) {
		const found = details.id ? this.byId.get(details.id) : undefined;
		if (!found || found.type !== type) {
			throw new UserError(`Credential with ID "${details.id}" does not exist for type "${type}".`);
		}
		found.data = deepCopy(data) as ICredentialDataDecryptedObject;
		this.updates.push({ type, id: found.id, kind, data: deepCopy(found.data) });
	}

	/**
	 * A user editing the credential in n8n's UI (e.g. a rotated client secret): the stored fields of
	 * the credential of `type` are merged with `fields`. Contexts read the store on every
	 * `getCredentials`, so a reused poll context (n8n's legacy scheduler) sees the change on its
	 * next read; whatever a node cached itself does not.
	 */
	patch(type: string, fields: IDataObject): void {
		const found = [...this.byId.values()].find((c) => c.type === type);
		if (!found)
			throw new UserError(`No credential of type "${type}" is stored; the test gave none.`);
		found.data = deepCopy({ ...found.data, ...fields }) as ICredentialDataDecryptedObject;
		this.updates.push({ type, id: found.id, kind: 'update', data: deepCopy(found.data) });
	}

	/** The credentials as stored after the run, in the shape `runNode` accepts, for chaining runs. */
	snapshot(): HarnessCredentials {
		const out: HarnessCredentials = {};
		for (const { id, name, type, data } of this.byId.values()) {
			out[type] = { id, name, data: deepCopy(data) };
		}
		return out;
	}
}
