/**
 * A window that never ends (a server that keeps answering full pages further on) stops at the
 * page guard with an error naming the tenant — it used to stop silently and move the watermark.
 * The transport runs for real; only n8n's HTTP helper is replaced by an endless API.
 */
import type { IDataObject, IHttpRequestOptions, IPollFunctions } from 'n8n-workflow';

import { planPoll } from '../../nodes/shared/alerts/cursor';
import { alertQueryFromFilters } from '../../nodes/shared/alerts/filters';
import { addTicks, parseApiTime } from '../../nodes/shared/alerts/time';
import type { TimeKey } from '../../nodes/shared/alerts/time';
import { fetchWindow, MAX_PAGES } from '../../nodes/DefenderAlertTrigger/fetchWindow';
import { FAST, resetTransport } from './support';

const TENANT = '11111111-2222-4333-8444-555555555555';

function endlessApi() {
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
				// Two rows a page, each a tick after the page's lower bound: the keyset never runs out.
				const from = /lastUpdateTime ge ([0-9TZ:.-]+)/.exec(
					String((request.qs as IDataObject).$filter),
				)?.[1] as string;
				const base = parseApiTime(from) as TimeKey;
				const value = [1, 2].map((k) => ({
					id: `a${pages}-${k}`,
					lastUpdateTime: addTicks(base, k),
					alertCreationTime: base,
				}));
				return { statusCode: 200, headers: {}, body: { value } };
			},
		},
	};
	return { ctx: ctx as unknown as IPollFunctions, pages: () => pages };
}

test(`a window that does not end after ${MAX_PAGES} pages is an error naming the tenant`, async () => {
	resetTransport();
	const api = endlessApi();
	const plan = planPoll(undefined, Date.UTC(2026, 0, 1), { backfillMs: 3_600_000 });
	await expect(
		fetchWindow.call(
			api.ctx,
			{
				authentication: 'defenderMsspAppApi',
				tenant: { tenantId: TENANT },
				query: alertQueryFromFilters({}, 0),
				includeEvidence: false,
				field: 'lastUpdateTime',
				tuning: FAST,
				pageSize: 2,
			},
			plan,
		),
	).rejects.toThrow(`The alert window of tenant ${TENANT} did not end after ${MAX_PAGES} pages`);
	expect(api.pages()).toBe(MAX_PAGES);
});
