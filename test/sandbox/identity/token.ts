/** POST /{tenant}/oauth2/v2.0/token and /{tenant}/oauth2/token (v1). */
import { createHash } from 'node:crypto';
import { Ctx, readForm, sendJson } from '../http';
import type { SandboxState } from '../state';
import type { SandboxApp, SandboxTenant } from '../world';
import {
	authenticateClient,
	clientCredentialsFrom,
	findApp,
	isSpecialTenant,
	tenantFromPath,
} from './clients';
import { AAD, AadError } from './errors';
import {
	checkResource,
	clientInfo,
	delegatedScopes,
	issueRefreshToken,
	mintAppToken,
	mintIdToken,
	mintUserToken,
	Minted,
	parseV1Resource,
	parseV2Scope,
	ParsedScope,
} from './tokens';

type Body = Record<string, unknown>;

export async function handleToken(
	state: SandboxState,
	ctx: Ctx,
	tenantSegment: string,
	v1: boolean,
): Promise<Body> {
	const form = await readForm(ctx);
	const { clientId, secret } = clientCredentialsFrom(ctx, form);
	ctx.clientId = clientId;
	const grant = form.get('grant_type');
	if (!grant) throw AAD.missingParam('grant_type');
	const tenant = tenantFromPath(state, tenantSegment);
	if (tenant) ctx.tenantId = tenant.id;
	const label = tenant?.domain ?? tenantSegment;
	switch (grant) {
		case 'client_credentials': {
			if (!tenant) throw AAD.grantOnCommon();
			const app = findApp(state, clientId, label);
			if (
				!state.world.appInTenant(app, tenant) ||
				!state.consentReplicated(tenant.id, app.clientId)
			)
				throw AAD.appNotFound(app.clientId, tenant.domain);
			authenticateClient(state, app, secret);
			const p = requestedScope(form, v1, true);
			checkResource(p, tenant);
			return tokenBody(v1, p, mintAppToken(state, app, tenant, p));
		}
		case 'authorization_code':
			return redeemCode(state, form, tenant, findApp(state, clientId, label), secret, v1);
		case 'refresh_token':
			return redeemRefresh(state, form, tenant, findApp(state, clientId, label), secret, v1);
		default:
			throw AAD.unsupportedGrant(grant);
	}
}

function requestedScope(form: URLSearchParams, v1: boolean, appOnly: boolean): ParsedScope {
	if (v1) {
		const resource = form.get('resource');
		if (!resource) throw AAD.missingParam('resource');
		return parseV1Resource(resource);
	}
	const scope = form.get('scope');
	if (!scope) throw AAD.missingParam('scope');
	const p = parseV2Scope(scope);
	if (appOnly && (p.permissions.length !== 1 || p.permissions[0] !== '.default'))
		throw AAD.ccNeedsDefault(scope);
	return p;
}

function tokenBody(v1: boolean, p: ParsedScope, m: Minted, extra: Body = {}, scp?: string[]): Body {
	const scope = scp
		? v1
			? scp.join(' ')
			: scp.map((s) => `${p.resource}/${s}`).join(' ')
		: undefined;
	if (v1) {
		return {
			token_type: 'Bearer',
			...(scope ? { scope } : {}),
			expires_in: String(m.expiresIn),
			ext_expires_in: String(m.expiresIn),
			expires_on: String(m.exp),
			not_before: String(m.iat),
			resource: p.resource,
			access_token: m.accessToken,
			...extra,
		};
	}
	return {
		token_type: 'Bearer',
		...(scope ? { scope } : {}),
		expires_in: m.expiresIn,
		ext_expires_in: m.expiresIn,
		access_token: m.accessToken,
		...extra,
	};
}

function checkTenantForUser(
	state: SandboxState,
	app: SandboxApp,
	tenant: SandboxTenant,
	p: ParsedScope,
): void {
	if (!state.world.appInTenant(app, tenant)) throw AAD.notConsented(app.clientId, app.displayName);
	checkResource(p, tenant);
}

function pkceOk(challenge: string, method: string | undefined, verifier: string): boolean {
	if ((method ?? 'plain').toUpperCase() === 'S256')
		return createHash('sha256').update(verifier).digest('base64url') === challenge;
	return verifier === challenge;
}

