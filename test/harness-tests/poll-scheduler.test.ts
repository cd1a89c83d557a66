/**
 * The poll host model against n8n 2.41.1's behaviour, with a fake poll node (support/
 * fake-poll-node.ts). Each expectation is a fact read in n8n's code (see poll-host-legacy.ts and
 * poll-host-durable.ts); a model that awaited ticks, built a context per tick, saved null polls,
 * shared durable snapshots or committed abandoned polls fails here.
 */
import { startPollScheduler } from '../harness';
import type { PollScheduler, PollSchedulerOptions, TickOutcome } from '../harness';
import { FakeSecretApi, fakePollNode, gate, openAllGates } from './support/fake-poll-node';
import type { FakeNode, FakeStep } from './support/fake-poll-node';

const KEY = 'node:Node Under Test';
const hosts: PollScheduler[] = [];

async function host(
	mode: 'legacy' | 'durable',
	script: FakeStep[],
	extra: Partial<PollSchedulerOptions> = {},
) {
	const fake = fakePollNode(script);
	const h = await startPollScheduler({
		mode,
		nodeType: fake.nodeType,
		parameters: {},
		credentialTypes: [new FakeSecretApi()],
		credentials: { fakeSecretApi: { id: 'fake', data: { clientSecret: 'secret-one' } } },
		...extra,
	});
	hosts.push(h);
	return { h, fake };
}

afterEach(async () => {
	openAllGates();
	for (const h of hosts.splice(0)) await h.stop();
});

const started = async (fake: FakeNode, n: number) => {
	for (let i = 0; i < 200 && fake.polls.filter(Boolean).length < n; i++)
		await new Promise((r) => setTimeout(r, 5));
	expect(fake.polls.filter(Boolean)).toHaveLength(n);
};
const status = (o: TickOutcome | undefined) => o?.status;

