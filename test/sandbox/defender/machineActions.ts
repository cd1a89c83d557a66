/**
 * Machine actions of one tenant (facts §1.7): each action's status is a pure function of the
 * sandbox clock — Pending until `pendingMs`, InProgress until `pendingMs + runMs`, then its outcome
 * (Succeeded, Failed or TimeOut). Nothing runs in the background, so moving the clock is enough.
 * A second action of the same kind on a machine while one is still running is refused with the
 * documented 400 "Action is already in progress".
 */
import { randomUUID } from 'node:crypto';

import { ApiError, badRequest } from './errors';
import { compileFilter, parseFilter, parseSkip, parseTop } from './odata';
import type { EntitySchema, FieldDef } from './odata';
import { formatApiTime, fromEpochMs, parseApiTime } from './time';
import type { SandboxMachine } from './machines';

export const ACTION_TYPES = [
	'RunAntiVirusScan',
	'Offboard',
	'LiveResponse',
	'CollectInvestigationPackage',
	'Isolate',
	'Unisolate',
	'StopAndQuarantineFile',
	'RestrictCodeExecution',
	'UnrestrictCodeExecution',
] as const;
export const ACTION_STATUSES = [
	'Pending',
	'InProgress',
	'Succeeded',
	'Failed',
	'TimeOut',
	'Cancelled',
] as const;
export type ActionOutcome = 'Succeeded' | 'Failed' | 'TimeOut' | 'Cancelled';

/** The code the service pairs with "Action is already in progress" (observed; the docs give only the message). */
export const ALREADY_IN_PROGRESS_CODE = 'ActiveRequestAlreadyExists';
export const ALREADY_IN_PROGRESS_MESSAGE = 'Action is already in progress';

/** Actions that exclude each other on one machine (isolating while a release runs is refused too). */
const CONFLICT_GROUP: Record<string, string> = {
	Isolate: 'isolation',
	Unisolate: 'isolation',
	RestrictCodeExecution: 'restriction',
	UnrestrictCodeExecution: 'restriction',
	RunAntiVirusScan: 'scan',
	CollectInvestigationPackage: 'collect',
};

/** How the next actions behave; tests change it through the control API. */
export interface ActionBehaviour {
	pendingMs: number;
	runMs: number;
	outcome: ActionOutcome;
}
export const DEFAULT_BEHAVIOUR: ActionBehaviour = {
	pendingMs: 2_000,
	runMs: 8_000,
	outcome: 'Succeeded',
};

interface StoredAction {
	id: string;
	type: string;
	scope: string | null;
	requestor: string;
	requestorComment: string;
	machineId: string;
	computerDnsName: string;
	createdAt: number;
	behaviour: ActionBehaviour;
	cancelledAt?: number;
}

const f = (name: string, kind: FieldDef['kind'], values?: readonly string[]): FieldDef => ({
	name,
	kind,
	values,
});
export const ACTION_SCHEMA: EntitySchema = {
	entity: 'microsoft.windowsDefenderATP.api.MachineAction',
	fields: [
		f('id', 'string'),
		f('status', 'string'),
		f('machineId', 'string'),
		f('type', 'string'),
		f('requestor', 'string'),
		f('creationDateTimeUtc', 'time'),
	],
};

export class MachineActionStore {
	private readonly actions: StoredAction[] = [];
	/** Behaviour per action type ('*' = every type). */
	private readonly behaviours = new Map<string, ActionBehaviour>();

	setBehaviour(b: Partial<ActionBehaviour>, type = '*'): ActionBehaviour {
		const merged = { ...this.behaviourFor(type), ...b };
		if (!(merged.pendingMs >= 0 && merged.runMs >= 0))
			throw new RangeError('pendingMs and runMs must be non-negative');
		if (!['Succeeded', 'Failed', 'TimeOut', 'Cancelled'].includes(merged.outcome))
			throw new RangeError(`unknown outcome '${merged.outcome}'`);
		this.behaviours.set(type, merged);
		return merged;
	}

	private behaviourFor(type: string): ActionBehaviour {
		return this.behaviours.get(type) ?? this.behaviours.get('*') ?? DEFAULT_BEHAVIOUR;
	}

	/** Changes one existing action's outcome or timing (e.g. make a running isolation fail). */
	modify(id: string, b: Partial<ActionBehaviour>): void {
		const a = this.find(id);
		a.behaviour = { ...a.behaviour, ...b };
	}