function redeemCode(
	state: SandboxState,
	form: URLSearchParams,
	pathTenant: SandboxTenant | undefined,
	app: SandboxApp,
	secret: string | undefined,
	v1: boolean,
): Body {
	authenticateClient(state, app, secret);
	const code = form.get('code');
	if (!code) throw AAD.missingParam('code');
	const c = state.codes.get(code);
	if (!c) throw AAD.badCode();
	if (c.clientId !== app.clientId || (pathTenant && pathTenant.id !== c.tenantId))
		throw AAD.grantClientMismatch();
	if (c.redeemed) throw AAD.codeRedeemed();
	if (state.clock.now() > c.expiresAt) throw AAD.expiredGrant();
	const redirectUri = form.get('redirect_uri');
	if (!redirectUri) throw AAD.missingParam('redirect_uri');
	if (redirectUri !== c.redirectUri) throw AAD.redirectMismatch(redirectUri);
	if (c.codeChallenge) {
		const verifier = form.get('code_verifier');
		if (!verifier) throw AAD.pkceMissing();
		if (!pkceOk(c.codeChallenge, c.codeChallengeMethod, verifier)) throw AAD.pkceMismatch();
	}
	const tenant = state.world.tenants.get(c.tenantId) as SandboxTenant;
	const user = tenant.users.find((u) => u.oid === c.userOid);
	if (!user) throw AAD.badCode();
	const p = c.v1 ? parseV1Resource(c.resource) : parseV2Scope(c.scopes.join(' '));
	checkTenantForUser(state, app, tenant, p);
	c.redeemed = true;
	return userTokens(state, form, app, tenant, user, p, c.v1 || v1, c.scopes, c.resource, c.nonce);
}

function redeemRefresh(
	state: SandboxState,
	form: URLSearchParams,
	pathTenant: SandboxTenant | undefined,
	app: SandboxApp,
	secret: string | undefined,
	v1: boolean,
): Body {
	authenticateClient(state, app, secret);
	const rt = form.get('refresh_token');
	if (!rt) throw AAD.missingParam('refresh_token');
	const g = state.refreshTokens.get(rt);
	if (!g) throw AAD.badRefreshToken();
	if (g.clientId !== app.clientId || (pathTenant && pathTenant.id !== g.tenantId))
		throw AAD.grantClientMismatch();
	const now = state.clock.now();
	const revokedByRule = state.revocations.some(
		(r) =>
			g.issuedAt <= r.before &&
			(!r.tenantId || r.tenantId === g.tenantId) &&
			(!r.clientId || r.clientId === g.clientId) &&
			(!r.userOid || r.userOid === g.userOid),
	);
	if (g.revoked || revokedByRule) throw AAD.revokedGrant();
	if (now - g.lastUsedAt > state.options.refreshInactivityMs) throw AAD.expiredGrant();
	const tenant = state.world.tenants.get(g.tenantId) as SandboxTenant;
	const user = tenant.users.find((u) => u.oid === g.userOid);
	if (!user) throw AAD.badRefreshToken();
	let scopes = g.scopes;
	let resource = g.resource;
	const v1Grant = v1 || !g.scopes.length;
	if (v1Grant) resource = form.get('resource') ?? g.resource;
	else if (form.get('scope')) scopes = (form.get('scope') as string).split(/\s+/).filter(Boolean);
	const p = v1Grant ? parseV1Resource(resource) : parseV2Scope(scopes.join(' '));
	checkTenantForUser(state, app, tenant, p);
	g.lastUsedAt = now;
	return userTokens(state, form, app, tenant, user, p, v1Grant, scopes, resource, undefined);
}

function userTokens(
	state: SandboxState,
	form: URLSearchParams,
	app: SandboxApp,
	tenant: SandboxTenant,
	user: SandboxTenant['users'][number],
	p: ParsedScope,
	v1: boolean,
	scopes: string[],
	resource: string,
	nonce: string | undefined,
): Body {
	const scp = delegatedScopes(p, app);
	const m = mintUserToken(state, app, tenant, user, p, scp);
	const wantsOpenId = v1 || scopes.some((s) => s.toLowerCase() === 'openid');
	const wantsRefresh = v1 || scopes.some((s) => s.toLowerCase() === 'offline_access');
	const extra: Body = {};
	if (wantsRefresh) {
		extra.refresh_token = issueRefreshToken(state, {
			clientId: app.clientId,
			tenantId: tenant.id,
			userOid: user.oid,
			scopes: v1 ? [] : scopes,
			resource,
		});
	}
	if (wantsOpenId) extra.id_token = mintIdToken(state, app, tenant, user, nonce, v1);
	if (form.get('client_info') === '1') extra.client_info = clientInfo(user, tenant);
	return tokenBody(v1, p, m, extra, scp);
}

export function isAadError(e: unknown): e is AadError {
	return e instanceof AadError;
}

export function tokenResponse(ctx: Ctx, body: Body): void {
	sendJson(ctx, 200, body, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
}

export { isSpecialTenant };
