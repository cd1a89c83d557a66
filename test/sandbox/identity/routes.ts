/** Path routing of the identity side: `/{tenant|common|organizations}/…`. */
import { Ctx, sendHtml, sendJson } from '../http';
import type { SandboxState } from '../state';
import { handleAuthorizeGet, handleAuthorizePost } from './authorize';
import { isSpecialTenant, tenantFromPath } from './clients';
import { instanceDiscovery, jwks, openIdConfiguration } from './discovery';
import { AadError, aadErrorBody } from './errors';
import { errorPage } from './pages';
import { handleToken, tokenResponse } from './token';

type Route = {
	re: RegExp;
	methods: string[];
	run: (s: SandboxState, c: Ctx, tenant: string) => Promise<void> | void;
};

const ROUTES: Route[] = [
	{
		re: /^\/([^/]+)\/oauth2\/v2\.0\/token$/i,
		methods: ['POST'],
		run: (s, c, t) => token(s, c, t, false),
	},
	{ re: /^\/([^/]+)\/oauth2\/token$/i, methods: ['POST'], run: (s, c, t) => token(s, c, t, true) },
	{
		re: /^\/([^/]+)\/oauth2\/v2\.0\/authorize$/i,
		methods: ['GET', 'POST'],
		run: (s, c, t) => authorize(s, c, t, 'authorize', false),
	},
	{
		re: /^\/([^/]+)\/oauth2\/authorize$/i,
		methods: ['GET', 'POST'],
		run: (s, c, t) => authorize(s, c, t, 'authorize', true),
	},
	{
		re: /^\/([^/]+)\/v2\.0\/adminconsent$/i,
		methods: ['GET', 'POST'],
		run: (s, c, t) => authorize(s, c, t, 'adminconsent', false),
	},
	{
		re: /^\/([^/]+)\/adminconsent$/i,
		methods: ['GET', 'POST'],
		run: (s, c, t) => authorize(s, c, t, 'adminconsent', true),
	},
	{
		re: /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/i,
		methods: ['GET'],
		run: (s, c, t) => discovery(s, c, t, false),
	},
	{
		re: /^\/([^/]+)\/\.well-known\/openid-configuration$/i,
		methods: ['GET'],
		run: (s, c, t) => discovery(s, c, t, true),
	},
	{
		re: /^\/([^/]+)\/discovery\/v2\.0\/keys$/i,
		methods: ['GET'],
		run: (s, c, t) => keys(s, c, t, false),
	},
	{ re: /^\/([^/]+)\/discovery\/keys$/i, methods: ['GET'], run: (s, c, t) => keys(s, c, t, true) },
	{
		re: /^\/([^/]+)\/discovery\/instance$/i,
		methods: ['GET'],
		run: (s, c) => sendJson(c, 200, instanceDiscovery(s)),
	},
	{
		re: /^\/([^/]+)\/oauth2(?:\/v2\.0)?\/logout$/i,
		methods: ['GET', 'POST'],
		run: (_s, c) => logout(c),
	},
];

/** Returns false when the path is not an identity path. */
export async function routeIdentity(state: SandboxState, ctx: Ctx): Promise<boolean> {
	if (ctx.path === '/error') {
		sendHtml(
			ctx,
			200,
			errorPage(
				`AADSTS${ctx.url.searchParams.get('code') ?? ''}`,
				'See the error code reference.',
				ctx.requestId,
			),
		);
		return true;
	}
	for (const r of ROUTES) {
		const m = r.re.exec(ctx.path);
		if (!m) continue;
		ctx.family = 'identity';
		if (!r.methods.includes(ctx.method)) {
			sendAad(
				state,
				ctx,
				new AadError(
					'invalid_request',
					900561,
					`The endpoint only accepts ${r.methods.join(', ')} requests. Received a ${ctx.method} request.`,
				),
			);
			return true;
		}
		try {
			await r.run(state, ctx, decodeURIComponent(m[1]));
		} catch (e) {
			if (!(e instanceof AadError)) throw e;
			sendAad(state, ctx, e);
		}
		return true;
	}
	return false;
}

export function sendAad(state: SandboxState, ctx: Ctx, e: AadError, status = e.status): void {
	const corr = String(ctx.req.headers['client-request-id'] ?? '') || undefined;
	sendJson(ctx, status, aadErrorBody(e, state.clock.now(), state.origin, ctx.requestId, corr), {
		'Cache-Control': 'no-store',
	});
}

async function token(s: SandboxState, c: Ctx, t: string, v1: boolean): Promise<void> {
	try {
		const body = await handleToken(s, c, t, v1);
		s.countToken(c.tenantId ?? t, true);
		tokenResponse(c, body);
	} catch (e) {
		s.countToken(c.tenantId ?? t, false);
		throw e;
	}
}

async function authorize(
	s: SandboxState,
	c: Ctx,
	t: string,
	kind: 'authorize' | 'adminconsent',
	v1: boolean,
): Promise<void> {
	if (c.method === 'POST') return handleAuthorizePost(s, c);
	handleAuthorizeGet(s, c, t, kind, v1);
}

function discovery(s: SandboxState, c: Ctx, t: string, v1: boolean): void {
	const tenant = tenantFromPath(s, t);
	sendJson(c, 200, openIdConfiguration(s, t, tenant, v1));
}

function keys(s: SandboxState, c: Ctx, t: string, v1: boolean): void {
	const tenant = isSpecialTenant(t) ? undefined : tenantFromPath(s, t);
	sendJson(c, 200, jwks(s, tenant, v1));
}

function logout(c: Ctx): void {
	const target = c.url.searchParams.get('post_logout_redirect_uri');
	if (target) {
		c.res.statusCode = 302;
		c.res.setHeader('Location', target);
		c.res.end();
		return;
	}
	sendHtml(
		c,
		200,
		'<!DOCTYPE html><html><body><h1>You signed out of your account</h1></body></html>',
	);
}
