/**
 * Reads one tenant's poll window, page by page, the way the cursor's paging helper prescribes
 * (keyset on lastUpdateTime, `$skip` only inside a tie): `$skip` alone over a live result set
 * skips a row whenever an alert on an earlier page changes mid-poll.
 */
import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, IPollFunctions, JsonObject } from 'n8n-workflow';

import type { PollPlan } from '../shared/alerts/cursor';
import { DEFAULT_PAGE_SIZE, firstPage, nextPage } from '../shared/alerts/cursorPaging';
import type { PageRequest } from '../shared/alerts/cursorPaging';
import { alertFilterString } from '../shared/alerts/filters';
import type { AlertQuery } from '../shared/alerts/filters';
import type { TimeKey } from '../shared/alerts/time';
import type { DefenderAlert } from '../shared/alerts/types';
import { defenderApiRequest } from '../shared/transport';
import type { DefenderAuthentication, Tenant, TransportTuning } from '../shared/transport';

export interface WindowRequest {
	authentication: DefenderAuthentication;
	tenant: Tenant;
	query: AlertQuery;
	includeEvidence: boolean;
	maxRetryWaitSeconds?: number;
	tuning?: TransportTuning;
	/** `$top`; the API's maximum unless a cap makes smaller pages cheaper. */
	pageSize?: number;
	/** Stop paging once this many rows are in hand (a per-poll cap needs no more). 0 = read all. */
	enough?: number;
}

export interface WindowResult {
	alerts: DefenderAlert[];
	/** How far the rows read cover the window; passed to applyPoll. */
	reach: TimeKey;
	pages: number;
}

/** A loop guard far beyond any real window (1,000 pages of 10,000 alerts). */
const MAX_PAGES = 1_000;

export function windowQuery(request: WindowRequest, page: PageRequest): IDataObject {
	const qs: IDataObject = {
		$filter: alertFilterString(request.query, [
			{ field: 'lastUpdateTime', op: 'ge', value: page.from },
			{ field: 'lastUpdateTime', op: 'le', value: page.to },
		]),
		$orderby: 'lastUpdateTime asc',
		$top: page.top,
	};
	if (page.skip > 0) qs.$skip = page.skip;
	if (request.includeEvidence) qs.$expand = 'evidence';
	return qs;
}

export async function fetchWindow(
	this: IPollFunctions,
	request: WindowRequest,
	plan: PollPlan,
): Promise<WindowResult> {
	const alerts: DefenderAlert[] = [];
	let page: PageRequest = firstPage(plan, request.pageSize ?? DEFAULT_PAGE_SIZE);
	let reach: TimeKey = plan.from;
	let pages = 0;
	while (pages < MAX_PAGES) {
		const body = (await defenderApiRequest.call(this, {
			authentication: request.authentication,
			tenant: request.tenant,
			method: 'GET',
			path: '/api/alerts',
			qs: windowQuery(request, page),
			...(request.maxRetryWaitSeconds === undefined
				? {}
				: { maxRetryWaitSeconds: request.maxRetryWaitSeconds }),
			...(request.tuning ? { tuning: request.tuning } : {}),
		})) as IDataObject | null;
		pages++;
		const rows = body && Array.isArray(body.value) ? (body.value as DefenderAlert[]) : null;
		if (rows === null) {
			// Not an alert list: treat the tenant's poll as failed so its cursor stays put.
			throw new NodeApiError(this.getNode(), (body ?? {}) as JsonObject, {
				message: `Defender answered the alert list for tenant ${request.tenant.tenantId} without a "value" list`,
				description: 'The response was not an OData list. The trigger retries this tenant on the next poll.',
			});
		}
		for (const row of rows) alerts.push(row);
		const step = nextPage(page, rows);
		reach = step.reach;
		if (step.next === null) break;
		// Stopping early is safe: applyPoll moves the watermark only as far as `reach`.
		if (request.enough && alerts.length >= request.enough) break;
		page = step.next;
	}
	return { alerts, reach, pages };
}
