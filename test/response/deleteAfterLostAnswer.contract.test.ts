/**
 * Indicator Delete is idempotent, so the transport sends it again after an attempt whose answer
 * was lost. When the lost attempt did the delete, the second one meets 404: that is the delete
 * having worked, not "not found". The sandbox plays a gateway that answers 500 after the backend
 * deleted the indicator (test/transport-contract/resend.test.ts has the same with a real timeout).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { DefenderMsspAppApi } from '../../credentials/DefenderMsspAppApi.credentials';
import { DefenderMsspOAuth2Api } from '../../credentials/DefenderMsspOAuth2Api.credentials';
import { DefenderResponse } from '../../nodes/DefenderResponse/DefenderResponse.node';
import { runNode, trustCa } from '../harness';
import type { RunNodeResult } from '../harness';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';

jest.setTimeout(120_000);

let sb: Sandbox;
let untrust: () => void;
let tenantId: string;

beforeAll(async () => {
	sb = await startSandbox();
	untrust = trustCa(sb.caPem);
	tenantId = sb.tenants.fabrikam.id;
});
afterAll(async () => {
	untrust?.();
	await sb?.stop();
});
beforeEach(async () => {
	await sb.control.reset();
});

async function run(parameters: INodeParameters): Promise<RunNodeResult> {
	return await runNode({
		nodeType: new DefenderResponse(),
		credentialTypes: [new DefenderMsspAppApi(), new DefenderMsspOAuth2Api()],
		credentials: {
			defenderMsspAppApi: {
				id: 'app-cred',
				data: {
					cloud: 'custom',
					loginBaseUrl: sb.loginBaseUrl,
					apiBaseUrl: sb.apiBaseUrl,
					clientId: sb.credentials.clientId,
					clientSecret: sb.credentials.clientSecret,
					tenants: { tenant: [{ tenantId, label: 'Fabrikam' }] },
				},
			},
		},
		parameters: {
			authentication: 'defenderMsspAppApi',
			tenant: { __rl: true, mode: 'list', value: tenantId },
			...parameters,
		},
	});
}

async function createIndicator(value: string): Promise<string> {
	const r = await run({
		resource: 'indicator',
		operation: 'createOrUpdate',
		indicatorValue: value,
		action: 'Block',
		expiration: '7d',
	});
	if (!r.output) throw new Error(`create failed: ${r.error?.message}`);
	return String(r.output[0][0].json.id);
}

/** The statuses the sandbox gave to DELETEs of indicator `id`, in order. */
async function deleteStatuses(id: string): Promise<number[]> {
	return (await sb.control.requests())
		.filter((r) => r.method === 'DELETE' && r.path === `/api/indicators/${id}`)
		.map((r) => r.status);
}

const remove = async (id: string) =>
	await run({ resource: 'indicator', operation: 'delete', indicatorId: id });

describe('Indicator Delete after a lost answer', () => {
	it('reports deleted when the resent delete meets 404', async () => {
		const id = await createIndicator('lost-answer.example.com');
		// The backend deletes it, then the gateway in front answers 500.
		sb.state.response.indicators(tenantId).delete(id);
		await sb.control.addFault({ kind: '500', method: 'DELETE', pathPrefix: '/api/indicators' });
		const r = await remove(id);
		expect(r.error).toBeUndefined();
		expect((r.output?.[0][0].json as IDataObject) ?? {}).toMatchObject({ id, deleted: true });
		expect(await deleteStatuses(id)).toEqual([500, 404]);
	});

	it('still says not found when no earlier answer was lost', async () => {
		const r = await remove('424242');
		expect(r.error?.message).toMatch(/Indicator "424242" was not found in customer tenant/);
		expect(await deleteStatuses('424242')).toEqual([404]);
	});

	it('still says not found after a 503, which Defender sends only for what it did not do', async () => {
		await sb.control.addFault({ kind: '503', method: 'DELETE', pathPrefix: '/api/indicators' });
		const r = await remove('434343');
		expect(r.error?.message).toMatch(/Indicator "434343" was not found/);
		expect(await deleteStatuses('434343')).toEqual([503, 404]);
	});
});
