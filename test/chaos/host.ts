/**
 * The chaos run's n8n: the shipped trigger's poll (with the sandbox-tied clock and tuning handed
 * in) driven by test/harness PollScheduler, so ticks overlap, one context serves an activation,
 * durable polls are abandoned, the credential changes under a living context and n8n dies where
 * it really can. Every tick goes through here so that each emitted item knows its tick and the
 * trigger's clock at that tick.
 */
import type { INodeExecutionData, INodeParameters, IPollFunctions } from 'n8n-workflow';

import { DefenderAlertTrigger } from '../../nodes/DefenderAlertTrigger/DefenderAlertTrigger.node';
import { pollAlerts } from '../../nodes/DefenderAlertTrigger/poll';
import type { PollOverrides } from '../../nodes/DefenderAlertTrigger/poll';
import { PollScheduler } from '../harness';
import type { HarnessCredentials, PollTick, TickOptions } from '../harness';
import type { Sandbox } from '../sandbox/server';
import { credentialTypes, FAST, resetTransport } from '../trigger/support';
import { attemptTimeoutMsFor } from './activity';
import type { Dice } from './activity';
import type { ChaosKnobs } from './scenarios';
import type { EmittedEvent } from './truth';

export interface HostCounts {
	crashes: number;
	crashSaves: number;
	restarts: number;
	overlaps: number;
}

function triggerParameters(knobs: ChaosKnobs): INodeParameters {
	return {
		authentication: 'defenderMsspAppApi',
		tenantScope: 'all',
		events: knobs.events,
		updateMode: knobs.updateMode,
		output: 'raw',
		// A short memory makes pruning happen many times within the run.
		options: {
			overlapMinutes: 5,
			memoryHours: 1,
			tenantConcurrency: 3,
			maxEventsPerPoll: knobs.maxEventsPerPoll,
			memoryMaxAlerts: knobs.memoryMaxAlerts,
		},
	};
}

export class ChaosHost {
	readonly scheduler: PollScheduler;
	readonly counts: HostCounts = { crashes: 0, crashSaves: 0, restarts: 0, overlaps: 0 };
	private readonly clockAt = new Map<number, number>();

	constructor(
		private readonly sb: Sandbox,
		readonly knobs: ChaosKnobs,
		credentials: HarnessCredentials,
	) {
		const overrides: PollOverrides = {
			now: () => this.now(),
			tuning: { ...FAST, retry: { ...FAST.retry, timeoutMs: attemptTimeoutMsFor(knobs) } },
		};
		const nodeType = new DefenderAlertTrigger();
		nodeType.poll = async function (this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
			return await pollAlerts.call(this, overrides);
		};
		this.clockAt.set(0, this.now());
		this.scheduler = new PollScheduler({
			mode: knobs.host,
			nodeType,
			credentialTypes,
			credentials,
			parameters: triggerParameters(knobs),
			pollTimeoutMs: knobs.pollTimeoutMs,
			// A new n8n process has no token cache and no rate budgets of the old one.
			onRestart: resetTransport,
		});
	}

	/** The trigger's clock: Defender's (the sandbox's) plus the skew. */
	now(): number {
		return this.sb.clock.now() + this.knobs.clockSkewMs;
	}

	private tick(options: TickOptions = {}): PollTick {
		const at = this.now();
		const tick = this.scheduler.tick(options);
		this.clockAt.set(tick.index, at);
		return tick;
	}

	async restart(): Promise<void> {
		const at = this.now();
		const tick = await this.scheduler.restart();
		if (tick) this.clockAt.set(tick.index, at);
	}

	/** One scheduled tick with whatever the knobs and dice make of it. */
	async step(d: Dice, chaos: boolean): Promise<void> {
		const k = this.knobs;
		if (chaos && d.chance(k.crashMidPoll)) {
			this.counts.crashes++;
			this.tick();
			await this.restart(); // the poll in flight dies with the process
			return;
		}
		const crashBetweenEmitAndSave = chaos && d.chance(k.crashBetweenEmitAndSave);
		const first = this.tick({ crashBetweenEmitAndSave });
		if (chaos && d.chance(k.overlap)) {
			// The next minute's tick fires while this poll still waits for its answers.
			this.counts.overlaps++;
			await new Promise((resolve) => setTimeout(resolve, Math.max(10, k.latencyMs / 2)));
			this.sb.clock.advance(d.int(10, 30) * 1000);
			if (!this.scheduler.crashed) await Promise.all([first.done, this.tick().done]);
		}
		await first.done;
		if (this.scheduler.crashed) {
			this.counts.crashSaves++;
			await this.restart();
		}
		if (chaos && d.chance(k.restartBetween)) {
			this.counts.restarts++;
			await this.restart();
		}
	}

	/** A quiet tick for the drain; returns how many items it emitted. */
	async quietTick(): Promise<number> {
		const before = this.itemCount();
		await this.tick().done;
		await this.scheduler.settle();
		return this.itemCount() - before;
	}

	private itemCount(): number {
		return this.scheduler.emitted.reduce((n, b) => n + (b.data[0]?.length ?? 0), 0);
	}

	outcomes(): Record<string, number> {
		const out: Record<string, number> = {};
		for (const t of this.scheduler.ticks) {
			const status = t.outcome?.status ?? 'running';
			out[status] = (out[status] ?? 0) + 1;
			// n8n-core's own count of polls that started while another was in flight.
			if (t.overlapped) out.overlapped = (out.overlapped ?? 0) + 1;
		}
		return out;
	}

	events(): EmittedEvent[] {
		const { ticks } = this.scheduler;
		const out: EmittedEvent[] = [];
		for (const batch of this.scheduler.emitted) {
			const unsaved = !batch.saved && ticks[batch.tick].options.crashBetweenEmitAndSave === true;
			for (const item of batch.data[0] ?? []) {
				const j = item.json;
				out.push({
					event: String(j.event),
					id: String(j.id),
					tenantId: String(j.tenantId),
					lastUpdateTime: j.lastUpdateTime,
					...(typeof j.eventId === 'string' ? { eventId: j.eventId } : {}),
					...('changedFields' in j ? { changedFields: j.changedFields } : {}),
					poll: batch.tick,
					triggerNow: this.clockAt.get(batch.tick) ?? this.now(),
					unsaved,
				});
			}
		}
		return out;
	}
}