describe('legacy (in-memory scheduler)', () => {
	it('overlaps ticks on one context and one static data object, and both emit', async () => {
		const a = gate();
		const b = gate();
		const { h, fake } = await host('legacy', [
			{ result: 'null' },
			{ result: 'items', write: { a: true }, gate: a.promise },
			{ result: 'items', write: { b: true }, gate: b.promise },
		]);
		const ta = h.tick();
		await started(fake, 2);
		const tb = h.tick();
		await started(fake, 3);
		// b started while a was waiting, and saw a's write: one in-memory object for both.
		expect(fake.polls[1].finished).toBe(false);
		expect(fake.polls[2].sawAtStart).toEqual({ a: true });
		expect(fake.polls[2].staticData).toBe(fake.polls[1].staticData);
		expect(fake.polls[2].context).toBe(fake.polls[1].context);
		expect(fake.polls[1].context).toBe(fake.polls[0].context);
		b.open();
		a.open();
		await h.settle();
		expect(tb.overlapped).toBe(true); // n8n-core's TriggersAndPollers says so itself
		expect(ta.overlapped).toBe(false);
		expect(h.emitted.map((e) => e.tick)).toEqual([2, 1]);
		expect(fake.polls.map((p) => p.budgetMs)).toEqual([300_000, 300_000, 300_000]);
		expect(fake.polls.map((p) => p.activation)).toEqual(['activate', 'activate', 'activate']);
		expect(fake.polls[0].pollTimes).toEqual({ item: [{ mode: 'everyMinute' }] });
	});

	it('saves static data only when a poll emits; restart reloads it with a new context', async () => {
		const { h, fake } = await host('legacy', [
			{ result: 'null', write: { activation: 1 } },
			{ result: 'items', write: { emitted: 1 } },
			{ result: 'null', write: { nullPoll: 1 } },
			{ result: 'throw', write: { failedPoll: 1 } },
			{ result: 'null' },
		]);
		expect(h.storage.workflowStaticData).toEqual({});
		await h.tick().done;
		expect(h.storage.workflowStaticData).toEqual({ [KEY]: { activation: 1, emitted: 1 } });
		expect(status(await h.tick().done)).toBe('empty');
		expect(status(await h.tick().done)).toBe('failed');
		expect(h.errors.map((e) => e.tick)).toEqual([3]);
		expect(h.nodeStaticData()).toEqual({ activation: 1, emitted: 1, nullPoll: 1, failedPoll: 1 });
		expect(h.storage.workflowStaticData).toEqual({ [KEY]: { activation: 1, emitted: 1 } });
		const restart = await h.restart();
		expect(restart?.kind).toBe('activation');
		expect(fake.polls[4].sawAtStart).toEqual({ activation: 1, emitted: 1 });
		expect(fake.polls[4].context).not.toBe(fake.polls[3].context);
		expect(fake.polls[4].activation).toBe('init');
	});

	it('a restart mid-poll discards that poll and waits for it to end before the new process', async () => {
		const slow = gate();
		const order: string[] = [];
		const { h, fake } = await host(
			'legacy',
			[{}, { result: 'items', write: { n: 1 }, gate: slow.promise }, {}],
			{
				onRestart: () => order.push(`onRestart after poll ended: ${fake.polls[1].finished}`),
			},
		);
		const t = h.tick();
		await started(fake, 2);
		const restarting = h.restart();
		slow.open();
		expect((await restarting)?.outcome).toEqual({ status: 'empty', saved: false });
		expect(await t.done).toEqual({ status: 'discarded' });
		expect(order).toEqual(['onRestart after poll ended: true']);
		expect(h.emitted).toEqual([]);
		expect(fake.polls[2].sawAtStart).toEqual({});
	});

	it('an activation poll that throws fails the activation; the next tick re-activates', async () => {
		const { h, fake } = await host('legacy', [
			{ result: 'throw' },
			{ result: 'null' },
			{ result: 'null' },
		]);
		expect(status(h.activation.outcome)).toBe('failed');
		expect(h.errors).toEqual([]); // thrown to the activation, not to the error workflow
		const retry = h.tick();
		expect(retry.kind).toBe('activation');
		expect(status(await retry.done)).toBe('empty');
		expect(h.tick().kind).toBe('scheduled');
		await h.settle();
		expect(fake.polls[1].context).not.toBe(fake.polls[0].context);
		expect(fake.polls[2].context).toBe(fake.polls[1].context);
	});

	it('crash between emit and save: items delivered, static data not saved, host down', async () => {
		const { h, fake } = await host('legacy', [
			{ result: 'items', write: { n: 1 } },
			{ result: 'items', write: { n: 2 } },
			{},
		]);
		const saved = h.storage.workflowStaticData;
		expect(saved).toEqual({ [KEY]: { n: 1 } });
		expect(await h.tick({ crashBetweenEmitAndSave: true }).done).toEqual({
			status: 'emitted',
			items: 1,
			saved: false,
		});
		expect(h.emitted.map((e) => [e.tick, e.saved])).toEqual([
			[0, true],
			[1, false],
		]);
		expect(h.storage.workflowStaticData).toEqual(saved);
		expect(() => h.tick()).toThrow(/crashed/);
		await h.restart();
		expect(fake.polls[2].sawAtStart).toEqual({ n: 1 });
	});

	it('a credential edited between ticks is read by the same context; a per-context cache is not', async () => {
		const { h, fake } = await host('legacy', [{}, {}, {}]);
		await h.tick().done;
		h.credentials.patch('fakeSecretApi', { clientSecret: 'secret-two' });
		await h.tick().done;
		expect(fake.polls[2].context).toBe(fake.polls[1].context);
		expect(fake.polls.map((p) => p.secret)).toEqual(['secret-one', 'secret-one', 'secret-two']);
		expect(fake.polls[2].cachedSecret).toBe('secret-one');
	});
});

