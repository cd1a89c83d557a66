/**
 * The URLs both credentials' expressions yield, resolved as n8n resolves a credential: type
 * defaults, `$self` for the credential's own fields (authUrl, accessTokenUrl, scope), then
 * `$credentials` for its test request (RoutingNode). Used in-process by the jest suite (n8n's
 * legacy engine), and run as a script for a sandboxed engine, which n8n-workflow loads with a
 * dynamic import that jest's CommonJS runtime cannot do:
 *
 *   ts-node --transpile-only test/transport/credentialExpressions.ts quickjs '<settings JSON list>'
 *
 * prints the list of results as JSON.
 */
import { getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	INode,
	INodeParameters,
	INodeProperties,
	INodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { Expression, NodeHelpers, Workflow } from 'n8n-workflow';

import { DefenderMsspAppApi } from '../../credentials/DefenderMsspAppApi.credentials';
import { DefenderMsspOAuth2Api } from '../../credentials/DefenderMsspOAuth2Api.credentials';

export const TENANT = 'fabrikam.onmicrosoft.com';

export interface CredentialUrls {
	authUrl: string;
	accessTokenUrl: string;
	scope: string;
	/** The OAuth2 credential's test request URL. */
	testUrl: string;
	/** The app credential's test request URL (its token endpoint). */
	appTestUrl: string;
}

const node: INode = {
	id: 'expressions',
	name: 'Expressions',
	type: 'mock',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const nodeType: INodeType = {
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

function newWorkflow(): Workflow {
	return new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => nodeType,
			getByNameAndVersion: () => nodeType,
			getKnownTypes: () => ({}),
		},
	});
}

const additionalKeys = getAdditionalKeys({} as IWorkflowExecuteAdditionalData, 'internal', null, {
	isCredential: true,
});

function resolveCredential(
	workflow: Workflow,
	properties: INodeProperties[],
	stored: ICredentialDataDecryptedObject,
): ICredentialDataDecryptedObject {
	const data = NodeHelpers.getNodeParameters(
		properties,
		stored as INodeParameters,
		true,
		false,
		null,
		null,
	) as INodeParameters;
	return workflow.expression.getComplexParameterValue(
		node,
		data,
		'internal',
		additionalKeys,
		undefined,
		undefined,
		data,
	) as ICredentialDataDecryptedObject;
}

function resolveTestUrl(
	workflow: Workflow,
	url: string,
	credentials: ICredentialDataDecryptedObject,
): string {
	return String(
		workflow.expression.getComplexParameterValue(node, url, 'internal', {
			...additionalKeys,
			$credentials: credentials,
		}),
	);
}

/** The URLs for one credential's cloud settings (`cloud`, `loginBaseUrl`, `apiBaseUrl`, …). */
export async function credentialUrls(
	settings: ICredentialDataDecryptedObject,
): Promise<CredentialUrls> {
	const workflow = newWorkflow();
	return await workflow.expression.withIsolate(async () => {
		const oauth2 = new DefenderMsspOAuth2Api();
		const app = new DefenderMsspAppApi();
		const own = resolveCredential(workflow, oauth2.properties, { ...settings, tenantId: TENANT });
		const appOwn = resolveCredential(workflow, app.properties, {
			...settings,
			testTenantId: TENANT,
		});
		return {
			authUrl: String(own.authUrl),
			accessTokenUrl: String(own.accessTokenUrl),
			scope: String(own.scope),
			testUrl: resolveTestUrl(workflow, String(oauth2.test.request.url), own),
			appTestUrl: resolveTestUrl(workflow, String(app.test.request.url), appOwn),
		};
	});
}

async function main(engine: string, settingsJson: string): Promise<void> {
	if (engine !== 'quickjs') throw new Error(`engine must be quickjs, got ${engine}`);
	await Expression.initExpressionEngine({
		engine,
		bridgeTimeout: 5000,
		bridgeMemoryLimit: 128,
		poolSize: 1,
		maxCodeCacheSize: 256,
	});
	const results: CredentialUrls[] = [];
	for (const settings of JSON.parse(settingsJson) as ICredentialDataDecryptedObject[]) {
		results.push(await credentialUrls(settings));
	}
	process.stdout.write(JSON.stringify(results));
}

if (require.main === module) {
	main(process.argv[2] ?? '', process.argv[3] ?? '[]').then(
		() => process.exit(0),
		(error: unknown) => {
			process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
			process.exit(1);
		},
	);
}
