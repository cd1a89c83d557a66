/**
 * The nodes' Format Options reach the formatters: defaults that suit the deployment (the portal of
 * the credential's Microsoft cloud, this n8n's host as syslog HOSTNAME), per-format timestamp
 * precision, and refusals with advice for values a relay would misread.
 */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import { readFormatOptions } from '../../nodes/shared/alerts/formatOptions';
import type { AlertOutput } from '../../nodes/shared/alerts/output';
import { formatAlert, formatSyslogCef, formatSyslogLeef } from '../../nodes/shared/formats';

const NODE: INode = {
	id: 'n1',
	name: 'Defender Fetch Alerts',
	type: 'n8n-nodes-defender-mssp.defenderFetchAlerts',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** An execute context with just what readFormatOptions reads. */
function context(
	formatOptions: IDataObject,
	cloud: string,
	baseUrl = 'https://n8n.mssp.example:5678/',
): IExecuteFunctions {
	const parameters: IDataObject = { authentication: 'defenderMsspAppApi', formatOptions };
	return {
		getInputData: () => [{ json: {} }],
		getNodeParameter: (name: string, _item: number, fallback: unknown) =>
			parameters[name] ?? fallback,
		getCredentials: async () => ({ cloud, clientId: 'c', clientSecret: 's' }),
		getInstanceBaseUrl: () => baseUrl,
		getNode: () => NODE,
	} as unknown as IExecuteFunctions;
}

const read = (options: IDataObject, output: AlertOutput, cloud = 'global', baseUrl?: string) =>
	readFormatOptions.call(context(options, cloud, baseUrl), 0, output);

const alert = {
	id: 'da1_2',
	severity: 'High',
	title: 'T',
	alertCreationTime: '2020-06-30T09:08:11.1084877Z',
};

test("portal links follow the credential's cloud unless a base URL is given", async () => {
	expect((await read({}, 'cef', 'gccHigh')).portalBaseUrl).toBe('https://security.microsoft.us');
	expect((await read({}, 'simplified', 'dod')).portalBaseUrl).toBe('https://security.apps.mil');
	expect((await read({}, 'ecs', 'gcc')).portalBaseUrl).toBe('https://security.microsoft.com');
	const mto = await read({ portalBaseUrl: 'https://mto.security.microsoft.com/' }, 'cef', 'dod');
	expect(mto.portalBaseUrl).toBe('https://mto.security.microsoft.com');
	const line = formatAlert('cef', alert, {
		tenantId: 't',
		options: await read({}, 'cef', 'gccHigh'),
	}) as string;
	expect(line).toContain('flexString1=https://security.microsoft.us/alerts/da1_2?tid\\=t');
	await expect(read({ portalBaseUrl: 'http://security.microsoft.us' }, 'cef')).rejects.toThrow(
		'is not an https:// base URL',
	);
});

test('syslog defaults: this n8n host as HOSTNAME, documentation PEN, format precision', async () => {
	const options = await read({}, 'syslogLeef');
	expect(options).toMatchObject({
		syslogHostname: 'n8n.mssp.example',
		syslogSdId: 'defender@32473',
	});
	expect(options.syslogTimeDigits).toBeUndefined();
	const leef = formatSyslogLeef(alert, { tenantId: 't', options });
	// QRadar's LEEF guide expects milliseconds; CEF keeps RFC 5424's six digits.
	expect(
		leef.startsWith(
			'<107>1 2020-06-30T09:08:11.108Z n8n.mssp.example defender-mssp - mdeAlert [defender@32473 ',
		),
	).toBe(true);
	const cef = formatSyslogCef(alert, { tenantId: 't', options: await read({}, 'syslogCef') });
	expect(cef.startsWith('<107>1 2020-06-30T09:08:11.108487Z n8n.mssp.example ')).toBe(true);
	// An IPv6 base URL gives the address without brackets.
	expect((await read({}, 'syslogCef', 'global', 'http://[::1]:5678')).syslogHostname).toBe('::1');
});

test('syslog options set HOSTNAME, SD-ID enterprise number and precision', async () => {
	const options = await read(
		{
			syslogHostname: '10.0.0.5',
			syslogEnterpriseNumber: 54321,
			syslogTimePrecision: 'seconds',
		},
		'syslogCef',
	);
	const line = formatSyslogCef(alert, { tenantId: 't', options });
	expect(
		line.startsWith(
			'<107>1 2020-06-30T09:08:11Z 10.0.0.5 defender-mssp - mdeAlert [defender@54321 ',
		),
	).toBe(true);
	const ms = await read({ syslogTimePrecision: 'milliseconds' }, 'syslogCef');
	expect(formatSyslogCef(alert, { tenantId: 't', options: ms })).toContain(
		' 2020-06-30T09:08:11.108Z ',
	);
	await expect(read({ syslogHostname: 'my host' }, 'syslogCef')).rejects.toThrow(
		'has characters RFC 5424 does not allow',
	);
	await expect(read({ syslogEnterpriseNumber: 1.5 }, 'syslogLeef')).rejects.toThrow(
		'is not a positive whole number',
	);
});

test('CEF space, HEC index and LEEF delimiter reach their formats', async () => {
	const cef = formatAlert('cef', alert, {
		tenantId: 't',
		options: await read({ cefSpaceBeforeExtension: true }, 'cef'),
	}) as string;
	expect(cef).toContain('|T|8| rt=');
	const hec = formatAlert('splunkHec', alert, {
		tenantId: 't',
		options: await read({ hecIndex: 'mssp_defender' }, 'splunkHec'),
	}) as IDataObject;
	expect(hec.index).toBe('mssp_defender');
	await expect(read({ hecIndex: 'Main Index' }, 'splunkHec')).rejects.toThrow(
		'is not a Splunk index name',
	);
	const leef = formatAlert('leef', alert, {
		tenantId: 't',
		options: await read({ leefDelimiter: '^' }, 'leef'),
	}) as string;
	expect(leef).toContain('|^|devTime=');
	await expect(read({ leefDelimiter: 'x20' }, 'syslogLeef')).rejects.toThrow(
		'The LEEF delimiter "x20" is white space',
	);
});

test('an option of another format never fails a run, and raw output reads nothing', async () => {
	const leftOver = { leefDelimiter: 'x20', hecIndex: 'Bad Index', syslogHostname: 'a b' };
	await expect(read(leftOver, 'cef')).resolves.toMatchObject({ cefSpaceBeforeExtension: false });
	await expect(read(leftOver, 'raw')).resolves.toEqual({});
});
