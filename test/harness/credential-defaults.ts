import { getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsExpressionResolveValues,
	IDataObject,
	IExecuteData,
	INode,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

/** OAuth endpoint/flow fields the credential type owns when it declares them hidden. */
const OAUTH_PINNED_FIELDS = [
	'authUrl',
	'accessTokenUrl',
	'grantType',
	'authentication',
	'requestTokenUrl',
	'signatureMethod',
];

const mockNode: INode = {
	id: 'mock',
	name: '',
	typeVersion: 1,
	type: 'mock',
	position: [0, 0],
	parameters: {},
};

const mockNodeType: INodeType = {
	description: {
		displayName: 'Mock',
		name: 'mock',
		group: [],
		version: 1,
		description: '',
		defaults: {},
		inputs: [],
		outputs: [],
		properties: [],
	},
};

const mockNodeTypes: INodeTypes = {
	getByName: () => mockNodeType,
	getByNameAndVersion: () => mockNodeType,
	getKnownTypes: (): IDataObject => ({}),
};

export interface ResolveCredentialDataArgs {
	properties: INodeProperties[];
	stored: ICredentialDataDecryptedObject;
	additionalData: IWorkflowExecuteAdditionalData;
	mode: WorkflowExecuteMode;
	executeData?: IExecuteData;
	expressionResolveValues?: ICredentialsExpressionResolveValues;
}

/**
 * The server's `applyDefaultsAndOverwrites` minus overwrites/JSON-leaf options: fills in type
 * defaults (so hidden fields like `accessTokenUrl` exist), keeps `oauthTokenData`, then resolves
 * expressions with `$self` = the credential's own data (`={{$self["tenantId"]}}`).
 */
export async function resolveCredentialData({
	properties,
	stored,
	additionalData,
	mode,
	executeData,
	expressionResolveValues,
}: ResolveCredentialDataArgs): Promise<ICredentialDataDecryptedObject> {
	const storedData = { ...stored };
	for (const field of OAUTH_PINNED_FIELDS) {
		if (properties.some((p) => p.name === field && p.type === 'hidden')) delete storedData[field];
	}
	let data = NodeHelpers.getNodeParameters(
		properties,
		storedData as INodeParameters,
		true,
		false,
		null,
		null,
	) as ICredentialDataDecryptedObject;
	// Not declared as a property on child types, so getNodeParameters drops it.
	if (stored.oauthTokenData !== undefined) data.oauthTokenData = stored.oauthTokenData;
	for (const key of ['allowedHttpRequestDomains', 'allowedDomains']) {
		if (data[key] === undefined && stored[key] !== undefined) data[key] = stored[key];
	}
	const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
	if (expressionResolveValues) {
		try {
			data = expressionResolveValues.workflow.expression.getParameterValue(
				data as INodeParameters,
				expressionResolveValues.runExecutionData,
				expressionResolveValues.runIndex,
				expressionResolveValues.itemIndex,
				expressionResolveValues.node.name,
				expressionResolveValues.connectionInputData,
				mode,
				additionalKeys,
				executeData,
				false,
				data,
			) as ICredentialDataDecryptedObject;
		} catch (e) {
			(e as Error).message += ' [Error resolving credentials]';
			throw e;
		}
		return data;
	}
	const workflow = new Workflow({
		nodes: [mockNode],
		connections: {},
		active: false,
		nodeTypes: mockNodeTypes,
	});
	await workflow.expression.acquireIsolate();
	try {
		return workflow.expression.getComplexParameterValue(
			mockNode,
			data as INodeParameters,
			mode,
			additionalKeys,
			undefined,
			undefined,
			data,
		) as ICredentialDataDecryptedObject;
	} finally {
		await workflow.expression.releaseIsolate();
	}
}
