/**
 * Where a Defender request goes: sign-in host, API host and token audience per Microsoft cloud and
 * API region, as Microsoft's Defender for Endpoint API docs list them. Pure; the credentials'
 * hidden URL expressions mirror these tables (credentialFields.ts), and
 * test/transport/credentialExpressions.test.ts keeps both in step.
 */
import { InputError } from './inputError';

export type DefenderCloud = 'global' | 'gcc' | 'gccHigh' | 'dod' | 'custom';

/**
 * `default` keeps the cloud's main host. The geo hosts only exist in the commercial cloud; the
 * token audience does not change with them (a token for the main host works on every geo host).
 */
export type ApiRegion = 'default' | 'us' | 'eu' | 'uk' | 'au' | 'api-us' | 'api-eu' | 'api-uk';

export const API_REGIONS: readonly ApiRegion[] = [
	'default',
	'us',
	'eu',
	'uk',
	'au',
	'api-us',
	'api-eu',
	'api-uk',
];

export const GLOBAL_AUDIENCE = 'https://api.securitycenter.microsoft.com';

interface CloudEndpoints {
	loginBaseUrl: string;
	apiBaseUrl: string;
	audience: string;
}

const CLOUDS: Record<Exclude<DefenderCloud, 'custom'>, CloudEndpoints> = {
	global: {
		loginBaseUrl: 'https://login.microsoftonline.com',
		apiBaseUrl: 'https://api.securitycenter.microsoft.com',
		audience: GLOBAL_AUDIENCE,
	},
	gcc: {
		loginBaseUrl: 'https://login.microsoftonline.com',
		apiBaseUrl: 'https://api-gcc.securitycenter.microsoft.us',
		audience: 'https://api-gcc.securitycenter.microsoft.us',
	},
	gccHigh: {
		loginBaseUrl: 'https://login.microsoftonline.us',
		apiBaseUrl: 'https://api-gov.securitycenter.microsoft.us',
		audience: 'https://api-gov.securitycenter.microsoft.us',
	},
	dod: {
		loginBaseUrl: 'https://login.microsoftonline.us',
		apiBaseUrl: 'https://api-gov.securitycenter.microsoft.us',
		audience: 'https://api-gov.securitycenter.microsoft.us',
	},
};

/** The credential fields that decide the endpoints (same names on both credentials). */
export interface CloudSettings {
	cloud?: string;
	loginBaseUrl?: string;
	apiBaseUrl?: string;
	apiRegion?: string;
}

export interface ResolvedEndpoints extends CloudEndpoints {
	cloud: DefenderCloud;
	/** `<audience>/.default`: app permissions (client credentials) and delegated `.default`. */
	scope: string;
}

/**
 * What a custom base URL may look like: http(s), a host (no user name: `new URL().origin` would
 * drop it silently), an optional path, no query, fragment, whitespace or backslash. Exported so
 * the credentials' URL expressions (credentialFields.ts) apply the very same rule.
 */
export const BASE_URL_SHAPE = /^https?:\/\/[^\s/\\?#@]+(\/[^\s\\?#]*)?$/i;

/**
 * A base URL whose traffic is encrypted or stays on this machine: https://, or plain http:// to
 * 127.0.0.1, [::1] or localhost (the sandbox, a local proxy) with any port. Anywhere else the
 * client secret (sign-in host) and the tokens (API host) would cross the network in clear text.
 * Matched on the text as entered, not on `new URL().hostname`, so that an n8n expression (which
 * cannot parse URLs the WHATWG way) decides exactly as this does: credentialFields.ts writes this
 * very expression into the credentials' URL fields.
 */
export const ENCRYPTED_OR_LOOPBACK =
	/^(https:|http:\/\/(127\.0\.0\.1|\[::1\]|localhost)(:\d*)?(\/|$))/i;

/** The loopback names ENCRYPTED_OR_LOOPBACK accepts, for messages. */
const LOOPBACK_NAMES = '127.0.0.1, ::1 or localhost';

/**
 * The custom base URL, normalised as `new URL()` does (lower-case scheme and host, no default
 * port, no trailing slash): request.ts compares next-page links with it by prefix, and those come
 * in that form.
 */
function trimBase(url: string | undefined, field: string): string {
	const value = (url ?? '').trim().replace(/\/+$/, '');
	let parsed: URL | undefined;
	try {
		parsed = BASE_URL_SHAPE.test(value) ? new URL(value) : undefined;
	} catch {
		parsed = undefined;
	}
	if (!parsed) {
		throw new InputError(
			`The custom ${field} "${value}" is not a URL. Enter a base URL such as https://127.0.0.1:8443, without a user name, query or fragment.`,
		);
	}
	if (!ENCRYPTED_OR_LOOPBACK.test(value)) {
		throw new InputError(
			`The custom ${field} "${value}" does not use https://, so the client secret and access tokens would be sent unencrypted. Enter an https:// URL; plain http:// is accepted only for this machine (${LOOPBACK_NAMES}).`,
		);
	}
	return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
}

function isCloud(value: string): value is DefenderCloud {
	return ['global', 'gcc', 'gccHigh', 'dod', 'custom'].includes(value);
}

function regionHost(region: ApiRegion): string | undefined {
	if (region === 'default') return undefined;
	if (region.startsWith('api-')) return `https://${region}.securitycenter.microsoft.com`;
	return `https://${region}.api.security.microsoft.com`;
}

/**
 * Endpoints for the credential's cloud. `regionOverride` (e.g. a tenant's region) wins over the
 * credential's default region. Throws a plain Error with a fix when the settings are invalid.
 */
export function resolveEndpoints(
	settings: CloudSettings,
	regionOverride?: string,
): ResolvedEndpoints {
	const cloud = settings.cloud ?? 'global';
	if (!isCloud(cloud)) {
		throw new InputError(
			`Unknown Microsoft cloud "${cloud}". Choose Global, US GCC, US GCC High, US DoD or Custom endpoints.`,
		);
	}
	if (cloud === 'custom') {
		return {
			cloud,
			loginBaseUrl: trimBase(settings.loginBaseUrl, 'login base URL'),
			apiBaseUrl: trimBase(settings.apiBaseUrl, 'API base URL'),
			audience: GLOBAL_AUDIENCE,
			scope: `${GLOBAL_AUDIENCE}/.default`,
		};
	}
	const base = CLOUDS[cloud];
	let apiBaseUrl = base.apiBaseUrl;
	const region = regionOverride ?? settings.apiRegion ?? 'default';
	if (cloud === 'global' && region !== 'default') {
		if (!(API_REGIONS as readonly string[]).includes(region)) {
			throw new InputError(
				`Unknown API region "${region}". Use one of: ${API_REGIONS.join(', ')}.`,
			);
		}
		apiBaseUrl = regionHost(region as ApiRegion) ?? apiBaseUrl;
	}
	return { cloud, ...base, apiBaseUrl, scope: `${base.audience}/.default` };
}

/** v2 token endpoint of a tenant. The tenant must already be validated (tenant.ts). */
export function tokenUrl(loginBaseUrl: string, tenantId: string): string {
	return `${loginBaseUrl}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
}

/** v2 authorize endpoint of a tenant. */
export function authorizeUrl(loginBaseUrl: string, tenantId: string): string {
	return `${loginBaseUrl}/${encodeURIComponent(tenantId)}/oauth2/v2.0/authorize`;
}
