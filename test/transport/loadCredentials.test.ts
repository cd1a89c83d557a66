/**
 * The app credential is decrypted once per node execution and item (n8n 2.41 decrypts and resolves
 * expressions in a fresh isolate on every getCredentials); OAuth2 is read anew every time.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { forgetCredentials, reloadCredentials } from '../../nodes/shared/transport/credentialCache';
import { loadCredentials } from '../../nodes/shared/transport/request';
import type { DefenderFunctions } from '../../nodes/shared/transport/types';

function fakeContext(fail = false) {
	const calls: Array<[string, number | undefined]> = [];
	const ctx = {
		async getCredentials(
			type: string,
			itemIndex?: number,
		): Promise<ICredentialDataDecryptedObject> {
			calls.push([type, itemIndex]);
			if (fail) throw new Error('decryption failed');
			return { clientId: `client-${calls.length}` };
		},
	};
	return { ctx: ctx as unknown as DefenderFunctions, calls };
}

describe('loadCredentials', () => {
	it('asks n8n once per execution context and item for the app credential', async () => {
		const { ctx, calls } = fakeContext();
		const first = await loadCredentials(ctx, 'defenderMsspAppApi', 0);
		await Promise.all([1, 2, 3].map(() => loadCredentials(ctx, 'defenderMsspAppApi', 0)));
		expect(await loadCredentials(ctx, 'defenderMsspAppApi', 0)).toBe(first);
		await loadCredentials(ctx, 'defenderMsspAppApi', 1);
		expect(calls).toEqual([
			['defenderMsspAppApi', 0],
			['defenderMsspAppApi', 1],
		]);
	});

	it('asks again in another execution', async () => {
		const one = fakeContext();
		const two = fakeContext();
		await loadCredentials(one.ctx, 'defenderMsspAppApi', 0);
		await loadCredentials(two.ctx, 'defenderMsspAppApi', 0);
		expect(two.calls).toHaveLength(1);
	});

	it('reads the OAuth2 credential anew every time (n8n refreshes its tokens)', async () => {
		const { ctx, calls } = fakeContext();
		await loadCredentials(ctx, 'defenderMsspOAuth2Api', 0);
		await loadCredentials(ctx, 'defenderMsspOAuth2Api', 0);
		expect(calls).toHaveLength(2);
	});

	it('does not remember a failed load', async () => {
		const { ctx, calls } = fakeContext(true);
		await expect(loadCredentials(ctx, 'defenderMsspAppApi', 0)).rejects.toThrow(
			'decryption failed',
		);
		await expect(loadCredentials(ctx, 'defenderMsspAppApi', 0)).rejects.toThrow(
			'decryption failed',
		);
		expect(calls).toHaveLength(2);
	});

	it('forgets its copy when a poll starts (n8n reuses one poll context per activation)', async () => {
		const { ctx, calls } = fakeContext();
		const first = await loadCredentials(ctx, 'defenderMsspAppApi', 0);
		forgetCredentials(ctx);
		const second = await loadCredentials(ctx, 'defenderMsspAppApi', 0);
		expect(second).not.toBe(first);
		expect(calls).toHaveLength(2);
	});

	it('reloads once for many requests that were refused with the same stale copy', async () => {
		const { ctx, calls } = fakeContext();
		const stale = await loadCredentials(ctx, 'defenderMsspAppApi', 0);
		const fresh = await Promise.all(
			[1, 2, 3].map(() => reloadCredentials(ctx, 'defenderMsspAppApi', 0, stale)),
		);
		expect(new Set(fresh).size).toBe(1);
		expect(fresh[0]).not.toBe(stale);
		expect(calls).toHaveLength(2);
	});
});
