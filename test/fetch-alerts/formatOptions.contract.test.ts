/**
 * The Format Options through n8n-core, for Fetch Alerts (Get, Get Many) and the Alert Trigger: what
 * a relay needs reaches `formatted`, the portal link follows the option, and a value a relay
 * would misread fails the node with advice before any request changes anything.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { DefenderAlert } from '../../nodes/shared/alerts/types';
import { sandboxAppCredentials, itemsOf, run, startEnv, stopEnv, type Env } from './support';
import { configurePoll, poll, itemsOf as pollItems } from '../trigger/support';

jest.setTimeout(120_000);

let env: Env;
let alerts: DefenderAlert[];
const app = () =>
	sandboxAppCredentials(env.sb, [{ tenantId: env.sb.tenants.fabrikam.id, label: 'Fabrikam' }]);
const fabrikam = () => ({ __rl: true, mode: 'id', value: env.sb.tenants.fabrikam.id });
const get = (extra: INodeParameters): INodeParameters => ({
	authentication: 'defenderMsspAppApi',
	operation: 'get',
	tenant: fabrikam(),
	alertId: { __rl: true, mode: 'id', value: alerts[0].id },
	...extra,
});

beforeAll(async () => {
	env = await startEnv();
	configurePoll(env.sb);
	await env.sb.control.seedAlerts(env.sb.tenants.fabrikam.id, { count: 5, seed: 11 });
	alerts = (await env.sb.control.alerts(env.sb.tenants.fabrikam.id)) as DefenderAlert[];
}, 120_000);
afterAll(async () => stopEnv(env));

test('Get: syslog LEEF with this n8n host, an enterprise number, milliseconds and a portal host', async () => {
	const [item] = itemsOf(
		await run(
			get({
				output: 'syslogLeef',
				formatOptions: {
					syslogEnterpriseNumber: 54321,
					leefDelimiter: '^',
					portalBaseUrl: 'https://security.microsoft.us',
				},
			}),
			app(),
		),
	);
	const line = item.formatted as string;
	// The harness's n8n runs at http://127.0.0.1:5678; LEEF defaults to milliseconds.
	expect(line).toMatch(
		/^<\d+>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z 127\.0\.0\.1 defender-mssp - mdeAlert \[defender@54321 /,
	);
	expect(line).toContain('|^|devTime=');
	expect(line).toContain(`alertLink=https://security.microsoft.us/alerts/${alerts[0].id}?tid=`);
	const [simplified] = itemsOf(
		await run(get({ formatOptions: { portalBaseUrl: 'https://security.apps.mil' } }), app()),
	);
	expect(simplified.portalUrl).toMatch(/^https:\/\/security\.apps\.mil\/alerts\//);
});

test('Get Many: CEF with the space liblognorm needs; HEC with an index', async () => {
	const many = (output: string, formatOptions: INodeParameters) =>
		run(
			{
				authentication: 'defenderMsspAppApi',
				operation: 'getAll',
				tenantScope: 'one',
				tenant: fabrikam(),
				returnAll: true,
				output,
				formatOptions,
			},
			app(),
		);
	const cef = itemsOf(await many('cef', { cefSpaceBeforeExtension: true }));
	expect(cef).toHaveLength(alerts.length);
	for (const item of cef) expect(item.formatted).toMatch(/^CEF:0\|(?:[^|]*\|){6} rt=/);
	const hec = itemsOf(await many('splunkHec', { hecIndex: 'mssp_defender' }));
	expect(hec.map((i) => (i.formatted as IDataObject).index)).toEqual(
		alerts.map(() => 'mssp_defender'),
	);
});

test('a refused value fails the node with advice, before an Update is sent', async () => {
	const before = JSON.stringify(alerts[1]);
	const result = await run(
		{
			authentication: 'defenderMsspAppApi',
			operation: 'update',
			tenant: fabrikam(),
			alertId: { __rl: true, mode: 'id', value: alerts[1].id },
			updateFields: { status: 'Resolved', comment: 'must not be posted' },
			output: 'syslogLeef',
			formatOptions: { leefDelimiter: 'x20' },
		},
		app(),
	);
	expect(result.error?.message).toContain('The LEEF delimiter "x20" is white space');
	const stored = (
		(await env.sb.control.alerts(env.sb.tenants.fabrikam.id)) as DefenderAlert[]
	).find((a) => a.id === alerts[1].id);
	expect(JSON.stringify(stored)).toBe(before);
});

test('Alert Trigger (test event): syslog CEF with the options', async () => {
	const r = await poll(
		{
			authentication: 'defenderMsspAppApi',
			tenantScope: 'one',
			tenant: fabrikam(),
			events: ['created'],
			output: 'syslogCef',
			formatOptions: { syslogHostname: 'relay-01', syslogTimePrecision: 'seconds' },
		},
		app(),
		undefined,
		'manual',
	);
	const [item] = pollItems(r);
	expect(item.formatted).toMatch(/^<\d+>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ relay-01 defender-mssp /);
});
