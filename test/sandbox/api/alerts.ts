/** Alerts routes, wired to the tenant's AlertStore (test/sandbox/defender). */
import type { ListQuery } from '../defender/alertStore';
import { Ctx, readJson, sendJson } from '../http';
import type { SandboxState } from '../state';
import type { Principal } from './auth';
import { ApiError } from './errors';
import { serverPage } from './serverPaging';

const QUERY_KEYS: Array<keyof ListQuery> = ['$filter', '$top', '$skip', '$orderby', '$expand'];
export const MAX_PAGE = 10_000;

export function listAlerts(state: SandboxState, ctx: Ctx, p: Principal): void {
	const sp = ctx.url.searchParams;
	const query: ListQuery = {};
	for (const k of QUERY_KEYS) {
		const v = sp.get(k);
		if (v !== null) query[k] = v;
	}
	const skiptoken = sp.get('$skiptoken');
	const paged =
		skiptoken !== null || state.nextLinkModeFor(p.tenant.id) === 'serverPaging'
			? serverPage(state, ctx, p.tenant.id, query, skiptoken)
			: undefined;
	const { value, matched } = state
		.store(p.tenant.id)
		.list(paged?.storeQuery ?? query, state.clock.now());
	const base = state.origin;
	const body: Record<string, unknown> = { '@odata.context': `${base}/api/$metadata#Alerts`, value };
	const link = paged
		? paged.nextLink(value.length, matched)
		: nextLink(state, ctx, p.tenant.id, query, value.length, matched);
	if (link) body['@odata.nextLink'] = link;
	// The page is already copied out of the store, so changes made here reach the next page only.
	state.afterAlertList?.({ tenantId: p.tenant.id, query: paged?.storeQuery ?? query, value });
	sendJson(ctx, 200, body, { 'OData-Version': '4.0' });
}

/** The documented paging quirks (facts §1.4), chosen per sandbox or per tenant. */
function nextLink(
	state: SandboxState,
	ctx: Ctx,
	tenantId: string,
	q: ListQuery,
	returned: number,
	matched: number,
): string | undefined {
	const mode = state.nextLinkModeFor(tenantId);
	const skip = Math.max(0, parseInt(q.$skip ?? '0', 10) || 0);
	const top = q.$top !== undefined ? parseInt(q.$top, 10) : undefined;
	const pageSize = top ?? MAX_PAGE;
	const more = matched > skip + returned;
	const self = `${state.origin}${ctx.path}`;
	const rawQuery = ctx.url.search.replace(/^\?/, '');
	if (mode === 'repeating') {
		if (returned === 0 || returned < pageSize) return undefined;
		return `${self}?${rawQuery ? `${rawQuery}&` : ''}$skip=${pageSize}`;
	}
	if (!more) return undefined;
	if (mode === 'none' && top !== undefined) return undefined;
	const parts = rawQuery.split('&').filter((kv) => kv && !/^(\$|%24)skip=/i.test(kv));
	parts.push(`$skip=${skip + returned}`);
	return `${self}?${parts.join('&')}`;
}

export function getAlert(state: SandboxState, ctx: Ctx, p: Principal, id: string): void {
	sendJson(ctx, 200, {
		'@odata.context': `${state.origin}/api/$metadata#Alerts/$entity`,
		...state.store(p.tenant.id).get(id, state.clock.now()),
	});
}

export async function patchAlert(
	state: SandboxState,
	ctx: Ctx,
	p: Principal,
	id: string,
): Promise<void> {
	const body = await jsonBody(ctx);
	const updated = state.store(p.tenant.id).update(id, body, state.clock.now(), p.actor);
	sendJson(ctx, 200, {
		'@odata.context': `${state.origin}/api/$metadata#Alerts/$entity`,
		...updated,
	});
}

export async function batchUpdate(state: SandboxState, ctx: Ctx, p: Principal): Promise<void> {
	const body = await jsonBody(ctx);
	state.store(p.tenant.id).batchUpdate(body, state.clock.now(), p.actor);
	ctx.res.statusCode = 200;
	ctx.res.setHeader('Content-Length', 0);
	ctx.res.end();
}

async function jsonBody(ctx: Ctx): Promise<unknown> {
	const type = String(ctx.req.headers['content-type'] ?? '');
	let body: unknown;
	try {
		body = await readJson(ctx);
	} catch {
		throw new ApiError(400, 'InvalidRequestBody', 'The request body is not valid JSON.');
	}
	if (body === undefined)
		throw new ApiError(400, 'InvalidRequestBody', 'The request body is empty.');
	if (type && !/json/i.test(type))
		throw new ApiError(
			400,
			'InvalidRequestBody',
			`Content-Type '${type}' is not supported; use application/json.`,
		);
	return body;
}
