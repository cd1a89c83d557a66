/**
 * A change whose answer is lost is not sent again: the sandbox's `latency` fault answers after the
 * attempt timed out, having made the change, as a slow Defender behind a lost response does. A
 * resend would post the alert comment twice. Requests that only set fields, and failures that
 * prove nothing reached the server, are still retried. A failure of a kind the transport does not
 * know proves nothing either. A DELETE is resent, and the 404 its lost first copy leaves is a
 * success.
 */
import { createServer } from 'node:net';
import type { Server } from 'node:net';

import type { DefenderAlert } from '../../nodes/shared/alerts/types';
import { appData, FAST, probe, tenantParam, useSandbox } from './support';

jest.setTimeout(300_000);

const sandbox = useSandbox();
const fab = () => sandbox().tenants.fabrikam.id;
let alertId: string;

beforeEach(async () => {
	await sandbox().control.seedAlerts(fab(), { count: 2, seed: 11 });
	alertId = ((await sandbox().control.alerts(fab())) as DefenderAlert[])[0].id;
});

/** The slow answer arrives after the 400 ms attempt timeout; the test waits for it to land. */
const SLOW_MS = 1200;
const SHORT_TIMEOUT = JSON.stringify({ retry: { ...FAST.retry, timeoutMs: 400 } });
const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

async function commentsOn(id: string, text: string): Promise<number> {
	const alert = ((await sandbox().control.alerts(fab())) as DefenderAlert[]).find(
		(a) => a.id === id,
	);
	return (alert?.comments ?? []).filter((c) => c.comment === text).length;
}

async function patchAlert(body: object, tuning = SHORT_TIMEOUT, data = appData(sandbox())) {
	return await probe(
		sandbox(),
		{
			...tenantParam(fab()),
			method: 'PATCH',
			path: `/api/alerts/${alertId}`,
			body: JSON.stringify(body),
			tuning,
		},
		data,
	);
}

/** The next alert PATCH is made, but its answer comes after the attempt has timed out. */
async function answerNextPatchLate(): Promise<void> {
	await sandbox().control.addFault({
		kind: 'latency',
		latencyMs: SLOW_MS,
		method: 'PATCH',
		pathPrefix: '/api/alerts',
	});
}

