/**
 * IP address checks: only valid addresses may reach typed fields (ECS ip, CEF src, LEEF src),
 * where one bad value rejects the whole record.
 */

const IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6_RE = /^[0-9a-fA-F:.]{2,45}$/;

export function isIPv4(s: string): boolean {
	return IPV4_RE.test(s);
}

/** Loose IPv6 check (hex groups and colons, at most one `::`). */
export function isIPv6(s: string): boolean {
	if (!IPV6_RE.test(s) || !s.includes(':')) return false;
	const dbl = s.split('::').length - 1;
	if (dbl > 1) return false;
	const groups = s.split(':').filter((g) => g !== '');
	const last = groups[groups.length - 1] ?? '';
	if (last.includes('.') && !isIPv4(last)) return false;
	const hexGroups = last.includes('.') ? groups.slice(0, -1) : groups;
	const max = last.includes('.') ? 6 : 8;
	if (hexGroups.length > max || (dbl === 0 && hexGroups.length !== max)) return false;
	return hexGroups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g));
}
