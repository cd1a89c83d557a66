/** Unit checks of the rules each format is built on (escaping, limits, maps, time, framing). */
import {
	formatCef,
	formatLeef,
	formatSentinel,
	formatSplunkHec,
	formatSyslogCef,
	octetFrame,
} from '../../nodes/shared/formats';
import { cefExtension, cefHeader } from '../../nodes/shared/formats/cef';
import { evidenceOf, parseTime, portalLink, severityOf } from '../../nodes/shared/formats/common';
import { leefDelimiter } from '../../nodes/shared/formats/leef';
import { parseCef } from './cefParser';

const ctx = { tenantId: 'tenant-1' };

test('CEF header escapes \\ and |, replaces line breaks; extension escapes \\ = CR LF, not |', () => {
	expect(cefHeader('a|b\\c\nd', 512)).toBe('a\\|b\\\\c d');
	expect(cefExtension('a=b|c\\d\r\ne', 1023)).toBe('a\\=b|c\\\\d\\r\\ne');
});

test('CEF length limits hold and never split a surrogate pair', () => {
	const line = formatCef(
		{ id: 'x'.repeat(100), title: '😀'.repeat(600), description: 'd'.repeat(5000) },
		ctx,
	);
	const p = parseCef(line);
	expect(p.ext.externalId).toHaveLength(40);
	expect(p.ext.msg).toHaveLength(1023);
	expect(p.header[4].length).toBeLessThanOrEqual(512);
	expect(p.header[4]).toBe('😀'.repeat(256));
});

test('CEF carries the documented keys for a full alert', () => {
	const p = parseCef(
		formatCef(
			{
				id: 'da1_2',
				incidentId: 7,
				severity: 'High',
				category: 'DefenseEvasion',
				title: 'T',
				computerDnsName: 'pc1.contoso.local',
				relatedUser: { userName: 'bob', domainName: 'CONTOSO' },
				mitreTechniques: ['T1055', 'T1055.012'],
				detectionSource: 'WindowsDefenderAtp',
				status: 'New',
				alertCreationTime: '2020-06-30T09:08:11.1084877Z',
				evidence: {
					entityType: 'File',
					fileName: 'a.exe',
					filePath: 'C:\\x',
					sha1: 's1',
					sha256: 's256',
				},
			},
			{ tenantId: 'tid', tenantLabel: 'Contoso' },
		),
	);
	expect(p.header).toEqual([
		'Microsoft',
		'Defender for Endpoint',
		'1.0',
		'DefenseEvasion',
		'T',
		'8',
	]);
	expect(p.ext).toMatchObject({
		rt: '1593508091108',
		externalId: 'da1_2',
		cat: 'DefenseEvasion',
		shost: 'pc1.contoso.local',
		sourceDnsDomain: 'contoso.local',
		suser: 'bob',
		sntdom: 'CONTOSO',
		fname: 'a.exe',
		filePath: 'C:\\x\\a.exe',
		fileHash: 's1',
		cs1: 'T1055,T1055.012',
		cs2: 'tid',
		cs3: 'New',
		cs5: 'Contoso',
		cs6: 's256',
		cn1: '7',
		flexString1: 'https://security.microsoft.com/alerts/da1_2?tid=tid',
		sourceServiceName: 'WindowsDefenderAtp',
	});
});

test('CEF filePath and Sentinel FilePath are the full path: the folder the API gives plus the file name', () => {
	const alert = {
		id: 'a',
		evidence: [
			{ entityType: 'Process', fileName: 'rundll32.exe', filePath: 'C:\\Windows\\SysWOW64' },
			{ entityType: 'File', fileName: 'suspicious.dll', filePath: 'c:\\temp' },
		],
	};
	expect(parseCef(formatCef(alert, ctx)).ext).toMatchObject({
		fname: 'suspicious.dll',
		filePath: 'c:\\temp\\suspicious.dll',
	});
	expect(formatSentinel(alert, ctx)).toMatchObject({
		FileName: 'suspicious.dll',
		FilePath: 'c:\\temp\\suspicious.dll',
	});
	const unix = { id: 'b', evidence: { entityType: 'File', fileName: 'x.sh', filePath: '/tmp/' } };
	expect(parseCef(formatCef(unix, ctx)).ext.filePath).toBe('/tmp/x.sh');
	expect(formatSentinel(unix, ctx).FilePath).toBe('/tmp/x.sh');
});

test('severity map (facts §1.7)', () => {
	const rows = ['UnSpecified', 'Informational', 'Low', 'Medium', 'High', null, 'bogus'].map((s) => {
		const r = severityOf(s);
		return [r.name, r.cef, r.leef, r.syslog, r.ecs];
	});
	expect(rows).toEqual([
		['UnSpecified', 0, 1, 6, 21],
		['Informational', 1, 1, 6, 21],
		['Low', 3, 3, 5, 21],
		['Medium', 5, 5, 4, 47],
		['High', 8, 8, 3, 73],
		['UnSpecified', 0, 1, 6, 21],
		['UnSpecified', 0, 1, 6, 21],
	]);
});

