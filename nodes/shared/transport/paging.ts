/**
 * OData list paging with `$top`/`$skip` windows in a stable order.
 */
import type { DefenderFunctions, DefenderListRequest, StableOrder } from './types';

/** Alerts: creation time and id never change, so this order is total and stable. */
export const ALERT_PAGING: StableOrder = {
	orderBy: 'alertCreationTime asc,id asc',
	boundField: 'alertCreationTime',
	idField: 'id',
};

/**
 * Yields the list page by page (each page is an array), so callers can stream large results
 * (25,000 alerts) without holding them twice. Stops at `limit` items.
 */
export async function* defenderApiPages<T = Record<string, unknown>>(
	this: DefenderFunctions,
	request: DefenderListRequest,
): AsyncGenerator<T[], void, undefined> {
	void request;
	yield [];
	throw new Error('defenderApiPages: implementation lands in the next commit');
}

/** Every item of an OData list (up to `limit`), in the stable order. */
export async function defenderApiRequestAllItems<T = Record<string, unknown>>(
	this: DefenderFunctions,
	request: DefenderListRequest,
): Promise<T[]> {
	const items: T[] = [];
	for await (const page of defenderApiPages.call(this, request) as AsyncGenerator<T[]>) {
		items.push(...page);
	}
	return items;
}
