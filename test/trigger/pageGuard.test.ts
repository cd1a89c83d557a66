/**
 * A window that never ends (a server that keeps answering full pages) stops at the page guard with
 * an error naming the tenant — it used to stop silently and move the watermark past unread rows.
 * When the pages before the guard (or before a page that fails) moved the keyset on, what they
 * read is kept with how far it reaches, so a window that needs many pages is not all-or-nothing.
 * The transport runs for real; only n8n's HTTP helper is replaced by a scripted API.
 */
import type { IDataObject, IHttpRequestOptions, IPollFunctions } from 'n8n-workflow';

import { planPoll } from '../../nodes/shared/alerts/cursor';
import { alertQueryFromFilters } from '../../nodes/shared/alerts/filters';
import { addTicks, parseApiTime } from '../../nodes/shared/alerts/time';
import type { TimeKey } from '../../nodes/shared/alerts/time';
import { fetchWindow, MAX_PAGES } from '../../nodes/DefenderAlertTrigger/fetchWindow';
import { FAST, resetTransport } from './support';

const TENANT = '11111111-2222-4333-8444-555555555555';

type Rows = (from: TimeKey, page: number) => IDataObject[] | 'fail';

/** An API whose every list page is `rows(lower bound of the request, page number)`. */
function scriptedApi(rows: Rows) {
	let pages = 0;
	const ctx = {
		getNode: () => ({
			id: 'n',
			name: 'Trigger',
			type: 'defenderAlertTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		}),
		// A poll context's parameters (no item index): every one unset.
		getNodeParameter: (_name: string, fallback: unknown) => fallback,
		getCredentials: async () => ({
			cloud: 'custom',
			loginBaseUrl: 'https://127.0.0.1:1',
			apiBaseUrl: 'https://127.0.0.1:1',
			clientId: 'c',
			clientSecret: 's',
		}),
		helpers: {
			async httpRequestWithAuthentication(_type: string, request: IHttpRequestOptions) {
				if (request.method === 'POST')
					return { statusCode: 200, headers: {}, body: { access_token: 'tok', expires_in: 3599 } };
				pages++;
				const from = /lastUpdateTime ge ([0-9TZ:.-]+)/.exec(
					String((request.qs as IDataObject).$filter),
				)?.[1] as string;
				const value = rows(parseApiTime(from) as TimeKey, pages);
				if (value === 'fail')
					return {
						statusCode: 400,
						headers: {},
						body: { error: { code: 'BadRequest', message: 'Invalid filter clause' } },
					};
				return { statusCode: 200, headers: {}, body: { value } };
			},
		},
	};
	return { ctx: ctx as unknown as IPollFunctions, pages: () => pages };
}

// Two rows a page, each a tick after the page's lower bound: the keyset never runs out.
const progressing: Rows = (base, page) =>
	[1, 2].map((k) => ({
		id: `a${page}-${k}`,
		lastUpdateTime: addTicks(base, k),
		alertCreationTime: base,
	}));

const plan = planPoll(undefined, Date.UTC(2026, 0, 1), { backfillMs: 3_600_000 });

function read(api: ReturnType<typeof scriptedApi>) {
	return fetchWindow.call(
		api.ctx,
		{
			tenant: { tenantId: TENANT },
			query: alertQueryFromFilters({}, 0),
			includeEvidence: false,
			field: 'lastUpdateTime',
			tuning: FAST,
			pageSize: 2,
		},
		plan,
	);
}

beforeEach(() => resetTransport());

test(`a window that does not end after ${MAX_PAGES} pages stops with an error naming the tenant, keeping what the pages read`, async () => {
	const api = scriptedApi(progressing);
	const window = await read(api);
	expect(api.pages()).toBe(MAX_PAGES);
	expect(String(window.stoppedBy)).toContain(
		`The alert window of tenant ${TENANT} did not end after ${MAX_PAGES} pages`,
	);
	expect(window.alerts).toHaveLength(2 * MAX_PAGES);
	// Complete up to the last page's last row (each page moved the keyset two ticks on).
	expect(window.reach).toBe(addTicks(plan.from, MAX_PAGES * 2));
});

test('full pages of one timestamp that never end are an error: nothing was read to keep', async () => {
	const api = scriptedApi((base, page) =>
		[1, 2].map((k) => ({ id: `t${page}-${k}`, lastUpdateTime: base, alertCreationTime: base })),
	);
	await expect(read(api)).rejects.toThrow(
		`The alert window of tenant ${TENANT} did not end after ${MAX_PAGES} pages`,
	);
	expect(api.pages()).toBe(MAX_PAGES);
});

test('a page that fails after two good ones keeps those two pages and their reach, with the error', async () => {
	const api = scriptedApi((base, page) => (page === 3 ? 'fail' : progressing(base, page)));
	const window = await read(api);
	expect(window.alerts.map((a) => a.id)).toEqual(['a1-1', 'a1-2', 'a2-1', 'a2-2']);
	expect(window.outOfTime).toBe(false);
	expect(String(window.stoppedBy)).toContain('Invalid filter clause');
	expect(window.reach).toBe(window.alerts[3].lastUpdateTime);
});

test('a first page that fails fails the tenant as a whole (its cursor stays put)', async () => {
	const api = scriptedApi(() => 'fail');
	await expect(read(api)).rejects.toThrow('Invalid filter clause');
});
