/**
 * OData list paging. Defender's `@odata.nextLink` is unreliable (missing when `$top` is given,
 * self-repeating on some lists, as users report to Microsoft), so lists are read in `$top`/`$skip`
 * windows over a stable order:
 * - order by immutable fields (alerts: creation time, then id), so an item updated while we page
 *   keeps its position;
 * - bound the listing at its start (`alertCreationTime le <newest at start>`, taken from the
 *   server, not from our clock): alerts created while we page sort after the bound and are not
 *   part of this listing, so they cannot shift the windows;
 * - overlap consecutive windows by a few items and drop ids already seen in the previous window,
 *   so an item that drops out of a filter (or a late-indexed one that shifts the windows) causes
 *   neither a skip nor a repeat at a boundary.
 * Lists without a stable order (`stableOrder: null`) follow `@odata.nextLink` with a loop guard.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { defenderApiRequest } from './request';
import type { DefenderFunctions, DefenderListRequest, StableOrder } from './types';

/** Alerts: creation time and id never change, so this order is total and stable. */
export const ALERT_PAGING: StableOrder = {
	orderBy: 'alertCreationTime asc,id asc',
	boundField: 'alertCreationTime',
	idField: 'id',
};

export const MAX_PAGE_SIZE = 10_000;
const DEFAULT_MAX_PAGES = 1_000;
/** An OData DateTimeOffset as Defender writes it; anything else never enters a filter. */
const DATE_TIME_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$/;

interface ODataPage {
	value?: IDataObject[];
	'@odata.nextLink'?: string;
}

function andFilter(userFilter: unknown, clause: string): string {
	const existing = typeof userFilter === 'string' ? userFilter.trim() : '';
	return existing ? `(${existing}) and ${clause}` : clause;
}

function stableOrderFor(request: DefenderListRequest): StableOrder | null {
	if (request.stableOrder !== undefined) return request.stableOrder;
	return /^\/api\/alerts\/?$/i.test(request.path) ? ALERT_PAGING : null;
}

/** Items to overlap between windows: enough to absorb drift, small next to the window. */
export function overlapFor(pageSize: number): number {
	return Math.max(0, Math.min(100, Math.floor(pageSize / 10)));
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
	const get = async (path: string, qs?: IDataObject): Promise<ODataPage> =>
		(await defenderApiRequest.call(this, {
			...request,
			method: 'GET',
			path,
			...(qs ? { qs } : { qs: undefined }),
		})) as ODataPage;
	const guard = (message: string) =>
		new NodeOperationError(this.getNode(), message, { itemIndex: request.itemIndex });

	if (limit <= 0) return;
	let emitted = 0;

	if (order === null) {
		// Server order: follow nextLink while it advances, else window with $skip.
		const seenLinks = new Set<string>();
		let next: { path: string; qs?: IDataObject } = {
			path: request.path,
			qs: { ...baseQs, $top: Math.min(pageSize, limit) },
		};
		for (let pages = 0; ; pages++) {
			if (pages >= maxPages) throw guard(`Stopped after ${maxPages} pages: the list did not end.`);
			const page = await get(next.path, next.qs);
			const items = (page.value ?? []) as T[];
			const take = items.slice(0, limit - emitted);
			emitted += take.length;
			if (take.length > 0) yield take;
			const link = page['@odata.nextLink'];
			if (emitted >= limit || items.length === 0) return;
			if (typeof link === 'string' && link !== '' && !seenLinks.has(link)) {
				seenLinks.add(link);
				next = { path: link };
			} else if (items.length >= Math.min(pageSize, limit - emitted + take.length)) {
				next = { path: request.path, qs: { ...baseQs, $top: pageSize, $skip: emitted } };
			} else {
				return;
			}
		}
	}

	// Stable mode: bound the listing by the newest item at the start.
	const probe = await get(request.path, {
		...baseQs,
		$top: 1,
		$orderby: `${order.boundField} desc`,
	});
	const newest = probe.value?.[0]?.[order.boundField];
	if (newest === undefined) return;
	if (typeof newest !== 'string' || !DATE_TIME_OFFSET.test(newest)) {
		throw guard(
			`Defender returned an unexpected ${order.boundField} value; cannot page this list safely.`,
		);
	}
	const filter = andFilter(baseQs.$filter, `${order.boundField} le ${newest}`);
	const overlap = overlapFor(pageSize);
	let offset = 0;
	let previousIds = new Set<string>();
	for (let pages = 0; ; pages++) {
		if (pages >= maxPages) throw guard(`Stopped after ${maxPages} pages: the list did not end.`);
		const skip = Math.max(0, offset - (pages === 0 ? 0 : overlap));
		const top = Math.min(pageSize, limit - emitted + (offset - skip));
		const page = await get(request.path, {
			...baseQs,
			$filter: filter,
			$orderby: order.orderBy,
			$top: top,
			...(skip > 0 ? { $skip: skip } : {}),
		});
		const items = page.value ?? [];
		const ids = new Set<string>();
		const fresh: T[] = [];
		for (const item of items) {
			const id = String(item[order.idField]);
			ids.add(id);
			if (!previousIds.has(id) && emitted + fresh.length < limit) fresh.push(item as T);
		}
		emitted += fresh.length;
		if (fresh.length > 0) yield fresh;
		offset = skip + items.length;
		const full = items.length >= top;
		if (emitted >= limit || items.length === 0) return;
		// A short page ends the list, unless the server says there is more (nextLink).
		if (!full && typeof page['@odata.nextLink'] !== 'string') return;
		if (fresh.length === 0) {
			if (!full) return;
			throw guard('Paging made no progress: the same items came back twice. Retry the listing.');
		}
		previousIds = ids;
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
