/**
 * Shared set-up of the transport contract tests: one sandbox, its CA trusted in-process, the probe
 * node run through the n8n-core harness, and a record of every output, error and log line so the
 * secret scan can read the whole run.
 */
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { runNode, testCredential, trustCa } from '../harness';
import type { RunNodeResult, TestCredentialResult } from '../harness';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';
import { credentialTypes, resetTransport, sandboxAppData } from '../support/fixtures';
import { TransportProbe } from './fixtures/TransportProbe.node';

export { resetTransport };

/** Every text the suite saw (outputs, error messages/descriptions, logs) for the secret scan. */
export const seen: string[] = [];

export const FAST = { retry: { baseDelayMs: 20, maxDelayMs: 100, timeoutMs: 30_000 } };

export function appData(
	sb: Sandbox,
	extra: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	const t = sb.tenants;
	const tenants = [
		{ tenantId: t.fabrikam.id, label: 'Fabrikam' },
		{ tenantId: t.northwind.id, label: 'Northwind' },
		{ tenantId: t.tailspin.domain, label: 'Tailspin' },
	];
	return sandboxAppData(sb, tenants, { testTenantId: '', tenantCheck: '', ...extra });
}

function record(result: { output?: unknown; error?: unknown; logs: unknown[] }): void {
	seen.push(JSON.stringify(result.output ?? null));
	const error = result.error as { message?: string; description?: string } | undefined;
	if (error) seen.push(String(error.message), String(error.description), JSON.stringify(error));
	seen.push(JSON.stringify(result.logs));
}

export async function probe(
	sb: Sandbox,
	parameters: INodeParameters,
	data: ICredentialDataDecryptedObject = appData(sb),
	authentication = 'defenderMsspAppApi',
): Promise<RunNodeResult> {
	const result = await runNode({
		nodeType: new TransportProbe(),
		credentialTypes,
		credentials: { [authentication]: { id: 'cred-1', data } },
		parameters: { authentication, tenantScope: 'one', tuning: JSON.stringify(FAST), ...parameters },
	});
	record(result);
	return result;
}

export async function testCred(
	type: 'defenderMsspAppApi' | 'defenderMsspOAuth2Api',
	data: ICredentialDataDecryptedObject,
): Promise<TestCredentialResult> {
	const result = await testCredential({
		credentialType: type,
		data,
		credentialTypes,
		nodeTypes: [new TransportProbe()],
	});
	seen.push(result.message, JSON.stringify(result.logs));
	return result;
}

export function tenantParam(tenantId: string) {
	return { tenant: { __rl: true, mode: 'id', value: tenantId } };
}

/**
 * One sandbox for the test file, its CA trusted in-process: started before the first test, reset
 * with the transport's caches before each, stopped after the last. Returns its accessor.
 */
export function useSandbox(): () => Sandbox {
	let sb: Sandbox | undefined;
	let untrust = () => {};
	beforeAll(async () => {
		sb = await startSandbox();
		untrust = trustCa(sb.caPem);
	});
	afterAll(async () => {
		untrust();
		await sb?.stop();
	});
	beforeEach(async () => {
		await sb?.control.reset();
		resetTransport();
	});
	return () => {
		if (!sb)
			throw new Error('The sandbox is not started: call useSandbox() at the top of the file.');
		return sb;
	};
}
