/**
 * File paths: the API gives a file's folder and its name apart; SIEM fields want the full path.
 */

/**
 * Joins a directory and a file name the way Windows paths read. Some evidence already carries
 * the full path in the folder field (`C:\temp\a.dll` with name `a.dll`); joining again would name
 * a file inside a folder that does not exist, so a folder that ends with the name is kept as it
 * is. Windows compares names case-insensitively (`A.DLL` is `a.dll`), POSIX paths do not.
 */
export function joinPath(dir: string, name: string): string {
	if (dir === '') return name;
	if (name === '') return dir;
	const sep = dir.includes('/') && !dir.includes('\\') ? '/' : '\\';
	if (dir.endsWith(sep)) return dir + name;
	return endsWithName(dir, name, sep) ? dir : dir + sep + name;
}

/** Whether the last segment of `dir` is `name`. */
function endsWithName(dir: string, name: string, sep: string): boolean {
	const windows = sep === '\\' || /^[A-Za-z]:/.test(dir);
	const last = dir.slice(Math.max(dir.lastIndexOf('/'), dir.lastIndexOf('\\')) + 1);
	return windows ? last.toLowerCase() === name.toLowerCase() : last === name;
}
