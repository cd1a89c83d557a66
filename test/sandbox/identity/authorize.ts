/**
 * GET/POST /{tenant}/oauth2/v2.0/authorize, /{tenant}/oauth2/authorize (v1) and
 * /{tenant}/v2.0/adminconsent: a sign-in/consent page with Accept and Cancel; submitting it
 * redirects to the app with a code, an admin-consent result, or an error.
 */
import { Ctx, readForm, redirect, sendHtml } from '../http';
import { opaque } from '../ids';
import type { PendingAuth, SandboxState } from '../state';
import type { SandboxApp, SandboxTenant } from '../world';
import { isSpecialTenant, redirectAllowed } from './clients';
import { AAD, AadError, aadTimestamp } from './errors';
import { consentPage, errorPage, formPostPage } from './pages';
import { delegatedScopes, parseV1Resource, parseV2Scope, ParsedScope } from './tokens';

/** An error shown on the page because the redirect URI cannot be trusted. */
class PageError extends Error {
	constructor(readonly e: AadError) {
		super(e.message);
	}
}

export function handleAuthorizeGet(
	state: SandboxState,
	ctx: Ctx,
	tenantSegment: string,
	kind: PendingAuth['kind'],
	v1: boolean,
): void {
	const q = Object.fromEntries(ctx.url.searchParams);
	try {
		const tenant = pathTenant(state, tenantSegment);
		if (kind === 'adminconsent' && tenantSegment.toLowerCase() === 'common')
			throw new PageError(AAD.adminConsentCommon());
		const clientId = q.client_id;
		if (!clientId) throw new PageError(AAD.missingParam('client_id'));
		const app = state.world.apps.get(clientId.toLowerCase());
		if (!app) throw new PageError(AAD.appNotFound(clientId, tenant?.domain ?? tenantSegment));
		const redirectUri = q.redirect_uri ?? app.redirectUris[0];
		if (!redirectAllowed(app, redirectUri))
			throw new PageError(AAD.redirectNotRegistered(redirectUri, app.clientId));
		ctx.clientId = app.clientId;
		ctx.tenantId = tenant?.id;
		const pending: PendingAuth = {
			id: opaque('ctx-', 18),
			kind,
			v1,
			pathTenant: tenantSegment,
			clientId: app.clientId,
			redirectUri,
			params: q,
			createdAt: state.clock.now(),
		};
		if (kind === 'authorize' && (q.response_type ?? '') !== 'code') {
			return finishWithError(
				state,
				ctx,
				pending,
				AAD.unsupportedResponseType(q.response_type ?? ''),
			);
		}
		if (q.prompt === 'none') return finishWithError(state, ctx, pending, AAD.loginRequired());
		const scope = scopeOf(pending);
		state.pendingAuth.set(pending.id, pending);
		const defaultTenant = tenant ?? state.world.tenants.get(app.homeTenantId);
		const needsConsent = !tenant || !state.world.appInTenant(app, tenant) || q.prompt === 'consent';
		let permissions: string[] = [];
		try {
			permissions =
				kind === 'adminconsent'
					? [...app.roles, ...app.delegatedScopes]
					: delegatedScopes(scope, app);
		} catch {
			permissions = scope.permissions;
		}
		sendHtml(
			ctx,
			200,
			consentPage({
				action: ctx.path,
				ctxId: pending.id,
				title:
					kind === 'adminconsent'
						? 'Permissions requested — Accept for your organization'
						: needsConsent
							? 'Permissions requested'
							: 'Sign in',
				appName: app.displayName,
				publisher: 'unverified',
				tenantLabel: tenant ? `${tenant.displayName} (${tenant.domain})` : tenantSegment,
				login: q.login_hint ?? `admin@${defaultTenant?.domain ?? 'example.onmicrosoft.com'}`,
				permissions,
				adminConsent: kind === 'adminconsent',
				needsConsent,
			}),
		);
	} catch (e) {
		if (e instanceof PageError) return showError(ctx, e.e);
		if (e instanceof AadError) return showError(ctx, e);
		throw e;
	}
}

