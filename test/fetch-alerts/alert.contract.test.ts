/**
 * Get, Update and Batch Update through n8n-core against the sandbox, and the bad-input errors.
 */
import type { DefenderAlert } from '../../nodes/shared/alerts/types';
import {
	sandboxAppCredentials,
	itemsOf,
	oauthCredentials,
	run,
	startEnv,
	stopEnv,
	type Env,
} from './support';

let env: Env;
let alerts: DefenderAlert[];
const app = () =>
	sandboxAppCredentials(env.sb, [{ tenantId: env.sb.tenants.fabrikam.id, label: 'Fabrikam' }]);
const one = () => ({
	authentication: 'defenderMsspAppApi',
	tenant: { __rl: true, mode: 'list', value: env.sb.tenants.fabrikam.id },
});
const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });
const stored = async (id: string) =>
	((await env.sb.control.alerts(env.sb.tenants.fabrikam.id)) as DefenderAlert[]).find(
		(a) => a.id === id,
	)!;

beforeAll(async () => {
	env = await startEnv();
	await env.sb.control.seedAlerts(env.sb.tenants.fabrikam.id, { count: 20, seed: 3 });
	alerts = (await env.sb.control.alerts(env.sb.tenants.fabrikam.id)) as DefenderAlert[];
}, 120_000);
afterAll(async () => stopEnv(env));

describe('Get / Update / Batch Update', () => {
	it('gets an alert by ID (app) and by portal URL (OAuth2), with evidence and the tenant', async () => {
		const items = itemsOf(
			await run({ ...one(), operation: 'get', alertId: byId(alerts[0].id), output: 'raw' }, app()),
		);
		expect(items).toEqual([
			expect.objectContaining({
				id: alerts[0].id,
				tenantLabel: 'Fabrikam',
				evidence: expect.any(Array),
			}),
		]);
		const creds = await oauthCredentials(env.sb, env.sb.tenants.fabrikam.id);
		const url = {
			__rl: true,
			mode: 'url',
			value: `https://security.microsoft.com/alerts/${alerts[1].id}?tid=x`,
		};
		const viaOAuth = itemsOf(
			await run({ authentication: 'defenderMsspOAuth2Api', operation: 'get', alertId: url }, creds),
		);
		expect(viaOAuth[0]).toMatchObject({ id: alerts[1].id, tenantId: env.sb.tenants.fabrikam.id });
	});

	it('updates status, owner, classification, determination and comment (PATCH, case-sensitive body)', async () => {
		const id = alerts[2].id;
		const items = itemsOf(
			await run(
				{
					...one(),
					operation: 'update',
					alertId: byId(id),
					classification: 'TruePositive',
					determination: 'Malware',
					updateFields: {
						status: 'Resolved',
						assignedTo: 'soc@mssp.example',
						comment: 'Handled by n8n',
					},
				},
				app(),
			),
		);
		expect(items[0]).toMatchObject({
			id,
			status: 'Resolved',
			classification: 'TruePositive',
			determination: 'Malware',
		});
		const after = await stored(id);
		expect(after).toMatchObject({
			status: 'Resolved',
			assignedTo: 'soc@mssp.example',
			determination: 'Malware',
		});
		expect(after.comments?.some((c) => c.comment === 'Handled by n8n')).toBe(true);
	});

	it('does not resend an update with a comment whose answer was lost, and says how to check', async () => {
		const id = alerts[4].id;
		await env.sb.control.addFault({ kind: 'reset', method: 'PATCH', pathPrefix: '/api/alerts' });
		const result = await run(
			{
				...one(),
				operation: 'update',
				alertId: byId(id),
				updateFields: { comment: 'Lost answer' },
			},
			app(),
		);
		expect(result.error?.message).toMatch(/Fabrikam.*may have been applied/);
		expect(result.error?.description).toMatch(/not sent again.*look at its comments/);
		// The sandbox resets before acting, so the one attempt left no comment and none was resent.
		expect((await stored(id)).comments?.some((c) => c.comment === 'Lost answer')).toBeFalsy();
	});

	it('updates with the OAuth2 credential too', async () => {
		const creds = await oauthCredentials(env.sb, env.sb.tenants.fabrikam.id);
		const id = alerts[3].id;
		itemsOf(
			await run(
				{
					authentication: 'defenderMsspOAuth2Api',
					operation: 'update',
					alertId: byId(id),
					updateFields: { status: 'InProgress' },
				},
				creds,
			),
		);
		expect((await stored(id)).status).toBe('InProgress');
	});

	it('batch-updates many alerts from an expression list', async () => {
		const targets = alerts.slice(5, 12).map((a) => a.id);
		const items = itemsOf(
			await run(
				{
					...one(),
					operation: 'batchUpdate',
					alertIds: '={{ $json.ids }}',
					classification: 'FalsePositive',
					determination: 'Clean',
				},
				app(),
				{ inputItems: [{ ids: targets }] },
			),
		);
		expect(items[0]).toMatchObject({ updated: true, alertCount: 7, tenantLabel: 'Fabrikam' });
		for (const id of targets) expect((await stored(id)).determination).toBe('Clean');
	});
});

