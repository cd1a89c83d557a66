/** App lookup, client authentication (secret in body or HTTP Basic) and redirect-URI matching. */
import type { Ctx } from '../http';
import type { SandboxState } from '../state';
import type { SandboxApp, SandboxTenant } from '../world';
import { AAD } from './errors';

export const SPECIAL_TENANTS = ['common', 'organizations', 'consumers'];

export function isSpecialTenant(t: string): boolean {
	return SPECIAL_TENANTS.includes(t.toLowerCase());
}

/** The tenant of a path segment; undefined for common/organizations/consumers; throws 90002 if unknown. */
export function tenantFromPath(state: SandboxState, segment: string): SandboxTenant | undefined {
	if (isSpecialTenant(segment)) return undefined;
	const t = state.world.resolveTenant(segment);
	if (!t) throw AAD.tenantNotFound(segment);
	return t;
}

export function clientCredentialsFrom(
	ctx: Ctx,
	form: URLSearchParams,
): { clientId?: string; secret?: string } {
	let clientId = form.get('client_id') ?? undefined;
	let secret = form.get('client_secret') ?? undefined;
	const auth = ctx.req.headers.authorization;
	if (auth?.startsWith('Basic ')) {
		const [id, pw] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
		clientId = clientId ?? decodeURIComponent(id ?? '');
		secret = secret ?? decodeURIComponent(pw ?? '');
	}
	return { clientId: clientId || undefined, secret: secret || undefined };
}

export function findApp(
	state: SandboxState,
	clientId: string | undefined,
	tenantLabel: string,
): SandboxApp {
	if (!clientId) throw AAD.missingParam('client_id');
	const app = state.world.apps.get(clientId.toLowerCase());
	if (!app) throw AAD.appNotFound(clientId, tenantLabel);
	return app;
}

export function authenticateClient(
	state: SandboxState,
	app: SandboxApp,
	secret: string | undefined,
): void {
	if (app.publicClient) {
		if (secret) throw AAD.publicClientSecret();
		return;
	}
	if (!secret) throw AAD.missingSecret();
	const match = app.secrets.find((s) => s.value === secret);
	if (!match) throw AAD.wrongSecret(app.clientId);
	if (match.expiresAt !== undefined && match.expiresAt <= state.clock.now())
		throw AAD.expiredSecret(app.clientId);
}

/** Exact match, except that for http://localhost and http://127.0.0.1 the port is ignored (as Entra does). */
export function redirectAllowed(app: SandboxApp, uri: string): boolean {
	if (app.redirectUris.includes(uri)) return true;
	let u: URL;
	try {
		u = new URL(uri);
	} catch {
		return false;
	}
	if (u.protocol !== 'http:' || !['localhost', '127.0.0.1', '[::1]'].includes(u.hostname))
		return false;
	return app.redirectUris.some((r) => {
		try {
			const x = new URL(r);
			return (
				x.protocol === 'http:' &&
				x.hostname === u.hostname &&
				x.pathname === u.pathname &&
				x.search === u.search
			);
		} catch {
			return false;
		}
	});
}
