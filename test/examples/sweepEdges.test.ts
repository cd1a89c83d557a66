/**
 * The redelivery sweep on the execution rows n8n writes when things went wrong outside the
 * workflow (examples/siem-redelivery.json): a queued job lost with Redis is `crashed` with no
 * start time (n8n 2.41 dist/scaling/scaling.service.js), and in queue mode a worker starts an
 * execution later than the main created it when the queue is busy (scaling/job-processor.js).
 * The alert-to-SIEM replay webhook answers 2xx for an empty window: nothing to deliver is not a
 * failure to replay.
 */
import { decide, EMPTY_RUN, heads, iso, listed, nodeOf, read, siem, stored } from './sweepFixtures';

describe('siem-redelivery.json: rows n8n writes without the usual times', () => {
	it('dates a crashed execution with no start by its stop, and skips (counts) one with neither', () => {
		const out = heads([
			listed('50', 10, { status: 'crashed', startedAt: null as unknown as string }),
			listed('51', 10, {
				status: 'crashed',
				startedAt: null as unknown as string,
				stoppedAt: null as unknown as string,
			}),
			listed('52', 10),
		]).map((i) => i.json);
		expect(out.map((j) => j.executionId)).toEqual(['50', '52']);
		expect(out[0]).toMatchObject({ failedAt: iso(8.5), undated: 1 });
	});

	it('replays from when n8n created the lost execution when a worker started it later', () => {
		const due = heads([listed('60', 9)]);
		// Created 4 minutes before a worker picked it up (a busy queue).
		const [out] = decide(due, [stored(EMPTY_RUN, { createdAt: iso(13) })]);
		expect(out).toMatchObject({ action: 'replay', from: iso(13 + 8), to: iso(7.5) });
	});

	it('replays from the start for a lost retry (its own creation is not the poll)', () => {
		const due = heads([listed('70', 20), listed('71', 9, { retryOf: '70', mode: 'retry' })]);
		const [out] = decide(due, [stored(EMPTY_RUN, { createdAt: iso(9.5) })]);
		expect(out).toMatchObject({ action: 'replay', from: iso(20 + 8), chain: ['71', '70'] });
	});

	it('the replay webhook answers when the workflow ends without needing an item to return', () => {
		// "firstEntryJson" answers 500 "No item to return was found" when the window is empty (every
		// alert updated since), and the sweep would replay that window forever.
		expect(nodeOf(siem, 'Replay window').parameters).toMatchObject({
			responseMode: 'lastNode',
			responseData: 'noData',
		});
	});
});

describe('the delivering examples keep their successful executions', () => {
	it.each(['alert-to-siem.json', 'email-routing.json', 'soar-isolate-and-block.json'])(
		'%s saves successes, whatever the instance default',
		(file) => {
			// n8n writes a retry's success into the retried execution (retrySuccessId) only when it
			// saves that success; with EXECUTIONS_DATA_SAVE_ON_SUCCESS=none the failed one would
			// stay a chain head and be delivered again every sweep.
			expect(read(file).settings).toMatchObject({ saveDataSuccessExecution: 'all' });
		},
	);
});
