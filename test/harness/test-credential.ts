import { CredentialTestContext, ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialTestFunction,
	ICredentialTestFunctions,
	IDataObject,
	ICredentialTestRequestData,
	ICredentialType,
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	IVersionedNodeType,
} from 'n8n-workflow';
import { Workflow, createRunExecutionData } from 'n8n-workflow';

import { buildAdditionalData } from './additional-data';
import { setupN8nContainer } from './container';
import { CredentialStore } from './credential-store';
import type { CredentialUpdate } from './credential-store';
import { HarnessCredentialTypes } from './credential-types';
import { HarnessCredentialsHelper } from './credentials-helper';
import type { CapturedLog } from './log-capture';
import { HarnessNodeTypes, NoOp } from './node-types';

export interface TestCredentialOptions {
	/** Name of the credential type to test (e.g. 'defenderMsspAppApi'). */
	credentialType: string;
	data: ICredentialDataDecryptedObject;
	credentialTypes: ICredentialType[];
	/** The package's nodes: searched for `credentials[].testedBy`, like n8n's supported nodes. */
	nodeTypes?: Array<INodeType | IVersionedNodeType>;
}

export interface TestCredentialResult extends INodeCredentialTestResult {
	logs: CapturedLog[];
	credentialUpdates: CredentialUpdate[];
}

// The server's RESPONSE_ERROR_MESSAGES (packages/cli/src/constants.ts).
const OAUTH2_CREDENTIAL_TEST_SUCCEEDED = 'Connection Successful!';
const OAUTH2_CREDENTIAL_TEST_FAILED = 'This OAuth2 credential was not connected successfully!';

/** lodash `get` for the dotted `key` of a `responseSuccessBody` rule. */
function getPath(body: IDataObject, key: string): unknown {
	return key
		.split('.')
		.reduce<unknown>(
			(value, part) =>
				value === null || typeof value !== 'object' ? undefined : (value as IDataObject)[part],
			body,
		);
}

type TestFunction = ICredentialTestFunction | ICredentialTestRequestData;

function versionsOf(node: INodeType | IVersionedNodeType): INodeType[] {
	return 'nodeVersions' in node ? Object.values(node.nodeVersions) : [node];
}

/** The server's `CredentialsTester.getCredentialTestFunction` (n8n 2.41). */
function findTestFunction(
	credentialType: string,
	types: HarnessCredentialTypes,
	nodes: Array<INodeType | IVersionedNodeType>,
): TestFunction | undefined {
	const type = types.getByName(credentialType);
	if (type.test) return { testRequest: type.test };
	for (const node of nodes) {
		for (const nodeType of versionsOf(node)) {
			for (const { name, testedBy } of nodeType.description.credentials ?? []) {
				if (name !== credentialType) continue;
				if (types.getParentTypes(name).includes('oAuth2Api') || name === 'oAuth2Api') {
					return async function oauth2CredTest(
						this: ICredentialTestFunctions,
						cred: ICredentialsDecrypted,
					): Promise<INodeCredentialTestResult> {
						const tokenData = cred?.data?.oauthTokenData;
						const ok =
							typeof tokenData === 'object' && tokenData !== null && 'access_token' in tokenData;
						return ok
							? { status: 'OK', message: OAUTH2_CREDENTIAL_TEST_SUCCEEDED }
							: { status: 'Error', message: OAUTH2_CREDENTIAL_TEST_FAILED };
					};
				}
				if (!testedBy) continue;
				if (typeof testedBy === 'string') {
					const ordered =
						'nodeVersions' in node
							? Object.keys(node.nodeVersions)
									.sort()
									.reverse()
									.map((v) => node.nodeVersions[Number(v)])
							: [node];
					for (const version of ordered) {
						const fn = version.methods?.credentialTest?.[testedBy];
						if (fn) return fn;
					}
					return undefined;
				}
				return { nodeType, testRequest: testedBy };
			}
		}
	}
	return undefined;
}