test('times keep 7 digits; invalid times are rejected', () => {
	const t = parseTime('2020-06-30T09:08:11.1084877Z')!;
	expect(t.ms).toBe(Date.UTC(2020, 5, 30, 9, 8, 11, 108));
	expect(t.frac7).toBe('1084877');
	expect(parseTime('2020-06-30T11:08:11.1+02:00')!.ms).toBe(Date.UTC(2020, 5, 30, 9, 8, 11, 100));
	expect(parseTime('2020-02-30T00:00:00Z')).toBeNull();
	expect(parseTime(12345)).toBeNull();
});

test('evidence: array, single object, null, junk', () => {
	expect(evidenceOf({ evidence: [{ a: 1 }, null, 3] })).toEqual([{ a: 1 }]);
	expect(evidenceOf({ evidence: { a: 1 } })).toEqual([{ a: 1 }]);
	expect(evidenceOf({ evidence: null })).toEqual([]);
	expect(evidenceOf({ evidence: 'x' })).toEqual([]);
});

test('portal link is scoped to the tenant and encoded', () => {
	expect(portalLink({ id: 'a b' }, { tenantId: 't&x' })).toBe(
		'https://security.microsoft.com/alerts/a%20b?tid=t%26x',
	);
	expect(
		portalLink(
			{ id: 'a' },
			{ tenantId: 't', options: { portalBaseUrl: 'https://security.microsoft.us/' } },
		),
	).toBe('https://security.microsoft.us/alerts/a?tid=t');
});

test('LEEF 2.0: delimiter option, devTime, sanitised values', () => {
	expect(leefDelimiter(undefined)).toEqual({ header: 'x09', char: '\t' });
	expect(leefDelimiter('^')).toEqual({ header: '^', char: '^' });
	expect(leefDelimiter('0x7C')).toEqual({ header: 'x09', char: '\t' });
	const line = formatLeef(
		{
			id: 'i',
			severity: 'Medium',
			category: 'C|at',
			description: 'a\tb^c\nd',
			alertCreationTime: '2020-06-30T09:08:11.1084877Z',
		},
		{ tenantId: 't', options: { leefDelimiter: '^' } },
	);
	expect(line).toBe(
		'LEEF:2.0|Microsoft|Defender for Endpoint|1.0|C at|^|devTime=Jun 30 2020 09:08:11.108 UTC^devTimeFormat=MMM dd yyyy HH:mm:ss.SSS z^sev=5^cat=C|at^externalId=i^tenantId=t^alertLink=https://security.microsoft.com/alerts/i?tid=t^msg=a b c d',
	);
});

test('syslog: 6-digit fraction, SD escaping, configurable High severity, UTF-8 octet count', () => {
	const line = formatSyslogCef(
		{ id: 'x"]\\', severity: 'High', alertCreationTime: '2020-06-30T09:08:11.1084877Z' },
		{
			tenantId: 't',
			tenantLabel: 'Ünïcode 😀',
			options: { syslogHighSeverity: 2, syslogHostname: 'host one' },
		},
	);
	expect(
		line.startsWith('<106>1 2020-06-30T09:08:11.108487Z hostone defender-mssp - mdeAlert '),
	).toBe(true);
	expect(line).toContain('alertId="x\\"\\]\\\\"');
	expect(octetFrame('é😀')).toBe('6 é😀');
	expect(octetFrame(line).split(' ')[0]).toBe(String(Buffer.byteLength(line)));
});

test('HEC envelope: epoch seconds with ms, add-on sourcetype, options', () => {
	const env = formatSplunkHec(
		{ id: 'a', computerDnsName: 'pc1', alertCreationTime: '2020-06-30T09:08:11.1084877Z' },
		{ tenantId: 't', tenantLabel: 'L', options: { hecIndex: 'mssp', hecHost: 'h' } },
	);
	expect(env).toMatchObject({
		time: 1593508091.108,
		host: 'h',
		index: 'mssp',
		source: 'defender-mssp',
		sourcetype: 'ms:defender:atp:alerts',
		fields: { tenant_id: 't', tenant_label: 'L', alert_id: 'a' },
	});
});

test('totality: {} and non-objects', () => {
	for (const input of [{}, null, undefined, 1, 'x', [], { evidence: {}, mitreTechniques: 5 }]) {
		expect(() => parseCef(formatCef(input, ctx))).not.toThrow();
		expect(formatLeef(input, ctx).startsWith('LEEF:2.0|')).toBe(true);
	}
});
