/**
 * Bearer validation for the Defender API: signature (sandbox key), exp/nbf on the sandbox clock,
 * audience, revocation, tenant licence and MSSP portal authorization, then permissions.
 */
import type { Ctx } from '../http';
import { verifyJwt, JwtClaims } from '../jwt';
import type { SandboxState } from '../state';
import { DEFENDER_AUDIENCES, SandboxTenant } from '../world';
import { disabledFeature, forbidden, unauthorized } from './errors';

export interface Principal {
	tenant: SandboxTenant;
	appId: string;
	kind: 'app' | 'user';
	permissions: string[];
	/** Who the change is attributed to (upn for users, app display name for apps). */
	actor: string;
	claims: JwtClaims;
}

export function bearerOf(ctx: Ctx): string | undefined {
	const h = ctx.req.headers.authorization;
	if (!h) return undefined;
	const m = /^Bearer\s+(.+)$/i.exec(h.trim());
	return m?.[1];
}

export function authenticate(state: SandboxState, ctx: Ctx): Principal {
	const token = bearerOf(ctx);
	if (!token)
		throw unauthorized(
			'Authorization has been denied for this request: no bearer token was presented.',
		);
	const v = verifyJwt(token, state.key, state.clock.nowSeconds());
	if (!v.ok) throw unauthorized(`Authorization has been denied for this request: ${v.reason}.`);
	const c = v.claims;
	if (!c.aud || !DEFENDER_AUDIENCES.includes(c.aud)) {
		throw unauthorized(
			`Authorization has been denied for this request: the token audience '${c.aud}' is not valid for this API.`,
		);
	}
	const tenant = c.tid ? state.world.tenants.get(c.tid) : undefined;
	if (!tenant)
		throw unauthorized(
			'Authorization has been denied for this request: the token tenant is unknown.',
		);
	if (
		c.iss !== `https://sts.windows.net/${tenant.id}/` &&
		c.iss !== `${state.origin}/${tenant.id}/v2.0`
	) {
		throw unauthorized(
			'Authorization has been denied for this request: the token issuer is not valid.',
		);
	}
	if (state.isRevoked(c))
		throw unauthorized(
			'Authorization has been denied for this request: the access token has been revoked.',
		);
	const appId = String(c.appid ?? c.azp ?? '');
	ctx.tenantId = tenant.id;
	ctx.clientId = appId;
	if (!tenant.defenderLicensed)
		throw disabledFeature(
			`Tenant feature isn't enabled: Microsoft Defender for Endpoint is not enabled for tenant ${tenant.id}.`,
		);
	const app = state.world.apps.get(appId);
	if (app && app.homeTenantId !== tenant.id && !tenant.authorizedApps.has(appId)) {
		throw disabledFeature(
			`Application ${appId} is not authorized to access data of tenant ${tenant.id}. An administrator must authorize it in Settings > Endpoints > APIs > SIEM > MSSP.`,
		);
	}
	const kind = typeof c.scp === 'string' ? 'user' : 'app';
	const permissions =
		kind === 'user'
			? String(c.scp).split(' ').filter(Boolean)
			: Array.isArray(c.roles)
				? c.roles.map(String)
				: [];
	const actor =
		kind === 'user' ? String(c.upn ?? c.unique_name ?? c.oid) : (app?.displayName ?? appId);
	return { tenant, appId, kind, permissions, actor, claims: c };
}

/** `area` e.g. 'Alert'; write=true needs ReadWrite. */
export function requirePermission(p: Principal, area: string, write: boolean): void {
	const suffix = p.kind === 'app' ? '.All' : '';
	const accepted = write
		? [`${area}.ReadWrite${suffix}`]
		: [`${area}.Read${suffix}`, `${area}.ReadWrite${suffix}`];
	if (!accepted.some((a) => p.permissions.includes(a))) {
		const kindText = p.kind === 'app' ? 'application' : 'delegated';
		throw forbidden(
			`The ${kindText} does not have any of the required ${kindText} permissions (${accepted.join(', ')}) to access the resource.`,
		);
	}
}

/** Machine actions and indicators need a specific role (facts §1.3); delegated twins drop `.All`. */
export function requireAnyRole(p: Principal, roles: string[]): void {
	const accepted =
		p.kind === 'app'
			? roles.filter((r) => r.endsWith('.All') || !/\.(Read|ReadWrite)$/.test(r))
			: roles.map((r) => r.replace(/\.All$/, ''));
	if (!accepted.some((a) => p.permissions.includes(a))) {
		const kindText = p.kind === 'app' ? 'application' : 'delegated';
		throw forbidden(
			`The ${kindText} does not have any of the required ${kindText} permissions (${accepted.join(', ')}) to access the resource.`,
		);
	}
}