describe('a Batch Update whose later call fails says what was applied', () => {
	/** 2,500 ids: three calls of 1,000, 1,000 and 500, with one real alert at each call's start. */
	const list = (real: string[]) =>
		Array.from({ length: 2500 }, (_, i) =>
			i % 1000 === 0 ? real[i / 1000] : `da000000000000000000_${i}`,
		);
	const batchComment = (comment: string) => ({
		...one(),
		operation: 'batchUpdate',
		alertIds: '={{ $json.ids }}',
		updateFields: { comment },
	});
	const comments = async (id: string, text: string) =>
		((await stored(id)).comments ?? []).filter((c) => c.comment === text).length;

	it('names the applied, maybe-applied and unsent alerts, so running only the rest posts no comment twice', async () => {
		const real = alerts.slice(13, 16).map((a) => a.id);
		const ids = list(real);
		// The second call's answer is lost: the sandbox resets the connection before acting on it.
		await env.sb.control.addFault({
			kind: 'reset',
			method: 'POST',
			pathPrefix: '/api/alerts/batchUpdate',
			after: 1,
		});
		const result = await run(batchComment('Batch note'), app(), { inputItems: [{ ids }] });
		expect(result.error?.message).toMatch(/Fabrikam.*may have been applied/);
		const description = result.error?.description ?? '';
		expect(description).toContain(
			`Applied (Defender confirmed them): alerts 1–1000 of the list (1000: ${ids[0]} … ${ids[999]})`,
		);
		expect(description).toContain('May have been applied: alerts 1001–2000');
		expect(description).toContain('Not sent: alerts 2001–2500');
		expect(description).toMatch(
			/If they were, run again with only alerts 2001–2500.*slice\(2000\)/,
		);
		expect(description).toMatch(/if not, with alerts 1001–2500.*slice\(1000\)/);
		expect(result.error?.context).toMatchObject({
			appliedAlertIds: ids.slice(0, 1000),
			mayHaveBeenAppliedAlertIds: ids.slice(1000, 2000),
			notSentAlertIds: ids.slice(2000),
		});
		expect(await comments(real[0], 'Batch note')).toBe(1);
		expect(await comments(real[1], 'Batch note')).toBe(0);

		// Call 2 was not applied, so the rest is from position 1001: the first alert keeps one comment.
		itemsOf(
			await run(batchComment('Batch note'), app(), { inputItems: [{ ids: ids.slice(1000) }] }),
		);
		expect(await Promise.all(real.map((id) => comments(id, 'Batch note')))).toEqual([1, 1, 1]);
	});

	it('a call Defender refused is named as not applied, to run again from its first alert', async () => {
		const real = alerts.slice(16, 19).map((a) => a.id);
		const ids = list(real);
		await env.sb.control.addFault({
			kind: '429',
			method: 'POST',
			pathPrefix: '/api/alerts/batchUpdate',
			after: 1,
			// Longer than Max Retry Wait: the node gives up at once with Defender's 429.
			retryAfterSeconds: 3600,
		});
		const result = await run(batchComment('Refused note'), app(), { inputItems: [{ ids }] });
		await env.sb.control.clearFaults();
		const description = result.error?.description ?? '';
		expect(description).toContain('Call 2 of 3 of this Batch Update failed.');
		expect(description).toContain('Applied (Defender confirmed them): alerts 1–1000');
		expect(description).toContain('Not applied (Defender refused the call): alerts 1001–2000');
		expect(description).toMatch(/run again with only alerts 1001–2500.*slice\(1000\)/);
		expect(await comments(real[0], 'Refused note')).toBe(1);
		expect(await comments(real[1], 'Refused note')).toBe(0);
	});
});

