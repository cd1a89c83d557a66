/** Scope parsing and the tokens the identity side mints (access, ID, refresh, client_info). */
import { createHash } from 'node:crypto';
import { guidFrom, opaque } from '../ids';
import type { SandboxState, RefreshGrant } from '../state';
import { DEFENDER_RESOURCES, SandboxApp, SandboxTenant, SandboxUser } from '../world';
import { AAD } from './errors';

export const GRAPH = 'https://graph.microsoft.com';
const GRAPH_ALIASES = [GRAPH, '00000003-0000-0000-c000-000000000000'];
const OIDC = new Set(['openid', 'profile', 'email', 'offline_access']);
const DEFENDER_SCOPE_NAMES = new Set([
	'Alert.Read',
	'Alert.ReadWrite',
	'Machine.Read',
	'Machine.ReadWrite',
	'Machine.Isolate',
	'Machine.Scan',
	'Machine.RestrictExecution',
	'Machine.CollectForensics',
	'Machine.Offboard',
	'Machine.StopAndQuarantine',
	'Machine.LiveResponse',
	'Ti.ReadWrite',
	'AdvancedQuery.Read',
	'Vulnerability.Read',
	'Software.Read',
	'User.Read.All',
	'Url.Read.All',
	'Ip.Read.All',
	'File.Read.All',
	'Score.Read',
	'SecurityRecommendation.Read',
	'RemediationTasks.Read',
]);

export interface ParsedScope {
	/** Canonical audience (`https://api.securitycenter.microsoft.com`, `https://api.security.microsoft.com`, Graph). */
	audience: string;
	/** What the client named (echoed in v1 `resource`). */
	resource: string;
	isDefender: boolean;
	/** Permission names asked for; ['.default'] for the static scope. */
	permissions: string[];
	oidc: string[];
}

export function canonicalAudience(resource: string): string {
	const r = resource.replace(/\/+$/, '').toLowerCase();
	if (r === 'https://api.security.microsoft.com') return 'https://api.security.microsoft.com';
	if (
		DEFENDER_RESOURCES.map((x) => x.toLowerCase()).includes(r) ||
		r === 'https://api.securitycenter.windows.com'
	) {
		return 'https://api.securitycenter.microsoft.com';
	}
	if (GRAPH_ALIASES.includes(r)) return GRAPH;
	return resource;
}

function isDefenderAudience(aud: string): boolean {
	return (
		aud === 'https://api.securitycenter.microsoft.com' ||
		aud === 'https://api.security.microsoft.com'
	);
}

/** v2 `scope` parameter → one resource + permissions. */
export function parseV2Scope(scope: string): ParsedScope {
	const parts = scope.split(/\s+/).filter(Boolean);
	const oidc = parts.filter((p) => OIDC.has(p.toLowerCase()));
	const rest = parts.filter((p) => !OIDC.has(p.toLowerCase()));
	const byResource = new Map<string, string[]>();
	for (const p of rest) {
		const i = p.lastIndexOf('/');
		if (i <= 0) {
			// a bare permission name means Microsoft Graph (e.g. "User.Read")
			const list = byResource.get(GRAPH) ?? [];
			byResource.set(GRAPH, [...list, p]);
			continue;
		}
		const res = p.slice(0, i);
		const perm = p.slice(i + 1);
		const key = canonicalAudience(res);
		byResource.set(key, [...(byResource.get(key) ?? []), perm]);
		if (!byResource.has(`resource:${key}`)) byResource.set(`resource:${key}`, [res]);
	}
	const audiences = [...byResource.keys()].filter((k) => !k.startsWith('resource:'));
	if (audiences.length > 1) throw AAD.multipleResources();
	const audience = audiences[0] ?? GRAPH;
	const resource = byResource.get(`resource:${audience}`)?.[0] ?? GRAPH;
	return {
		audience,
		resource,
		isDefender: isDefenderAudience(audience),
		permissions: byResource.get(audience) ?? ['User.Read'],
		oidc,
	};
}

export function parseV1Resource(resource: string): ParsedScope {
	const audience = canonicalAudience(resource);
	return {
		audience,
		resource,
		isDefender: isDefenderAudience(audience),
		permissions: ['.default'],
		oidc: ['openid'],
	};
}

/** Unknown non-Defender, non-Graph resources do not exist in any sandbox tenant. */
export function checkResource(p: ParsedScope, tenant: SandboxTenant): void {
	if (p.isDefender) {
		if (!tenant.defenderLicensed) throw AAD.resourceNotFound(p.resource, tenant.domain);
		return;
	}
	if (p.audience !== GRAPH) throw AAD.resourceNotFound(p.resource, tenant.domain);
}

