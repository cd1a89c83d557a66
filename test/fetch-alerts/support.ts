/**
 * Shared setup of the Fetch Alerts contract tests: the sandbox tenant, both credentials as n8n
 * stores them, and `run()` — the node executed through n8n-core (test/harness).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { DefenderFetchAlerts } from '../../nodes/DefenderFetchAlerts/DefenderFetchAlerts.node';
import { runNode } from '../harness';
import type { HarnessCredentials, RunNodeResult } from '../harness';

import { credentialTypes } from '../support/fixtures';

export { oauthCredentials, sandboxAppCredentials, startEnv, stopEnv } from '../support/fixtures';
export type { Env } from '../support/fixtures';

export function run(
	parameters: INodeParameters,
	credentials: HarnessCredentials,
	extra: {
		continueOnFail?: boolean;
		onError?: 'continueRegularOutput' | 'continueErrorOutput';
		inputItems?: IDataObject[];
	} = {},
): Promise<RunNodeResult> {
	return runNode({
		nodeType: new DefenderFetchAlerts(),
		credentialTypes,
		credentials,
		parameters,
		...extra,
	});
}

/** Items of the node's first output (throws with n8n's error if the node failed). */
export function itemsOf(result: RunNodeResult): IDataObject[] {
	if (!result.output)
		throw new Error(`node failed: ${result.error?.message} ${result.error?.description ?? ''}`);
	return result.output[0].map((i) => i.json);
}