describe('changes whose answer is lost', () => {
	it('posts a comment once when the answer times out, and says it may have been applied', async () => {
		await answerNextPatchLate();
		const r = await patchAlert({ comment: 'Escalated by n8n' });
		await sleep(SLOW_MS + 500);
		expect(await commentsOn(alertId, 'Escalated by n8n')).toBe(1);
		expect(r.error?.message).toMatch(/may have been applied/);
		expect(r.error?.message).toContain(fab());
		expect(r.error?.description).toMatch(/not sent again/);
		expect(r.error?.description).toMatch(/look at its comments/);
	});

	it('retries an update without a comment after a timeout (it only sets fields)', async () => {
		await answerNextPatchLate();
		const r = await patchAlert({ status: 'InProgress' });
		expect(r.error).toBeUndefined();
		expect(r.output![0][0].json.ok).toBe(true);
	});

	it('does not resend a comment after a reset or a 500, and resends it after a 503', async () => {
		await sandbox().control.addFault({ kind: 'reset', method: 'PATCH', pathPrefix: '/api/alerts' });
		const reset = await patchAlert({ comment: 'after reset' });
		expect(reset.error?.message).toMatch(/may have been applied/);
		expect(reset.error?.description).toMatch(/ECONNRESET|socket hang up/);

		await sandbox().control.addFault({ kind: '500', method: 'PATCH', pathPrefix: '/api/alerts' });
		const failed = await patchAlert({ comment: 'after 500' });
		expect(failed.error?.message).toMatch(/may have been applied/);
		expect(failed.error?.description).toMatch(/HTTP 500/);

		await sandbox().control.addFault({ kind: '503', method: 'PATCH', pathPrefix: '/api/alerts' });
		const unavailable = await patchAlert({ comment: 'after 503' });
		expect(unavailable.error).toBeUndefined();
		expect(await commentsOn(alertId, 'after 503')).toBe(1);
		expect((await sandbox().control.counters()).faultsServed).toBe(3);
	});

	it('does not resend a batch update with a comment after a 500', async () => {
		await sandbox().control.addFault({ kind: '500', pathPrefix: '/api/alerts/batchUpdate' });
		const r = await probe(sandbox(), {
			...tenantParam(fab()),
			method: 'POST',
			path: '/api/alerts/batchUpdate',
			body: JSON.stringify({ alertIds: [alertId], comment: 'batch note' }),
		});
		expect(r.error?.message).toMatch(/may have been applied/);
		expect(await commentsOn(alertId, 'batch note')).toBe(0);
		expect((await sandbox().control.counters()).faultsServed).toBe(1);
	});

	it('retries a comment whose connection was refused: nothing reached the server', async () => {
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const { port } = closed.address() as { port: number };
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const tuning = JSON.stringify({ retry: { ...FAST.retry, maxRetries: 2 } });
		const r = await patchAlert(
			{ comment: 'never sent' },
			tuning,
			appData(sandbox(), { apiBaseUrl: `https://127.0.0.1:${port}` }),
		);
		expect(r.error?.message).toMatch(/Could not reach Defender .* after 3 attempt\(s\)/);
		expect(r.error?.description).toMatch(/ECONNREFUSED/);
	});

	it('says a comment may have been applied after a failure of an unknown kind', async () => {
		// Something on the API port that reads the request and answers what is not HTTP (a proxy
		// gone wrong): Node's parser fails with a code the transport has no rule for.
		let received = 0;
		const garbage: Server = createServer((socket) => {
			socket.once('data', () => {
				received++;
				socket.end('SSH-2.0-OpenSSH_9.2\r\n\r\n');
			});
		});
		await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
		const { port } = garbage.address() as { port: number };
		try {
			const data = appData(sandbox(), { apiBaseUrl: `http://127.0.0.1:${port}` });
			const r = await patchAlert({ comment: 'unknown failure' }, JSON.stringify(FAST), data);
			expect(r.error?.message).toMatch(/the change may have been applied/);
			expect(r.error?.message).not.toMatch(/Could not reach/);
			expect(r.error?.description).toMatch(/not sent again/);
			expect(received).toBe(1);
		} finally {
			await new Promise<void>((resolve) => garbage.close(() => resolve()));
		}
	});
});

describe('an indicator delete whose answer is lost', () => {
	it('is sent again, and the 404 its first copy leaves counts as deleted', async () => {
		const { indicator } = sandbox().state.response.indicators(fab()).submit(
			{
				indicatorValue: 'lost-delete.example.com',
				indicatorType: 'DomainName',
				action: 'Block',
				title: 'lost delete',
				description: 'lost delete',
			},
			'test',
			Date.now(),
		);
		// The first DELETE is carried out 800 ms in, after its 400 ms attempt has timed out; the
		// resend waits 1 to 2 s (first backoff of a 2 s base), so it finds the indicator gone.
		await sandbox().control.addFault({
			kind: 'latency',
			latencyMs: 800,
			method: 'DELETE',
			pathPrefix: '/api/indicators',
		});
		const r = await probe(sandbox(), {
			...tenantParam(fab()),
			method: 'DELETE',
			path: `/api/indicators/${indicator.id}`,
			tuning: JSON.stringify({ retry: { baseDelayMs: 2000, maxDelayMs: 2000, timeoutMs: 400 } }),
		});
		expect(r.error).toBeUndefined();
		expect(r.output![0][0].json.ok).toBe(true);
		const deletes = (await sandbox().control.requests()).filter(
			(q) => q.method === 'DELETE' && q.path === `/api/indicators/${indicator.id}`,
		);
		// The slow copy is logged without a status: its client had gone when it was answered.
		expect(deletes).toHaveLength(2);
		expect(deletes.filter((q) => q.status === 404)).toHaveLength(1);
		expect(await sandbox().control.indicators(fab())).toEqual([]);
	});
});
