/**
 * File paths: the API gives a file's folder and its name apart; SIEM fields want the full path.
 */

/** Joins a directory and a file name the way Windows paths read. */
export function joinPath(dir: string, name: string): string {
	if (dir === '') return name;
	if (name === '') return dir;
	const sep = dir.includes('/') && !dir.includes('\\') ? '/' : '\\';
	return dir.endsWith(sep) ? dir + name : dir + sep + name;
}
