/**
 * Setup of the onboarding contract tests: the sandbox tenant, the MSSP App credential as n8n
 * stores it, and `run()` — the Defender Authorize Application node executed through n8n-core.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { DefenderMsspAppApi } from '../../credentials/DefenderMsspAppApi.credentials';
import { DefenderAuthorizeApplication } from '../../nodes/DefenderAuthorizeApplication/DefenderAuthorizeApplication.node';
import { runNode } from '../harness';
import type { HarnessCredentials, RunNodeResult } from '../harness';
import type { Sandbox } from '../sandbox/server';

/** Registered on the sandbox apps as http://localhost/callback; Entra ignores the loopback port. */
export const REDIRECT = 'http://localhost:5678/callback';

export { sandboxAppCredentials, startEnv, stopEnv } from '../support/fixtures';
export type { Env } from '../support/fixtures';

export function run(
	operation: string,
	parameters: INodeParameters,
	credentials: HarnessCredentials,
	extra: { continueOnFail?: boolean; inputItems?: IDataObject[]; staticData?: IDataObject } = {},
): Promise<RunNodeResult> {
	return runNode({
		nodeType: new DefenderAuthorizeApplication(),
		credentialTypes: [new DefenderMsspAppApi()],
		credentials,
		parameters: { resource: 'onboarding', operation, ...parameters },
		...extra,
	});
}

export function itemsOf(result: RunNodeResult): IDataObject[] {
	if (!result.output)
		throw new Error(`node failed: ${result.error?.message} ${result.error?.description ?? ''}`);
	return result.output[0].map((i) => i.json);
}

/** The node's error as one text (message + description), asserting that it failed. */
export function errorOf(result: RunNodeResult): string {
	if (result.output)
		throw new Error(`node succeeded: ${JSON.stringify(result.output[0].map((i) => i.json))}`);
	return `${result.error?.message ?? ''} | ${result.error?.description ?? ''}`;
}

/** Asserts that no output, error or log line of `results` holds a client secret or a JWT. */
export function expectNoSecrets(sb: Sandbox, results: RunNodeResult[]): void {
	const text = JSON.stringify(
		results.map((r) => ({
			o: r.output,
			e: r.error?.message,
			d: r.error?.description,
			l: r.logs,
		})),
	);
	expect(text).not.toContain(sb.credentials.clientSecret);
	expect(text).not.toContain(sb.credentials.expiredClientSecret);
	expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
}
