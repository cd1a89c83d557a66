/**
 * How the node pages through one poll's window without losing alerts to paging itself.
 *
 * `$skip` paging over a live result set loses rows: when an alert on an early page is updated
 * mid-poll it leaves the window and every later row shifts one place up, so one row is never
 * returned. Keyset paging does not: each page asks `lastUpdateTime ge <last time seen>` ordered
 * ascending, so a page is one atomic snapshot of a contiguous time range and a row that moves can
 * only move forward in time (to a later page or the next poll). Rows at the boundary time are
 * fetched twice; applyPoll drops the repeats. Only when a whole page shares one timestamp does
 * paging fall back to `$skip` inside that tie, and then `reach` stops the watermark at the tie so
 * the next poll re-reads it (records make that re-read emit only what was missed).
 *
 * Request: `$filter={field} ge {from} and {field} le {to}`, `$orderby={field} asc`, `$top={top}`,
 * `$skip={skip}` (omit when 0); the field is lastUpdateTime, or alertCreationTime for a trigger
 * that reports new alerts only.
 */
import { scanTimeOf } from './cursorScan';
import type { PollPlan } from './cursor';
import type { ScanField } from './cursorScan';
import type { DefenderAlert } from './types';
import { compareTime, maxTime, minTime, type TimeKey } from './time';

export const DEFAULT_PAGE_SIZE = 10_000; // the API's maximum $top

export interface PageRequest {
	from: TimeKey;
	to: TimeKey;
	skip: number;
	top: number;
	/** Set once `$skip` was used inside a tie: the watermark must not pass it this poll. */
	tieAt: TimeKey | null;
	/** Ties at or before this time were crossed by an earlier poll already; trust this read. */
	trustTiesUpTo: TimeKey;
	/** The time the window and the keyset are on. */
	field: ScanField;
}

export interface PageStep {
	/** The next request, or null when this page was the last one. */
	next: PageRequest | null;
	/** Pass to applyPoll: how far the pages read so far cover the window (complete up to). */
	reach: TimeKey;
}

export function firstPage(
	plan: PollPlan,
	top: number = DEFAULT_PAGE_SIZE,
	field: ScanField = 'lastUpdateTime',
): PageRequest {
	const size =
		Number.isFinite(top) && top >= 1
			? Math.min(Math.floor(top), DEFAULT_PAGE_SIZE)
			: DEFAULT_PAGE_SIZE;
	const trustTiesUpTo = plan.cursor.watermark;
	return { from: plan.from, to: plan.to, skip: 0, top: size, tieAt: null, trustTiesUpTo, field };
}

/** The request after `page` (the rows `request` returned), and how far the fetch now reaches. */
export function nextPage(request: PageRequest, page: readonly DefenderAlert[]): PageStep {
	const cap = (t: TimeKey) => (request.tieAt === null ? t : minTime(t, request.tieAt));
	if (page.length < request.top) return { next: null, reach: cap(request.to) };

	let last: TimeKey | null = null;
	let ascending = true;
	for (const alert of page) {
		const t = alert ? scanTimeOf(alert, request.field) : null;
		if (t === null || compareTime(t, request.from) < 0 || compareTime(t, request.to) > 0) continue;
		if (last !== null && compareTime(t, last) < 0) ascending = false;
		last = last === null ? t : maxTime(last, t);
	}
	if (last !== null && ascending && compareTime(last, request.from) > 0) {
		// Keyset: everything before `last` has been read; restart at `last` (ties re-read).
		return { next: { ...request, from: last, skip: 0 }, reach: cap(last) };
	}
	if (!ascending) {
		// The API ignored $orderby: keyset would skip rows, so fall back to plain $skip paging.
		return { next: { ...request, skip: request.skip + page.length }, reach: cap(request.from) };
	}
	// A page of one timestamp: step over it with $skip. $skip can miss a row of the tie if the
	// set shifts meanwhile, so the first time a tie is crossed the watermark stops at it and the
	// next poll re-reads it; that second read is trusted, or the cursor could never move past.
	const first = compareTime(request.from, request.trustTiesUpTo) > 0;
	const tieAt = !first
		? request.tieAt
		: request.tieAt === null
			? request.from
			: minTime(request.tieAt, request.from);
	return {
		next: { ...request, skip: request.skip + page.length, tieAt },
		reach: tieAt === null ? request.from : tieAt,
	};
}
