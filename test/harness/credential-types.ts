import type { ICredentialType, ICredentialTypes } from 'n8n-workflow';
import { UnexpectedError } from 'n8n-workflow';

import { OAuth2Api } from './oauth2-api.credentials';

/**
 * The credential types known to one harness run: the ones the test passes (instances of the
 * package's credential classes) plus the generic `oAuth2Api` parent. Mirrors the server's
 * `CredentialTypes` (packages/cli/src/credential-types.ts) for the calls n8n-core makes.
 */
export class HarnessCredentialTypes implements ICredentialTypes {
	private readonly byName = new Map<string, ICredentialType>();

	constructor(types: ICredentialType[]) {
		for (const type of [new OAuth2Api(), ...types]) this.byName.set(type.name, type);
	}

	recognizes(type: string): boolean {
		return this.byName.has(type);
	}

	getByName(type: string): ICredentialType {
		const found = this.byName.get(type);
		if (!found)
			throw new UnexpectedError(`Unknown credential type "${type}" (pass it in credentialTypes)`);
		return found;
	}

	getSupportedNodes(): string[] {
		return [];
	}

	/** Transitive parents, nearest first, as the server's CredentialTypes returns them. */
	getParentTypes(typeName: string): string[] {
		const extendsArr = this.byName.get(typeName)?.extends ?? [];
		const parents = [...extendsArr];
		for (const parent of extendsArr) parents.push(...this.getParentTypes(parent));
		return parents;
	}
}
