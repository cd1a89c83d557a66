/**
 * OData list paging. Lists with a time that never changes (alerts: creation time) are read by a
 * keyset on it (timeKeyset.ts), which neither skips nor repeats items that change while we page.
 * Defender's `@odata.nextLink` is unreliable (missing when `$top` is given, self-repeating on some
 * lists, as users report to Microsoft), so it is never what moves a keyset listing on. Lists
 * without such a time (`stableOrder: null`: machines, indicators) follow `@odata.nextLink` with a
 * loop guard, else `$skip` windows in the server's order.
 *
 * Every page must be an OData list: a 200 without a `value` list (an error body passed on with a
 * 200, a proxy's page) is an error naming the tenant, never "no results".
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { defenderApiRequest } from './request';
import { quotedTenantName } from './tenant';
import { keysetPages } from './timeKeyset';
import type { DefenderFunctions, DefenderListRequest, ODataList, StableOrder } from './types';

/** Alerts oldest first: creation time and id never change, so this order is total and stable. */
export const ALERT_PAGING: StableOrder = { timeField: 'alertCreationTime', idField: 'id' };
/** Alerts newest first, as stable as ALERT_PAGING. */
export const ALERT_PAGING_NEWEST_FIRST: StableOrder = { ...ALERT_PAGING, newestFirst: true };

export const MAX_PAGE_SIZE = 10_000;
const DEFAULT_MAX_PAGES = 1_000;

function stableOrderFor(request: DefenderListRequest): StableOrder | null {
	if (request.stableOrder !== undefined) return request.stableOrder;
	return /^\/api\/alerts\/?$/i.test(request.path) ? ALERT_PAGING : null;
}

/** What a body that is not an OData list was, in a few words (its property names, not values). */
function describeBody(body: unknown): string {
	if (body === null || body === undefined || body === '') return 'an empty body';
	if (Array.isArray(body)) return 'a JSON array';
	if (typeof body !== 'object') return `a ${typeof body}`;
	const keys = Object.keys(body);
	if (keys.length === 0) return 'an empty JSON object';
	const names = keys.slice(0, 5).map((key) => `"${key.replace(/[^\w@.$-]/g, '').slice(0, 40)}"`);
	return `a JSON object with ${names.join(', ')}${keys.length > 5 ? ', …' : ''}`;
}

/** The page as an OData list, or an error saying this tenant's answer was something else. */
function asODataList(this: DefenderFunctions, request: DefenderListRequest, body: unknown) {
	const page = body as IDataObject | null | undefined;
	if (page && typeof page === 'object' && Array.isArray(page.value)) {
		const link = page['@odata.nextLink'];
		const list: ODataList = { value: page.value as IDataObject[] };
		if (typeof link === 'string' && link !== '') list.nextLink = link;
		return list;
	}
	throw new NodeOperationError(
		this.getNode(),
		`The answer to ${request.path} for customer tenant ${quotedTenantName(request.tenant)} was HTTP 200 without a "value" list`,
		{
			itemIndex: request.itemIndex,
			description: `What came back (${describeBody(body)}) is not an OData list, so this tenant's results are unknown, not empty. It is usually an error page from a proxy, gateway or firewall between n8n and Defender, or an API base URL that points elsewhere: check the credential's cloud and API base URL and any proxy, then run again.`,
		},
	);
}

/**
 * Yields the list page by page (each page an array, ids never repeated), so callers can stream
 * large results without holding them twice. Stops after `limit` items.
 */
export async function* defenderApiPages<T = IDataObject>(
	this: DefenderFunctions,
	request: DefenderListRequest,
): AsyncGenerator<T[], void, undefined> {
	const limit = request.limit ?? Number.POSITIVE_INFINITY;
	const pageSize = Math.max(1, Math.min(MAX_PAGE_SIZE, request.pageSize ?? MAX_PAGE_SIZE));
	const maxPages = request.maxPages ?? DEFAULT_MAX_PAGES;
	const order = stableOrderFor(request);
	const baseQs: IDataObject = { ...request.qs };
	delete baseQs.$top;
	delete baseQs.$skip;
	const get = async (path: string, qs?: IDataObject): Promise<ODataList> => {
		const body: unknown = await defenderApiRequest.call(this, {
			...request,
			method: 'GET',
			path,
			...(qs ? { qs } : { qs: undefined }),
		});
		return asODataList.call(this, request, body);
	};
	const who = quotedTenantName(request.tenant);
	const guard = (message: string, description?: string) =>
		new NodeOperationError(this.getNode(), `Customer tenant ${who}: ${message}`, {
			itemIndex: request.itemIndex,
			...(description ? { description } : {}),
		});

	if (limit <= 0) return;

	if (order !== null) {
		delete baseQs.$orderby;
		yield* keysetPages({
			order,
			qs: baseQs,
			pageSize,
			limit,
			maxPages,
			read: async (qs) => await get(request.path, qs),
			fail: guard,
		}) as AsyncGenerator<T[], void, undefined>;
		return;
	}

	// Server order: follow nextLink while it advances, else window with $skip.
	let emitted = 0;
	const seenLinks = new Set<string>();
	let next: { path: string; qs?: IDataObject } = {
		path: request.path,
		qs: { ...baseQs, $top: Math.min(pageSize, limit) },
	};
	for (let pages = 0; ; pages++) {
		if (pages >= maxPages) throw guard(`Stopped after ${maxPages} pages: the list did not end`);
		const page = await get(next.path, next.qs);
		const items = page.value as T[];
		const take = items.slice(0, limit - emitted);
		emitted += take.length;
		if (take.length > 0) yield take;
		const link = page.nextLink;
		if (emitted >= limit || items.length === 0) return;
		if (link !== undefined && !seenLinks.has(link)) {
			seenLinks.add(link);
			next = { path: link };
		} else if (items.length >= Math.min(pageSize, limit - emitted + take.length)) {
			next = { path: request.path, qs: { ...baseQs, $top: pageSize, $skip: emitted } };
		} else {
			return;
		}
	}
}

/** Every item of an OData list (up to `limit`), in the stable order. */
export async function defenderApiRequestAllItems<T = IDataObject>(
	this: DefenderFunctions,
	request: DefenderListRequest,
): Promise<T[]> {
	const items: T[] = [];
	for await (const page of defenderApiPages.call(this, request) as AsyncGenerator<T[]>) {
		for (const item of page) items.push(item);
	}
	return items;
}