export async function handleAuthorizePost(state: SandboxState, ctx: Ctx): Promise<void> {
	const form = await readForm(ctx);
	const pending = state.pendingAuth.get(form.get('ctx') ?? '');
	if (!pending)
		return showError(
			ctx,
			new AadError(
				'invalid_request',
				90014,
				"The request is missing or has an expired 'ctx' value. Start the sign-in again.",
			),
		);
	state.pendingAuth.delete(pending.id);
	ctx.clientId = pending.clientId;
	const app = state.world.apps.get(pending.clientId) as SandboxApp;
	if ((form.get('action') ?? 'accept') !== 'accept') {
		return finishWithError(
			state,
			ctx,
			pending,
			pending.kind === 'adminconsent' ? AAD.adminDeclined() : AAD.userDeclined(),
		);
	}
	const login = (form.get('login') ?? '').trim().toLowerCase();
	const userTenant = state.world.tenantOfUser(login);
	const user = userTenant?.users.find((u) => u.upn === login);
	if (!userTenant || !user) {
		return showError(
			ctx,
			new AadError(
				'invalid_request',
				50034,
				`The user account ${login || '(empty)'} does not exist in the directory. To sign into this application, the account must be added to the directory.`,
			),
		);
	}
	ctx.tenantId = userTenant.id;
	let tenant: SandboxTenant | undefined;
	try {
		tenant = pathTenant(state, pending.pathTenant);
	} catch (e) {
		return showError(ctx, (e as PageError).e);
	}
	if (tenant && tenant.id !== userTenant.id)
		return finishWithError(state, ctx, pending, AAD.userNotInTenant(user.upn, tenant.domain));
	tenant = userTenant;
	try {
		const scope = scopeOf(pending);
		if (scope.isDefender && !tenant.defenderLicensed) {
			throw pending.kind === 'adminconsent'
				? AAD.noDefenderService(tenant.displayName)
				: AAD.resourceNotFound(scope.resource, tenant.domain);
		}
		if (!app.multiTenant && app.homeTenantId !== tenant.id) {
			throw new AadError(
				'invalid_request',
				50194,
				`Application '${app.clientId}'(${app.displayName}) is not configured as a multi-tenant application.`,
			);
		}
		const consented = state.world.appInTenant(app, tenant);
		if (pending.kind === 'adminconsent' || !consented || pending.params.prompt === 'consent') {
			if (!user.isAdmin && (pending.kind === 'adminconsent' || !consented))
				throw new AadError('consent_required', 90094, 'The grant requires admin permission.');
			if (pending.kind === 'adminconsent' || !consented) state.recordConsent(tenant, app.clientId);
		}
		if (pending.kind === 'adminconsent') {
			return finish(ctx, pending, {
				admin_consent: 'True',
				tenant: tenant.id,
				scope: pending.params.scope ?? `${app.clientId}/.default`,
				state: pending.params.state,
			});
		}
		if (!pending.v1) delegatedScopes(scope, app);
		const code = opaque('0.Sbx', 48);
		state.codes.set(code, {
			code,
			clientId: app.clientId,
			tenantId: tenant.id,
			userOid: user.oid,
			redirectUri: pending.redirectUri,
			scopes: pending.v1 ? [] : (pending.params.scope ?? '').split(/\s+/).filter(Boolean),
			resource: pending.params.resource ?? scope.resource,
			v1: pending.v1,
			nonce: pending.params.nonce,
			codeChallenge: pending.params.code_challenge,
			codeChallengeMethod: pending.params.code_challenge_method,
			expiresAt: state.clock.now() + state.options.codeLifetimeMs,
			redeemed: false,
		});
		return finish(ctx, pending, {
			code,
			state: pending.params.state,
			session_state: opaque('', 16),
		});
	} catch (e) {
		if (e instanceof AadError) return finishWithError(state, ctx, pending, e);
		throw e;
	}
}

function pathTenant(state: SandboxState, segment: string): SandboxTenant | undefined {
	if (isSpecialTenant(segment)) return undefined;
	const t = state.world.resolveTenant(segment);
	if (!t) throw new PageError(AAD.tenantNotFound(segment));
	return t;
}

function scopeOf(p: PendingAuth): ParsedScope {
	if (p.kind === 'adminconsent')
		return parseV2Scope(p.params.scope ?? 'https://api.securitycenter.microsoft.com/.default');
	if (p.v1) return parseV1Resource(p.params.resource ?? 'https://graph.microsoft.com');
	return parseV2Scope(p.params.scope ?? 'openid');
}

function showError(ctx: Ctx, e: AadError): void {
	sendHtml(ctx, e.status, errorPage(`AADSTS${e.aadsts}`, e.text, ctx.requestId));
}

function finishWithError(state: SandboxState, ctx: Ctx, p: PendingAuth, e: AadError): void {
	const desc = `AADSTS${e.aadsts}: ${e.text}\r\nTrace ID: ${ctx.requestId}\r\nCorrelation ID: ${ctx.requestId}\r\nTimestamp: ${aadTimestamp(state.clock.now())}`;
	const fields: Record<string, string | undefined> = {
		error: e.oauthError,
		error_description: desc,
		state: p.params.state,
	};
	if (p.kind === 'adminconsent') {
		fields.admin_consent = 'False';
		fields.error_subcode = e.aadsts === 65004 ? 'cancel' : undefined;
	}
	finish(ctx, p, fields);
}

function finish(ctx: Ctx, p: PendingAuth, fields: Record<string, string | undefined>): void {
	const clean = Object.fromEntries(
		Object.entries(fields).filter(([, v]) => v !== undefined),
	) as Record<string, string>;
	if (p.params.response_mode === 'form_post')
		return sendHtml(ctx, 200, formPostPage(p.redirectUri, clean));
	const u = new URL(p.redirectUri);
	if (p.params.response_mode === 'fragment') {
		u.hash = new URLSearchParams(clean).toString();
	} else {
		for (const [k, v] of Object.entries(clean)) u.searchParams.set(k, v);
	}
	redirect(ctx, u.toString());
}
