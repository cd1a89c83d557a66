/**
 * A 200 that is not an OData list (an error body passed on with 200 by something in the way, an
 * empty answer) is an error naming the tenant in every Get Many: alerts (Fetch Alerts), machines
 * and indicators (Response), never an empty result.
 */
import type { INodeParameters, INodeType } from 'n8n-workflow';

import { DefenderMsspAppApi } from '../../credentials/DefenderMsspAppApi.credentials';
import { DefenderMsspOAuth2Api } from '../../credentials/DefenderMsspOAuth2Api.credentials';
import { DefenderFetchAlerts } from '../../nodes/DefenderFetchAlerts/DefenderFetchAlerts.node';
import { DefenderResponse } from '../../nodes/DefenderResponse/DefenderResponse.node';
import { sandboxAppCredentials, startEnv, stopEnv, type Env } from '../fetch-alerts/support';
import { runNode } from '../harness';
import type { HarnessCredentials, RunNodeResult } from '../harness';
import { startNotAListApi, type NotAListApi } from './fixtures/notAListApi';
import { resetTransport } from './support';

jest.setTimeout(120_000);

let env: Env;
let api: NotAListApi;

beforeAll(async () => {
	env = await startEnv();
	api = await startNotAListApi('');
});
afterAll(async () => {
	await api?.stop();
	await stopEnv(env);
});
beforeEach(() => resetTransport());

/** Sign-in at the sandbox, the API behind the thing in the way. */
function credentials(): HarnessCredentials {
	const { sb } = env;
	const creds = sandboxAppCredentials(sb, [
		{ tenantId: sb.tenants.fabrikam.id, label: 'Fabrikam' },
		{ tenantId: sb.tenants.northwind.id, label: 'Northwind' },
	]);
	creds.defenderMsspAppApi.data.apiBaseUrl = api.apiBaseUrl;
	return creds;
}

const run = (nodeType: INodeType, parameters: INodeParameters, continueOnFail = false) =>
	runNode({
		nodeType,
		credentialTypes: [new DefenderMsspAppApi(), new DefenderMsspOAuth2Api()],
		credentials: credentials(),
		parameters: {
			authentication: 'defenderMsspAppApi',
			tenantScope: 'all',
			returnAll: true,
			...parameters,
		},
		continueOnFail,
	});

const ERROR_BODY = JSON.stringify({
	error: { code: 'Forbidden', message: 'Request blocked by the web filter' },
});
const listings: Array<[string, () => INodeType, INodeParameters, string, string]> = [
	['alerts', () => new DefenderFetchAlerts(), { operation: 'getAll' }, '/api/alerts', ERROR_BODY],
	[
		'machines',
		() => new DefenderResponse(),
		{ resource: 'machine', operation: 'getAll' },
		'/api/machines',
		'',
	],
	[
		'indicators',
		() => new DefenderResponse(),
		{ resource: 'indicator', operation: 'getAll' },
		'/api/indicators',
		JSON.stringify({ '@odata.context': 'https://example.invalid/api/$metadata#Indicators' }),
	],
];

function errorText(result: RunNodeResult): string {
	const error = result.error as { message?: string; description?: string } | undefined;
	return `${error?.message} ${error?.description}`;
}

describe.each(listings)(
	'Get Many %s answered 200 without a "value" list',
	(_n, node, params, path, body) => {
		beforeEach(() => {
			api.answer = body;
			api.requests.length = 0;
		});

		it('fails the run with an error naming the tenant and what to check', async () => {
			const result = await run(node(), params);
			expect(api.requests.some((r) => r.startsWith(path))).toBe(true);
			expect(result.output).toBeNull();
			const text = errorText(result);
			expect(text).toContain(env.sb.tenants.fabrikam.id);
			expect(text).toContain('"value"');
			expect(text).toMatch(/proxy/);
			expect(text).toMatch(/API base URL/);
		});

		it('with continue on fail, one error item per tenant instead of zero items', async () => {
			const result = await run(node(), params, true);
			const items = result.output![0].map((i) => i.json);
			expect(items).toHaveLength(2);
			expect(items.map((i) => i.tenantLabel)).toEqual(['Fabrikam', 'Northwind']);
			for (const item of items) {
				expect(String(item.error)).toContain(String(item.tenantId));
				expect(String(item.error)).toContain('without a "value" list');
			}
		});
	},
);
