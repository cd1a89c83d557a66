/**
 * Indicator values: the type Defender needs, inferred from the value (with an override), and a
 * local check that says what is wrong before the API answers a terse 400.
 */
import { InputError } from '../../shared/transport';

export const INDICATOR_TYPES = [
	'CertificateThumbprint',
	'DomainName',
	'FileMd5',
	'FileSha1',
	'FileSha256',
	'IpAddress',
	'Url',
] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

const HEX_LENGTH: Partial<Record<IndicatorType, number>> = {
	FileMd5: 32,
	FileSha1: 40,
	CertificateThumbprint: 40,
	FileSha256: 64,
};
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export function isIpv4(value: string): boolean {
	return IPV4.test(value);
}

/** IPv6 with `::` compression and an optional trailing IPv4; no zone ids, no prefixes. */
export function isIpv6(value: string): boolean {
	if (!/^[0-9a-f:.]+$/i.test(value) || !value.includes(':')) return false;
	let groups = value.split(':');
	const last = groups[groups.length - 1];
	if (last.includes('.')) {
		// A trailing IPv4 (::ffff:10.0.0.1) stands for the last two 16-bit groups.
		if (!isIpv4(last)) return false;
		groups = [...groups.slice(0, -1), '0', '0'];
	}
	const text = groups.join(':');
	const parts = text.split('::');
	if (parts.length > 2) return false;
	const count = (s: string) => (s === '' ? [] : s.split(':'));
	const head = count(parts[0]);
	const tail = parts.length === 2 ? count(parts[1]) : [];
	if (![...head, ...tail].every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return false;
	const used = head.length + tail.length;
	return parts.length === 2 ? used < 8 : used === 8;
}

function isUrl(value: string): boolean {
	const match = /^https?:\/\/([^/?#\s:]+)(:\d{1,5})?([/?#]\S*)?$/i.exec(value);
	if (!match) return false;
	const host = match[1];
	return DOMAIN.test(host) || isIpv4(host) || host.toLowerCase() === 'localhost';
}

function cidrMessage(value: string): string {
	return `"${value}" is an IP range (CIDR), which Defender indicators do not support. Add each IP address as its own indicator, or block the range in a firewall policy.`;
}

/** The indicator type a value most likely is; throws InputError for anything else. */
export function inferIndicatorType(raw: string): IndicatorType {
	const value = raw.trim();
	if (!value)
		throw new InputError('The indicator value is empty. Enter a hash, IP address, domain or URL.');
	if (/^[0-9a-f]+$/i.test(value)) {
		if (value.length === 32) return 'FileMd5';
		if (value.length === 40) return 'FileSha1';
		if (value.length === 64) return 'FileSha256';
	}
	if (/^[0-9a-f:.]+\/\d{1,3}$/i.test(value)) throw new InputError(cidrMessage(value));
	if (isIpv4(value) || isIpv6(value)) return 'IpAddress';
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
		if (isUrl(value)) return 'Url';
		throw new InputError(
			`"${value.slice(0, 100)}" is not a valid URL. Use http:// or https:// followed by a host name.`,
		);
	}
	if (DOMAIN.test(value)) return 'DomainName';
	throw new InputError(
		`"${value.slice(0, 100)}" is not a file hash (MD5, SHA-1, SHA-256), IP address, domain or URL. Check the value, or set the indicator type explicitly.`,
	);
}

/** Checks a value against a type chosen by the user; returns the value as Defender expects it. */
export function validateIndicatorValue(raw: string, type: IndicatorType): string {
	const value = raw.trim();
	if (!value)
		throw new InputError('The indicator value is empty. Enter a hash, IP address, domain or URL.');
	const hex = HEX_LENGTH[type];
	if (hex !== undefined) {
		if (new RegExp(`^[0-9a-f]{${hex}}$`, 'i').test(value)) return value.toLowerCase();
		throw new InputError(
			`"${value.slice(0, 100)}" is not a ${type} value: it needs exactly ${hex} hexadecimal characters (got ${value.length}).`,
		);
	}
	if (type === 'IpAddress') {
		if (value.includes('/')) throw new InputError(cidrMessage(value));
		if (isIpv4(value) || isIpv6(value)) return value;
		throw new InputError(`"${value.slice(0, 100)}" is not an IPv4 or IPv6 address.`);
	}
	if (type === 'DomainName') {
		if (DOMAIN.test(value)) return value;
		throw new InputError(
			`"${value.slice(0, 100)}" is not a domain name (e.g. evil.example.com, without http:// or a path).`,
		);
	}
	if (isUrl(value)) return value;
	throw new InputError(
		`"${value.slice(0, 100)}" is not a valid URL. Use http:// or https:// followed by a host name.`,
	);
}

/** Type and normalised value; `override` = 'auto' infers the type. */
export function resolveIndicator(
	raw: string,
	override: IndicatorType | 'auto',
): { value: string; type: IndicatorType } {
	const type = override === 'auto' ? inferIndicatorType(raw) : override;
	return { type, value: validateIndicatorValue(raw, type) };
}