/**
 * n8n's "Test credential" button: the server's CredentialsTester.testCredentials replicated on
 * n8n-core (the cli package is not a dependency). A declared `test` request runs through
 * RoutingNode on a temporary `n8n-nodes-base.noOp` node — so preAuthentication always re-runs
 * and generic `authenticate` signs it — then `rules` decide; `testedBy` functions get a
 * CredentialTestContext. Redaction of `$secrets` values is skipped: the harness has no secrets
 * store.
 */
export async function testCredential(
	options: TestCredentialOptions,
): Promise<TestCredentialResult> {
	const logger = setupN8nContainer();
	logger.drain();
	const types = new HarnessCredentialTypes(options.credentialTypes);
	const store = new CredentialStore({
		[options.credentialType]: { id: 'cred-under-test', data: options.data },
	});
	const helper = new HarnessCredentialsHelper(types, store);
	const finish = (result: INodeCredentialTestResult): TestCredentialResult => ({
		...result,
		logs: logger.drain(),
		credentialUpdates: store.updates,
	});
	const testFunction = findTestFunction(options.credentialType, types, options.nodeTypes ?? []);
	if (testFunction === undefined) {
		return finish({ status: 'Error', message: 'No testing function found for this credential.' });
	}
	const credential: ICredentialsDecrypted = {
		id: 'cred-under-test',
		name: `${options.credentialType} account`,
		type: options.credentialType,
		data: options.data,
	};
	const noOpNode = new NoOp();
	const workflowStub = {
		id: 'credential-test',
		name: 'Credential test',
		nodes: [],
		connections: {},
	};
	const additionalData = buildAdditionalData(helper, 'internal', {
		...workflowStub,
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
	});
	try {
		credential.data = await helper.applyDefaultsAndOverwrites(
			additionalData,
			options.data,
			options.credentialType,
			'internal',
		);
	} catch (error) {
		return finish({ status: 'Error', message: String((error as Error).message) });
	}
	if (typeof testFunction === 'function') {
		const context = new CredentialTestContext(additionalData);
		return finish(await testFunction.call(context, credential));
	}
	const nodeType: INodeType = testFunction.nodeType ?? noOpNode;
	const { version } = nodeType.description;
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: nodeType.description.name,
		typeVersion: Array.isArray(version) ? version.slice(-1)[0] : version,
		position: [0, 0],
		credentials: { [options.credentialType]: { id: credential.id, name: credential.name } },
	};
	const nodeTypeCopy: INodeType = {
		description: {
			...nodeType.description,
			credentials: [{ name: options.credentialType, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testFunction.testRequest.request },
					default: '',
				},
			],
		},
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new HarnessNodeTypes([nodeTypeCopy]),
	});
	const inputData = { main: [[{ json: {} }]] };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData({ resultData: { runData: {} } }),
		0,
		[],
		inputData,
		{ node, data: {}, source: null },
		[],
	);
	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await new RoutingNode(context, nodeTypeCopy, credential).runNode();
	} catch (error) {
		logger.report(error);
		const cause = (
			error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }
		).cause;
		if (cause?.response) {
			const statusCode = cause.response.status;
			for (const rule of testFunction.testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
					return finish({ status: 'Error', message: rule.properties.message });
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return finish({
					status: 'Error',
					message: cause.response.statusText || `Received HTTP status code: ${statusCode}`,
				});
			}
		} else if (cause?.code) {
			return finish({ status: 'Error', message: cause.code });
		}
		return finish({ status: 'Error', message: String((error as Error).message) });
	}
	for (const rule of testFunction.testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const body = response![0][0].json;
			if (getPath(body, rule.properties.key) === rule.properties.value) {
				return finish({ status: 'Error', message: rule.properties.message });
			}
		}
	}
	return finish({ status: 'OK', message: 'Connection successful!' });
}