describe('durable (scheduler with durable cursors)', () => {
	it('gives each task a fresh context and an isolated snapshot of the stored cursor', async () => {
		const a = gate();
		const { h, fake } = await host('durable', [
			{ result: 'null' },
			{ result: 'items', write: { a: true }, gate: a.promise },
			{ result: 'null', write: { b: true } },
		]);
		const ta = h.tick();
		await started(fake, 2);
		const tb = h.tick();
		expect(await tb.done).toEqual({ status: 'empty', saved: true });
		expect(fake.polls[2].sawAtStart).toEqual({});
		expect(fake.polls[2].staticData).not.toBe(fake.polls[1].staticData);
		expect(fake.polls[2].context).not.toBe(fake.polls[1].context);
		expect(h.storage.cursor).toEqual({ b: true });
		a.open();
		// a's snapshot began from the seed {}: its commit overwrites b's (last writer wins).
		expect(await ta.done).toEqual({ status: 'emitted', items: 1, saved: true });
		expect(h.storage.cursor).toEqual({ a: true });
		expect(fake.polls.map((p) => [p.activation, p.budgetMs])).toEqual([
			['activate', 300_000],
			['update', 36_000],
			['update', 36_000],
		]);
		expect(h.storage.workflowStaticData).toEqual({});
	});

	it('commits cursor-only when a null poll changed it, nothing when unchanged or failed', async () => {
		const { h } = await host('durable', [
			{ result: 'null', write: { activation: 1 } },
			{ result: 'null' },
			{ result: 'null', write: { n: 1 } },
			{ result: 'throw', write: { n: 2 } },
			{ result: 'items' },
		]);
		expect(h.activation.outcome).toEqual({ status: 'empty', saved: false });
		expect(h.storage.cursor).toEqual({}); // the row exists, seeded; the activation's change is not committed
		expect(await h.tick().done).toEqual({ status: 'empty', saved: false });
		expect(await h.tick().done).toEqual({ status: 'empty', saved: true });
		expect(status(await h.tick().done)).toBe('failed');
		expect(h.storage.cursor).toEqual({ n: 1 });
		// Emitting with an unchanged snapshot starts the execution without a cursor commit.
		expect(await h.tick().done).toEqual({ status: 'emitted', items: 1, saved: false });
	});

	it('an activation poll that emits commits its cursor with the execution', async () => {
		const { h } = await host('durable', [{ result: 'items', write: { n: 1 } }]);
		expect(h.activation.outcome).toEqual({ status: 'emitted', items: 1, saved: true });
		expect(h.storage.cursor).toEqual({ n: 1 });
		expect(await h.restart()).toBeUndefined(); // the job survives a restart: no activation poll
	});

	it('abandons a poll at the poll timeout: nothing delivered or committed, the poll runs on', async () => {
		const slow = gate();
		const { h, fake } = await host(
			'durable',
			[
				{},
				{ result: 'items', write: { early: 1 }, gate: slow.promise, writeAfter: { late: 1 } },
				{ result: 'null' },
			],
			{ pollTimeoutMs: 300 },
		);
		const t = h.tick();
		expect(t.budgetMs).toBe(150); // min(300, lease) − min(max(60, 5000), 150)
		expect(await t.done).toEqual({ status: 'abandoned' });
		expect(fake.polls[1].finished).toBe(false);
		slow.open();
		await t.finished;
		expect(fake.polls[1].staticData).toEqual({ early: 1, late: 1 }); // its own snapshot only
		expect(h.emitted).toEqual([]);
		expect(h.storage.cursor).toEqual({});
		await h.tick().done;
		expect(fake.polls[2].sawAtStart).toEqual({});
	});

	it('refuses a commit after the lease ran out (fenced): no execution', async () => {
		const { h } = await host(
			'durable',
			[{}, { result: 'items', write: { n: 1 }, gate: new Promise((r) => setTimeout(r, 250)) }],
			{ pollTimeoutMs: 1_000, leaseMs: 200 },
		);
		expect(await h.tick().done).toEqual({ status: 'discarded' });
		expect(h.emitted).toEqual([]);
		expect(h.storage.cursor).toEqual({});
	});

	it('crash between emit and save: the execution and its cursor are one transaction, neither lands', async () => {
		const { h, fake } = await host('durable', [{}, { result: 'items', write: { n: 1 } }, {}]);
		expect(await h.tick({ crashBetweenEmitAndSave: true }).done).toEqual({ status: 'discarded' });
		expect(h.emitted).toEqual([]);
		expect(await h.restart()).toBeUndefined();
		await h.tick().done;
		expect(fake.polls[2].sawAtStart).toEqual({});
	});
});
