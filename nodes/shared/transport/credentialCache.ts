/**
 * The app credential, decrypted once per node context and item. n8n 2.41 decrypts a credential and
 * resolves its expressions (in a fresh V8 isolate) on every `getCredentials`: per API request that
 * was ~23% of n8n's CPU in a 200-tenant fan-out (`npm run bench`, profiled).
 *
 * A poll context lives as long as the trigger's activation (n8n builds it once and reuses it for
 * every tick), so a trigger forgets its copy at the start of each poll, and any caller re-reads
 * it once when Entra ID says the secret is wrong or expired: a rotated secret then takes effect at
 * the next request instead of silencing the trigger until the workflow is published again.
 * The OAuth2 credential is always read anew, since n8n rewrites its tokens when it refreshes them.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { DefenderFunctions } from './types';

type Loading = Promise<ICredentialDataDecryptedObject>;

const appCredentialsByContext = new WeakMap<object, Map<number, Loading>>();

function read(ctx: DefenderFunctions, authentication: string, itemIndex: number): Loading {
	const get = ctx.getCredentials as (type: string, i?: number) => Loading;
	return get.call(ctx, authentication, itemIndex);
}

/** Loads the credential through the context (execute contexts take an item index). */
export async function loadCredentials(
	ctx: DefenderFunctions,
	authentication: string,
	itemIndex: number,
): Promise<ICredentialDataDecryptedObject> {
	if (authentication !== 'defenderMsspAppApi') return await read(ctx, authentication, itemIndex);
	let byItem = appCredentialsByContext.get(ctx);
	if (!byItem) {
		byItem = new Map();
		appCredentialsByContext.set(ctx, byItem);
	}
	let loading = byItem.get(itemIndex);
	if (!loading) {
		const cache = byItem;
		const started = read(ctx, authentication, itemIndex);
		loading = started;
		cache.set(itemIndex, started);
		// A failed load is not remembered: the next request asks n8n again.
		started.catch(() => {
			if (cache.get(itemIndex) === started) cache.delete(itemIndex);
		});
	}
	return await loading;
}

/** Forgets every copy this context holds (a trigger calls it at the start of each poll). */
export function forgetCredentials(ctx: DefenderFunctions): void {
	appCredentialsByContext.delete(ctx);
}

/**
 * The credential read again from n8n, after `stale` was refused. Many tenants failing with the
 * same stale copy at once cause one read, not one each.
 */
export async function reloadCredentials(
	ctx: DefenderFunctions,
	authentication: string,
	itemIndex: number,
	stale: ICredentialDataDecryptedObject,
): Promise<ICredentialDataDecryptedObject> {
	if (authentication !== 'defenderMsspAppApi') return await read(ctx, authentication, itemIndex);
	const byItem = appCredentialsByContext.get(ctx);
	const cached = byItem?.get(itemIndex);
	if (cached && (await cached.catch(() => undefined)) !== stale) return await cached;
	// Another caller may have started the reload while this one waited.
	const current = byItem?.get(itemIndex);
	if (current && current !== cached) return await current;
	byItem?.delete(itemIndex);
	return await loadCredentials(ctx, authentication, itemIndex);
}