/** Delegated permissions granted for a request. */
export function delegatedScopes(p: ParsedScope, app: SandboxApp): string[] {
	if (!p.isDefender) return ['openid', 'profile', 'email', 'User.Read'];
	if (p.permissions.includes('.default')) return [...app.delegatedScopes];
	for (const perm of p.permissions)
		if (!DEFENDER_SCOPE_NAMES.has(perm)) throw AAD.invalidScope(`${p.resource}/${perm}`);
	return [...new Set(p.permissions)];
}

export function spOid(app: SandboxApp, tenant: SandboxTenant): string {
	return guidFrom('sp', app.clientId, tenant.id);
}

export interface Minted {
	accessToken: string;
	expiresIn: number;
	iat: number;
	exp: number;
}

export function mintAppToken(
	state: SandboxState,
	app: SandboxApp,
	tenant: SandboxTenant,
	p: ParsedScope,
): Minted {
	const iat = state.clock.nowSeconds();
	const exp = iat + state.options.accessTokenLifetimeSec;
	const oid = spOid(app, tenant);
	const claims = {
		aud: p.audience,
		iss: `https://sts.windows.net/${tenant.id}/`,
		iat,
		nbf: iat,
		exp,
		aio: opaque('', 12),
		appid: app.clientId,
		appidacr: '1',
		idp: `https://sts.windows.net/${tenant.id}/`,
		oid,
		rh: opaque('0.', 12),
		roles: p.isDefender ? [...app.roles] : [],
		sub: oid,
		tid: tenant.id,
		uti: opaque('', 16),
		ver: '1.0',
	};
	return { accessToken: state.key.sign(claims), expiresIn: exp - iat, iat, exp };
}

export function mintUserToken(
	state: SandboxState,
	app: SandboxApp,
	tenant: SandboxTenant,
	user: SandboxUser,
	p: ParsedScope,
	scp: string[],
): Minted {
	const iat = state.clock.nowSeconds();
	const exp = iat + state.options.accessTokenLifetimeSec;
	const claims = {
		aud: p.audience,
		iss: `https://sts.windows.net/${tenant.id}/`,
		iat,
		nbf: iat,
		exp,
		acr: '1',
		amr: ['pwd'],
		appid: app.clientId,
		appidacr: app.publicClient ? '0' : '1',
		idp: `https://sts.windows.net/${tenant.id}/`,
		name: user.name,
		oid: user.oid,
		scp: scp.join(' '),
		sub: pairwiseSub(user, app),
		tid: tenant.id,
		unique_name: user.upn,
		upn: user.upn,
		uti: opaque('', 16),
		ver: '1.0',
	};
	return { accessToken: state.key.sign(claims), expiresIn: exp - iat, iat, exp };
}

export function mintIdToken(
	state: SandboxState,
	app: SandboxApp,
	tenant: SandboxTenant,
	user: SandboxUser,
	nonce: string | undefined,
	v1: boolean,
): string {
	const iat = state.clock.nowSeconds();
	const iss = v1 ? `https://sts.windows.net/${tenant.id}/` : `${state.origin}/${tenant.id}/v2.0`;
	return state.key.sign({
		aud: app.clientId,
		iss,
		iat,
		nbf: iat,
		exp: iat + 3600,
		name: user.name,
		...(nonce ? { nonce } : {}),
		oid: user.oid,
		preferred_username: user.upn,
		...(v1 ? { upn: user.upn, unique_name: user.upn } : {}),
		sub: pairwiseSub(user, app),
		tid: tenant.id,
		ver: v1 ? '1.0' : '2.0',
	});
}

export function clientInfo(user: SandboxUser, tenant: SandboxTenant): string {
	return Buffer.from(JSON.stringify({ uid: user.oid, utid: tenant.id })).toString('base64url');
}

export function issueRefreshToken(
	state: SandboxState,
	g: Omit<RefreshGrant, 'token' | 'issuedAt' | 'lastUsedAt' | 'revoked'>,
): string {
	const token = opaque('1.Sbx', 48);
	const now = state.clock.now();
	state.refreshTokens.set(token, { ...g, token, issuedAt: now, lastUsedAt: now, revoked: false });
	return token;
}

function pairwiseSub(user: SandboxUser, app: SandboxApp): string {
	return createHash('sha256')
		.update(`${user.oid}|${app.clientId}`)
		.digest('base64url')
		.slice(0, 43);
}
