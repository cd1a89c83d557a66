/** Which function runs each resource/operation; shared/execution's runOperations runs them per item. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runOperations } from '../../shared/execution';
import type { OperationTable } from '../../shared/execution';
import * as onboarding from './onboarding';

const OPERATIONS: OperationTable = {
	onboarding: {
		completeConsent: onboarding.completeConsent.execute,
		createConsentLink: onboarding.createConsentLink.execute,
		redeemAuthorizationCode: onboarding.redeemAuthorizationCode.execute,
		verifyAccess: onboarding.verifyAccess.execute,
	},
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runOperations.call(this, OPERATIONS);
}