describe('bad input gets a clear, actionable error', () => {
	const message = async (parameters: Record<string, unknown>, extra = {}) => {
		const result = await run(parameters as never, app(), extra);
		expect(result.output).toBeNull();
		return `${result.error?.message} ${result.error?.description ?? ''}`;
	};

	it('unknown alert id', async () => {
		expect(
			await message({ ...one(), operation: 'get', alertId: byId('da000000000000000000_1') }),
		).toMatch(/Alert "da000000000000000000_1" was not found in customer tenant "Fabrikam"/);
	});

	it('invalid enum combination from an expression', async () => {
		expect(
			await message({
				...one(),
				operation: 'update',
				alertId: byId(alerts[4].id),
				classification: 'FalsePositive',
				determination: '={{ "Malware" }}',
			}),
		).toMatch(
			/"Malware" does not go with classification "FalsePositive".*Clean, InsufficientData, Other/,
		);
	});

	it('a time window that ends before it starts', async () => {
		const window = { mode: 'absolute', from: '2024-05-02T00:00:00Z', to: '2024-05-01T00:00:00Z' };
		expect(
			await message({
				authentication: 'defenderMsspAppApi',
				tenantScope: 'all',
				operation: 'getAll',
				filters: { timeWindow: { window } },
			}),
		).toMatch(/ends .* before it starts.*Set "To" later than "From"/);
	});

	it('a malformed tenant id', async () => {
		expect(
			await message({
				authentication: 'defenderMsspAppApi',
				tenantScope: 'one',
				tenant: byId('={{ "not a tenant" }}'),
				operation: 'getAll',
			}),
		).toMatch(/"not a tenant" is not a tenant ID or domain.*GUID/);
	});

	it('expressions that yield an empty list', async () => {
		expect(
			await message({
				...one(),
				operation: 'batchUpdate',
				alertIds: '={{ [] }}',
				updateFields: { status: 'Resolved' },
			}),
		).toMatch(/list is empty/);
		expect(
			await message({
				authentication: 'defenderMsspAppApi',
				tenantScope: 'list',
				tenantIds: '={{ [] }}',
				operation: 'getAll',
			}),
		).toMatch(/No customer tenant is selected/);
	});

	it('continueOnFail turns a bad item into an error item and keeps the good one', async () => {
		const result = await run(
			{ ...one(), operation: 'get', alertId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
			app(),
			{
				continueOnFail: true,
				inputItems: [{ id: 'da000000000000000000_1' }, { id: alerts[0].id }],
			},
		);
		const items = result.output![0];
		expect(items[0]).toMatchObject({
			json: { error: expect.stringContaining('was not found') },
			pairedItem: { item: 0 },
		});
		expect(items[1]).toMatchObject({ json: { id: alerts[0].id }, pairedItem: { item: 1 } });
	});

	it('On Error → Continue (using error output) sends the bad item to the error output', async () => {
		const result = await run(
			{ ...one(), operation: 'get', alertId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
			app(),
			{
				onError: 'continueErrorOutput',
				inputItems: [{ id: 'da000000000000000000_1' }, { id: alerts[0].id }],
			},
		);
		const [success, failure] = result.output ?? [];
		expect(success.map((i) => i.json.id)).toEqual([alerts[0].id]);
		expect(failure).toHaveLength(1);
		expect(failure[0].json.error).toEqual(expect.stringContaining('was not found'));
	});
});
