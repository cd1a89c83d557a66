/**
 * The customer tenant and the Defender portal link, per Microsoft cloud: what an analyst clicks
 * to open the alert in the right tenant of the right portal.
 */

import type { DefenderCloud } from '../transport';
import type { FormatContext } from './options';
import { type Rec, oneLine, str } from './values';

export const DEFAULT_PORTAL = 'https://security.microsoft.com';

// The Defender portal of each Microsoft cloud (Microsoft's "Defender for Endpoint for US
// Government customers" page): GCC shares the commercial portal, GCC High and DoD have their own.
const CLOUD_PORTALS: Readonly<Record<DefenderCloud, string>> = {
	global: DEFAULT_PORTAL,
	gcc: DEFAULT_PORTAL,
	gccHigh: 'https://security.microsoft.us',
	dod: 'https://security.apps.mil',
	custom: DEFAULT_PORTAL,
};

/** The portal base URL for a credential's cloud (the commercial portal for unknown values). */
export function portalBaseUrlOfCloud(cloud: unknown): string {
	return typeof cloud === 'string' && Object.prototype.hasOwnProperty.call(CLOUD_PORTALS, cloud)
		? CLOUD_PORTALS[cloud as DefenderCloud]
		: DEFAULT_PORTAL;
}

/** Link to the alert in the Defender portal, scoped to the customer tenant. */
export function portalLink(a: Rec, ctx: FormatContext): string {
	// encodeURIComponent throws on lone surrogates; oneLine replaces them.
	const id = oneLine(str(a.id));
	if (id === '') return '';
	const base = oneLine(str(ctx.options?.portalBaseUrl)) || DEFAULT_PORTAL;
	const tenant = oneLine(str(ctx.tenantId) || str(a.aadTenantId));
	const q = tenant === '' ? '' : '?tid=' + encodeURIComponent(tenant);
	return base.replace(/\/+$/, '') + '/alerts/' + encodeURIComponent(id) + q;
}

/** The customer tenant: the context's, else the alert's own aadTenantId. */
export function tenantOf(a: Rec, ctx: FormatContext): string {
	return str(ctx.tenantId) || str(a.aadTenantId);
}
