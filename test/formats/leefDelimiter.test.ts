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
	const hex = /^(?:0x|x)([0-9a-fA-F]{1,4})$/.exec(declared);
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
