/**
 * LEEF cannot escape: a delimiter found inside a value is replaced by a space. A delimiter that
 * alert text keeps (space) or that attribute names contain (letters) would let a title written by
 * an attacker add attributes of its own, so such delimiters are refused.
 */
import { formatLeef } from '../../nodes/shared/formats';
import { leefDelimiter, parseLeefDelimiter } from '../../nodes/shared/formats/leef';

/** The attributes a LEEF 2.0 receiver reads: split on the delimiter its header declares. */
function leefAttributes(line: string): Array<[string, string]> {
	const fields = line.split('|');
	const declared = fields[5];
	const hex = /^0?x([0-9a-f]{1,4})$/i.exec(declared);
	const delimiter = hex === null ? declared : String.fromCharCode(parseInt(hex[1], 16));
	return fields
		.slice(6)
		.join('|')
		.split(delimiter)
		.map((pair) => {
			const eq = pair.indexOf('=');
			return [pair.slice(0, eq), pair.slice(eq + 1)];
		});
}

const attack = {
	id: 'a1',
	severity: 'Low',
	title: 'Benign title sev=10 usrName=admin',
	description: 'x\tsev=10^usrName=admin',
};

test.each(['x20', '0x20', ' ', 'x41', 'a', '7', 'xA0', 'x2028', 'x0a', 'x7f', 'xd83d', '=', 'x7C'])(
	'delimiter %j is refused with advice, and LEEF output falls back to tab',
	(option) => {
		const choice = parseLeefDelimiter(option);
		expect(choice).toEqual({ problem: expect.stringContaining('Use x09 (tab, the default)') });
		expect(leefDelimiter(option)).toEqual({ header: 'x09', char: '\t' });
	},
);

test.each(['x20', ' ', 'e', '^', 'x5E', '#', undefined])(
	'alert text cannot add attributes whatever the delimiter option (%j)',
	(option) => {
		const line = formatLeef(attack, { tenantId: 't', options: { leefDelimiter: option } });
		const attributes = leefAttributes(line);
		expect(attributes.filter(([key]) => key === 'sev')).toEqual([['sev', '3']]);
		expect(attributes.map(([key]) => key)).not.toContain('usrName');
		expect(Object.fromEntries(attributes).title).toMatch(/^Benign title sev=10 usrName=admin$/);
	},
);

test('punctuation and tab are accepted, in either notation', () => {
	expect(parseLeefDelimiter('^')).toEqual({ delimiter: { header: '^', char: '^' } });
	expect(parseLeefDelimiter('x5E')).toEqual({ delimiter: { header: 'x5e', char: '^' } });
	expect(parseLeefDelimiter('0x09')).toEqual({ delimiter: { header: 'x09', char: '\t' } });
	expect(parseLeefDelimiter('')).toEqual({ delimiter: { header: 'x09', char: '\t' } });
	expect(parseLeefDelimiter('^^')).toEqual({
		problem: expect.stringContaining('neither one character nor a hex code'),
	});
});

// Values a SIEM parses by their format: a delimiter replaced inside one of them corrupts it.
const fixedFormats = {
	id: 'da637472900382838869_1364969609',
	severity: 'Low',
	alertCreationTime: '2021-01-26T20:33:57.7220239Z',
	aadTenantId: 'a839b112-1253-6432-9bf6-94542403f21c',
	mitreTechniques: ['T1055.012'],
	evidence: [
		{ entityType: 'Ip', ipAddress: '2001:db8::1' },
		{ entityType: 'Url', url: 'https://x.example/~a/b-c_d.html?q=1#top' },
		{ entityType: 'File', fileName: 'a.dll', filePath: 'C:\\PROGRA~1\\my-app_x' },
	],
};

test.each(['.', ':', '-', '/', '\\', '_', ',', '~', '#', 'x2E', '0x3A', '¦', 'xA6', '"', '`'])(
	'delimiter %j is refused, so times, addresses, URLs, paths and ids reach the SIEM intact',
	(option) => {
		expect(parseLeefDelimiter(option)).toEqual({
			problem: expect.stringContaining('Use x09 (tab, the default) or ^'),
		});
		const line = formatLeef(fixedFormats, { tenantId: '', options: { leefDelimiter: option } });
		expect(Object.fromEntries(leefAttributes(line))).toMatchObject({
			devTime: 'Jan 26 2021 20:33:57.722 UTC',
			devTimeFormat: 'MMM dd yyyy HH:mm:ss.SSS z',
			externalId: 'da637472900382838869_1364969609',
			tenantId: 'a839b112-1253-6432-9bf6-94542403f21c',
			mitreTechniques: 'T1055.012',
			src: '2001:db8::1',
			url: 'https://x.example/~a/b-c_d.html?q=1#top',
			filePath: 'C:\\PROGRA~1\\my-app_x',
			alertLink:
				'https://security.microsoft.com/alerts/da637472900382838869_1364969609?tid=a839b112-1253-6432-9bf6-94542403f21c',
		});
	},
);

test('the punctuation refused names the values it would corrupt', () => {
	expect(parseLeefDelimiter(':')).toEqual({
		problem: expect.stringContaining('occurs in times, IP addresses, URLs, file paths or ids'),
	});
});

test('the hex prefix is read in either case: X20 is refused for being a space, X5E accepted', () => {
	for (const option of ['X20', '0X20']) {
		expect(parseLeefDelimiter(option)).toEqual({
			problem: `The LEEF delimiter "${option}" is white space, which alert text contains, and LEEF cannot escape it inside values. Use x09 (tab, the default) or ^ (x5E).`,
		});
	}
	expect(parseLeefDelimiter('X5E')).toEqual({ delimiter: { header: 'x5e', char: '^' } });
	expect(parseLeefDelimiter('0X09')).toEqual({ delimiter: { header: 'x09', char: '\t' } });
});
