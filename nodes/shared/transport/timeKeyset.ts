/**
 * A list read in pages while it changes under us, neither skipping nor repeating an item.
 *
 * `$top`/`$skip` windows count positions in a live result set: when items already read leave the
 * filter (an analyst resolves alerts while a status filter is on), every later item moves up and
 * as many fall unseen between two windows; when items enter behind us, others are read twice. A
 * keyset counts nothing: each page asks for the items from the last time read onwards
 * (`alertCreationTime ge <last>`, ordered by that time and then id). That time never changes, so
 * what was read stays behind and what is left stays ahead, however many items change meanwhile.
 * Items at the boundary time are read again and dropped by id. An item that enters the filter
 * ahead of the keyset is listed, one that enters behind it (or leaves ahead of it) is not, every
 * item that matches throughout is listed, and none is listed twice.
 *
 * When more items share one instant than half a page, the keyset cannot move past them in one
 * page; `$skip` then steps through that instant alone, re-reading a few items (dropped by id). Only
 * there could items leaving the filter mid-listing still cost one: more than the overlap leaving
 * an instant that thousands of items share (Defender's times have 100-ns resolution).
 *
 * Oldest first is bounded by the newest item (matching the filter or not; read from the server,
 * not our clock) once its first page is full: items created while we page on are not part of this
 * listing, so Return All ends. Newest first needs no bound: its keyset only moves back in time.
 */
import type { IDataObject } from 'n8n-workflow';

import { compareTime, parseApiTime } from '../alerts/time';
import type { TimeKey } from '../alerts/time';
import type { ODataList, StableOrder } from './types';

export interface KeysetListing {
	order: StableOrder;
	/** The caller's query options (`$filter`, `$expand`…), without `$top`, `$skip`, `$orderby`. */
	qs: IDataObject;
	/** `$top` per page. */
	pageSize: number;
	/** Items to list at most (Infinity: all). */
	limit: number;
	maxPages: number;
	read: (qs: IDataObject) => Promise<ODataList>;
	/** The error to throw for this listing (the caller names the tenant). */
	fail: (message: string, description: string) => Error;
}

/** Items to re-read when stepping through one instant with `$skip`: small next to the page. */
export function overlapFor(pageSize: number): number {
	return Math.max(0, Math.min(100, Math.floor(pageSize / 10)));
}

function andFilter(userFilter: unknown, clauses: string[]): string | undefined {
	const existing = typeof userFilter === 'string' ? userFilter.trim() : '';
	const all = existing ? [`(${existing})`, ...clauses] : clauses;
	return all.length > 0 ? all.join(' and ') : undefined;
}

/** Yields the list page by page, in the stable order; stops after `limit` items. */
export async function* keysetPages(
	listing: KeysetListing,
): AsyncGenerator<IDataObject[], void, undefined> {
	const { order, pageSize, limit, read, fail } = listing;
	const field = order.timeField;
	const direction = order.newestFirst ? 'desc' : 'asc';
	const orderBy = `${field} ${direction},${order.idField} ${direction}`;
	/** Positive when `a` comes after `b` in the listing's order. */
	const after = (a: TimeKey, b: TimeKey) => (order.newestFirst ? -1 : 1) * compareTime(a, b);
	const timeOf = (item: IDataObject): TimeKey => {
		const time = parseApiTime(item[field]);
		if (time !== null) return time;
		throw fail(
			`Defender returned an item whose ${field} is not a date and time, so the list cannot be paged safely`,
			'Retry the listing; if it repeats, report the request IDs to Microsoft.',
		);
	};

	const bounds: string[] = [];
	// Oldest first needs its end fixed only when there is a second page to read: a first page that
	// is short is the whole list, so most tenants of a fan-out cost one call, not two. Fixed after
	// that first page, the bound is still read from the server before the listing goes on, and it
	// is at least as new as every item already listed.
	let bounded = order.newestFirst === true;
	const fixEnd = async (): Promise<boolean> => {
		bounded = true;
		// The newest item of all, not of the filter: one that enters the filter later is still ahead.
		const newest = await read({ $top: 1, $orderby: `${field} desc` });
		if (newest.value.length === 0) return false;
		bounds.push(`${field} le ${timeOf(newest.value[0])}`);
		return true;
	};

	let cursor: TimeKey | null = null;
	let seenAtCursor = new Set<string>();
	// The server may give fewer items per page than `$top` (and link on): the tie rule uses what it gives.
	let servedPerPage = pageSize;
	let emitted = 0;
	for (let pages = 0; ; pages++) {
		if (pages >= listing.maxPages) {
			throw fail(
				`Stopped after ${listing.maxPages} pages: the list did not end`,
				'Narrow the filters or set a Limit, then run again.',
			);
		}
		const tieSkip =
			seenAtCursor.size > servedPerPage / 2 ? seenAtCursor.size - overlapFor(servedPerPage) : 0;
		const reread = seenAtCursor.size - tieSkip;
		const top = Math.min(pageSize, limit - emitted + reread);
		const from = cursor === null ? [] : [`${field} ${order.newestFirst ? 'le' : 'ge'} ${cursor}`];
		const page = await read({
			...listing.qs,
			$filter: andFilter(listing.qs.$filter, [...bounds, ...from]),
			$orderby: orderBy,
			$top: top,
			...(tieSkip > 0 ? { $skip: tieSkip } : {}),
		});

		let nextCursor: TimeKey | null = cursor;
		// The ids read at `nextCursor`. Most items have a time of their own, so while the newest
		// time has one item the set is not built: `loneAtNext` holds that item's id instead.
		let seenAtNext: Set<string> | null = seenAtCursor;
		let loneAtNext = '';
		const fresh: IDataObject[] = [];
		for (const item of page.value) {
			if (emitted + fresh.length >= limit) break;
			const time = timeOf(item);
			const id = String(item[order.idField]);
			const step = nextCursor === null ? 1 : after(time, nextCursor);
			if (step < 0) {
				throw fail(
					`Defender returned the list out of the requested order (${orderBy}), so paging on could skip items`,
					'Retry the listing; if it repeats, report the request IDs to Microsoft.',
				);
			}
			if (step > 0) {
				nextCursor = time;
				seenAtNext = null;
				loneAtNext = id;
			} else {
				if (seenAtNext === null) {
					if (id === loneAtNext) continue;
					seenAtNext = new Set([loneAtNext]);
				} else if (seenAtNext.has(id)) {
					continue; // read before, at the boundary time
				} else if (seenAtNext === seenAtCursor) {
					seenAtNext = new Set(seenAtCursor);
				}
				seenAtNext.add(id);
			}
			fresh.push(item);
		}
		emitted += fresh.length;
		if (fresh.length > 0) yield fresh;
		if (emitted >= limit) return;

		const rows = page.value.length;
		const cutByServer = rows > 0 && rows < top && page.nextLink !== undefined;
		if (cutByServer) servedPerPage = Math.min(servedPerPage, rows);
		if (rows < top && !cutByServer) return;
		if (fresh.length === 0) {
			throw fail(
				'Paging made no progress: the same items came back twice',
				'Retry the listing; if it repeats, report the request IDs to Microsoft.',
			);
		}
		cursor = nextCursor;
		seenAtCursor = seenAtNext ?? new Set([loneAtNext]);
		if (!bounded && !(await fixEnd())) return;
	}
}
