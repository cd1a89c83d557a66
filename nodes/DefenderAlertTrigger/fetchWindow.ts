/**
 * Reads one tenant's poll window, page by page, the way the cursor's paging helper prescribes
 * (keyset on the scan time, `$skip` only inside a tie): `$skip` alone over a live result set
 * skips a row whenever an alert on an earlier page changes mid-poll.
 *
 * A server may also page by itself: fewer rows than `$top` plus an `@odata.nextLink`. Such a page
 * is not the end of the window; the keyset continues from its last row (the link's own `$skip`
 * would shift as rows change). When the poll's time runs out, or a later page fails, what was read
 * so far is returned with how far it reaches, so the tenant keeps that progress: a window that
 * takes many pages would otherwise have to succeed in one go, and grows with every failed poll.
 */
import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, IPollFunctions, JsonObject } from 'n8n-workflow';

import type { PollPlan, ScanField } from '../shared/alerts/cursor';
import { DEFAULT_PAGE_SIZE, firstPage, nextPage } from '../shared/alerts/cursorPaging';
import type { PageRequest } from '../shared/alerts/cursorPaging';
import { alertFilterString } from '../shared/alerts/filters';
import type { AlertQuery } from '../shared/alerts/filters';
import { compareTime } from '../shared/alerts/time';
import type { TimeKey } from '../shared/alerts/time';
import type { DefenderAlert } from '../shared/alerts/types';
import { defenderApiRequest, isDeadlineReached } from '../shared/transport';
import type { Tenant, TransportTuning } from '../shared/transport';

export interface WindowRequest {
	tenant: Tenant;
	query: AlertQuery;
	includeEvidence: boolean;
	field: ScanField;
	tuning?: TransportTuning;
	/** `$top`; the API's maximum unless a cap makes smaller pages cheaper. */
	pageSize?: number;
	/** Stop paging once this many rows are in hand (a per-poll cap needs no more). 0 = read all. */
	enough?: number;
	/** Epoch ms by which the poll must be done. */
	deadline?: number;
	/** Each response's Date header, for the server clock. */
	onServerDate?: (serverMs: number | undefined, sentAtMs: number, receivedAtMs: number) => void;
}

export interface WindowResult {
	alerts: DefenderAlert[];
	/** How far the rows read cover the window; passed to applyPoll. */
	reach: TimeKey;
	pages: number;
	/** True when the poll's time ran out before the window was read to its end. */
	outOfTime: boolean;
	/** The error that ended the read after some progress (up to `reach`); the tenant reports it. */
	stoppedBy?: unknown;
}

/** A loop guard far beyond any real window (1,000 pages of 10,000 alerts). */
export const MAX_PAGES = 1_000;

export function windowQuery(request: WindowRequest, page: PageRequest): IDataObject {
	const qs: IDataObject = {
		$filter: alertFilterString(request.query, [
			{ field: request.field, op: 'ge', value: page.from },
			{ field: request.field, op: 'le', value: page.to },
		]),
		$orderby: `${request.field} asc`,
		$top: page.top,
	};
	if (page.skip > 0) qs.$skip = page.skip;
	if (request.includeEvidence) qs.$expand = 'evidence';
	return qs;
}

function notAList(ctx: IPollFunctions, tenant: Tenant, body: IDataObject | null): NodeApiError {
	// Not an alert list: the tenant's poll fails so its cursor stays put.
	return new NodeApiError(ctx.getNode(), (body ?? {}) as JsonObject, {
		message: `Defender answered the alert list for tenant ${tenant.tenantId} without a "value" list`,
		description:
			'The response was not an OData list. The trigger retries this tenant on the next poll.',
	});
}

export async function fetchWindow(
	this: IPollFunctions,
	request: WindowRequest,
	plan: PollPlan,
): Promise<WindowResult> {
	const alerts: DefenderAlert[] = [];
	let page: PageRequest = firstPage(plan, request.pageSize ?? DEFAULT_PAGE_SIZE, request.field);
	let reach: TimeKey = plan.from;
	let pages = 0;
	let link: string | undefined;
	// Keep what was read when it moves the watermark on; re-reading the overlap is no progress,
	// and a tenant that never gets past it fails as a whole (so a failure that repeats shows).
	const stop = (error: unknown): WindowResult => {
		if (compareTime(reach, plan.cursor.watermark) > 0)
			return { alerts, reach, pages, outOfTime: false, stoppedBy: error };
		throw error;
	};
	for (;;) {
		if (pages >= MAX_PAGES) {
			return stop(
				new NodeApiError(this.getNode(), { message: 'page guard' } as JsonObject, {
					message: `The alert window of tenant ${request.tenant.tenantId} did not end after ${MAX_PAGES} pages`,
					description:
						'Defender kept returning full pages or next-page links. The next poll continues from where this one got; if this repeats, narrow the Filters or report the request IDs to Microsoft.',
				}),
			);
		}
		const answer = await defenderApiRequest
			.call(this, {
				tenant: request.tenant,
				method: 'GET',
				path: link ?? '/api/alerts',
				qs: link ? undefined : windowQuery(request, page),
				tuning: request.tuning,
				deadline: request.deadline,
				onServerDate: request.onServerDate,
			})
			.then(
				(value) => ({ body: value as IDataObject | null }),
				(error: unknown) => ({ error }),
			);
		if ('error' in answer) {
			// Out of time: keep what was read; applyPoll moves the watermark only as far as `reach`.
			if (isDeadlineReached(answer.error)) return { alerts, reach, pages, outOfTime: true };
			return stop(answer.error);
		}
		const { body } = answer;
		pages++;
		const rows = body && Array.isArray(body.value) ? (body.value as DefenderAlert[]) : null;
		if (rows === null) return stop(notAList(this, request.tenant, body));
		for (const row of rows) alerts.push(row);
		const serverLink =
			typeof body?.['@odata.nextLink'] === 'string' ? body['@odata.nextLink'] : undefined;
		if (serverLink !== undefined && rows.length === 0) {
			// An empty page that still links on: only the link knows where the rest is.
			if (serverLink === link) return stop(notAList(this, request.tenant, body));
			link = serverLink;
			continue;
		}
		link = undefined;
		// A page the server cut short but linked on is as good as a full one for the keyset.
		const asked = serverLink !== undefined ? { ...page, top: rows.length } : page;
		const step = nextPage(asked, rows);
		reach = step.reach;
		if (step.next === null) break;
		// Stopping early is safe: applyPoll moves the watermark only as far as `reach`.
		if (request.enough && alerts.length >= request.enough) break;
		page = { ...step.next, top: page.top };
	}
	return { alerts, reach, pages, outOfTime: false };
}