	status(a: StoredAction, now: number): (typeof ACTION_STATUSES)[number] {
		if (a.cancelledAt !== undefined && now >= a.cancelledAt) return 'Cancelled';
		const elapsed = now - a.createdAt;
		if (elapsed < a.behaviour.pendingMs) return 'Pending';
		if (elapsed < a.behaviour.pendingMs + a.behaviour.runMs) return 'InProgress';
		return a.behaviour.outcome;
	}

	create(
		machine: SandboxMachine,
		type: string,
		scope: string | null,
		comment: unknown,
		requestor: string,
		now: number,
	): Record<string, unknown> {
		if (typeof comment !== 'string' || !comment.trim()) {
			throw badRequest('MissingRequiredParameter', "The 'Comment' parameter is required.");
		}
		const group = CONFLICT_GROUP[type];
		const running = this.actions.find(
			(a) =>
				a.machineId === machine.id &&
				CONFLICT_GROUP[a.type] === group &&
				['Pending', 'InProgress'].includes(this.status(a, now)),
		);
		if (running) throw new ApiError(400, ALREADY_IN_PROGRESS_CODE, ALREADY_IN_PROGRESS_MESSAGE);
		const a: StoredAction = {
			id: randomUUID(),
			type,
			scope,
			requestor,
			requestorComment: comment,
			machineId: machine.id,
			computerDnsName: machine.computerDnsName,
			createdAt: now,
			behaviour: { ...this.behaviourFor(type) },
		};
		this.actions.push(a);
		return this.view(a, now);
	}

	private find(id: string): StoredAction {
		const a = this.actions.find((x) => x.id === id.toLowerCase());
		if (!a) throw new ApiError(404, 'ResourceNotFound', `Machine action ${id} was not found`);
		return a;
	}

	get(id: string, now: number): Record<string, unknown> {
		return this.view(this.find(id), now);
	}

	list(
		q: { $filter?: string; $top?: string; $skip?: string },
		now: number,
	): Array<Record<string, unknown>> {
		let rows = this.actions.map((a) => this.view(a, now));
		if (q.$filter !== undefined) {
			const pred = compileFilter(parseFilter(q.$filter, ACTION_SCHEMA));
			rows = rows.filter((r) =>
				pred({
					alert: r as Record<string, unknown> & { id: string },
					seq: 0,
					visibleAt: 0,
					times: { creationDateTimeUtc: parseApiTime(String(r.creationDateTimeUtc)) },
				}),
			);
		}
		const skip = parseSkip(q.$skip);
		return rows.slice(skip, skip + parseTop(q.$top));
	}

	/** The package link exists once a collection succeeded (GetPackageUri). */
	packageUri(id: string, now: number, origin: string): string {
		const a = this.find(id);
		if (a.type !== 'CollectInvestigationPackage')
			throw badRequest(
				'InvalidInput',
				`Machine action ${id} is not an investigation package collection.`,
			);
		if (this.status(a, now) !== 'Succeeded')
			throw new ApiError(
				404,
				'ResourceNotFound',
				`The investigation package of action ${id} is not available (status ${this.status(a, now)}).`,
			);
		return `${origin}/_sandbox/packages/${a.id}.zip?sig=sandbox&se=${encodeURIComponent(new Date(now + 3_600_000).toISOString())}`;
	}

	private view(a: StoredAction, now: number): Record<string, unknown> {
		const status = this.status(a, now);
		const changedAt =
			status === 'Pending'
				? a.createdAt
				: status === 'InProgress'
					? a.createdAt + a.behaviour.pendingMs
					: status === 'Cancelled'
						? (a.cancelledAt ?? a.createdAt)
						: a.createdAt + a.behaviour.pendingMs + a.behaviour.runMs;
		return {
			id: a.id,
			type: a.type,
			title: null,
			requestor: a.requestor,
			requestorComment: a.requestorComment,
			status,
			machineId: a.machineId,
			computerDnsName: a.computerDnsName,
			creationDateTimeUtc: formatApiTime(fromEpochMs(a.createdAt)),
			lastUpdateDateTimeUtc: formatApiTime(fromEpochMs(changedAt)),
			cancellationRequestor: null,
			cancellationComment: null,
			cancellationDateTimeUtc: null,
			errorHResult: status === 'Failed' ? -2147467259 : 0,
			scope: a.scope,
			externalId: null,
			requestSource: 'PublicApi',
			relatedFileInfo: null,
			commands: [],
			troubleshootInfo: null,
		};
	}
}
