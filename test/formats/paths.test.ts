/**
 * Full file paths (CEF filePath, Sentinel FilePath, ECS file.path) join the evidence's folder and
 * name, but some evidence already carries the whole path in the folder: it must not be doubled.
 */
import { formatCef, formatEcs, formatSentinel } from '../../nodes/shared/formats';
import { joinPath } from '../../nodes/shared/formats/common';
import { parseCef } from './cefParser';

const ctx = { tenantId: 't' };

test.each([
	['C:\\temp', 'a.dll', 'C:\\temp\\a.dll'],
	['C:\\temp\\', 'a.dll', 'C:\\temp\\a.dll'],
	['C:\\temp\\a.dll', 'a.dll', 'C:\\temp\\a.dll'],
	['c:\\TEMP\\A.DLL', 'a.dll', 'c:\\TEMP\\A.DLL'],
	['C:/temp/A.dll', 'a.dll', 'C:/temp/A.dll'],
	['C:\\temp\\xa.dll', 'a.dll', 'C:\\temp\\xa.dll\\a.dll'],
	['/usr/bin/python3', 'python3', '/usr/bin/python3'],
	['/usr/bin/Python3', 'python3', '/usr/bin/Python3/python3'],
	['/usr/bin', 'python3', '/usr/bin/python3'],
	['', 'a.dll', 'a.dll'],
	['C:\\temp', '', 'C:\\temp'],
])('joinPath(%j, %j) is %j', (dir, name, path) => {
	expect(joinPath(dir, name)).toBe(path);
});

test('a folder that already ends with the file name is not doubled in CEF, Sentinel or ECS', () => {
	const alert = {
		id: 'a1',
		evidence: [{ entityType: 'File', fileName: 'a.dll', filePath: 'C:\\temp\\A.dll' }],
	};
	expect(parseCef(formatCef(alert, ctx)).ext.filePath).toBe('C:\\temp\\A.dll');
	expect((formatSentinel(alert, ctx) as Record<string, unknown>).FilePath).toBe('C:\\temp\\A.dll');
	expect(formatEcs(alert, ctx).file).toMatchObject({ name: 'a.dll', path: 'C:\\temp\\A.dll' });
});
