/** Path routing of the Defender API (`/api/…`, `/api/v1.0/…`): auth, permission, rate limit, handler. */
import type { Ctx } from '../http';
import type { SandboxState } from '../state';
import { batchUpdate, getAlert, listAlerts, patchAlert } from './alerts';
import { authenticate, Principal, requireAnyRole, requirePermission } from './auth';
import { ApiError } from './errors';
import { RESPONSE_ROUTES } from './response';

interface ApiRoute {
	re: RegExp;
	method: string;
	family: string;
	area: string;
	write: boolean;
	/** When set, any of these roles grants the call instead of `area` Read/ReadWrite. */
	roles?: string[];
	run: (s: SandboxState, c: Ctx, p: Principal, m: RegExpExecArray) => void | Promise<void>;
}

const ROUTES: ApiRoute[] = [
	{
		re: /^\/api\/alerts$/i,
		method: 'GET',
		family: 'alerts',
		area: 'Alert',
		write: false,
		run: (s, c, p) => listAlerts(s, c, p),
	},
	{
		re: /^\/api\/alerts\/batchupdate$/i,
		method: 'POST',
		family: 'alertsBatchUpdate',
		area: 'Alert',
		write: true,
		run: (s, c, p) => batchUpdate(s, c, p),
	},
	{
		re: /^\/api\/alerts\/([^/]+)$/i,
		method: 'GET',
		family: 'alerts',
		area: 'Alert',
		write: false,
		run: (s, c, p, m) => getAlert(s, c, p, decodeURIComponent(m[1])),
	},
	{
		re: /^\/api\/alerts\/([^/]+)$/i,
		method: 'PATCH',
		family: 'alerts',
		area: 'Alert',
		write: true,
		run: (s, c, p, m) => patchAlert(s, c, p, decodeURIComponent(m[1])),
	},
	...RESPONSE_ROUTES.map((r) => ({ ...r, area: 'Machine', write: r.method !== 'GET' })),
];

/** `/api/v1.0/alerts` → `/api/alerts`. */
export function normalizeApiPath(path: string): string {
	return path.replace(/^\/api\/v1\.0(?=\/|$)/i, '/api').replace(/\/+$/, '') || '/';
}

export function apiFamily(method: string, path: string): string | undefined {
	const p = normalizeApiPath(path);
	const r =
		ROUTES.find((x) => x.re.test(p) && x.method === method) ?? ROUTES.find((x) => x.re.test(p));
	return r?.family;
}

export interface ThrottleSignal {
	retryAfter: number;
}

/** Throws ApiError for auth/permission/not-found; returns a ThrottleSignal when rate-limited. */
export async function routeApi(state: SandboxState, ctx: Ctx): Promise<ThrottleSignal | undefined> {
	const path = normalizeApiPath(ctx.path);
	const candidates = ROUTES.filter((r) => r.re.test(path));
	if (!candidates.length)
		throw new ApiError(404, 'ResourceNotFound', `No API resource matches '${ctx.path}'.`);
	const route = candidates.find((r) => r.method === ctx.method);
	if (!route)
		throw new ApiError(
			405,
			'MethodNotAllowed',
			`The requested resource does not support http method '${ctx.method}'.`,
		);
	ctx.family = route.family;
	const principal = authenticate(state, ctx);
	if (route.roles) requireAnyRole(principal, route.roles);
	else requirePermission(principal, route.area, route.write);
	const wait = state.rateLimiter.take(
		principal.appId,
		principal.tenant.id,
		route.family,
		state.clock.now(),
	);
	if (wait > 0) return { retryAfter: wait };
	await route.run(state, ctx, principal, route.re.exec(path) as RegExpExecArray);
	return undefined;
}
