/**
 * The Alert Trigger's static data after many polls, without waiting a minute for each: the node's
 * own cursor functions (what pollAlerts runs per tenant: readCursorState, planPoll, applyPoll,
 * setTenantCursor, storedCursorState; every poll starts from the stored JSON form, as the node's
 * do, so whatever that form rounds or drops adds up as in n8n) with the options the node builds
 * from its parameters (triggerOptions.ts: the defaults, New Alert only, or New + Updated), fed
 * `alertsPerPoll` new alerts a simulated minute (the sandbox generator's alerts with fresh ids
 * and times in the API's formats; calling it for every poll would cost more than the cursor
 * itself). Each answer repeats the alerts of the last polls, as the API does within the overlap.
 * Every tenant gets the same load, so one tenant is simulated and its cursor stored under each
 * tenant id (ids of equal length): the stored JSON then grows by exactly one tenant's entry per
 * tenant, so the bytes of N tenants are those of one plus N − 1 times that entry.
 */
import { applyPoll, planPoll } from '../../../nodes/shared/alerts/cursor';
import type { CursorOptions, TenantCursor } from '../../../nodes/shared/alerts/cursor';
import {
	emptyCursorState,
	getTenantCursor,
	readCursorState,
	setTenantCursor,
} from '../../../nodes/shared/alerts/cursorState';
import type { DefenderAlert } from '../../../nodes/shared/alerts/types';
import { CURSOR_KEY, storedCursorState } from '../../../nodes/DefenderAlertTrigger/poll';
import { generateAlerts } from '../../sandbox/defender/generator';

const MINUTE = 60_000;
const tenantIdOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

function storedJson(cursor: TenantCursor, tenants: number): string {
	let state = emptyCursorState();
	for (let i = 0; i < tenants; i++) state = setTenantCursor(state, tenantIdOf(i), cursor);
	return JSON.stringify({ [CURSOR_KEY]: storedCursorState(state) });
}

const bytesOf = (cursor: TenantCursor, tenants: number) =>
	Buffer.byteLength(storedJson(cursor, tenants));

/** The cursor as the next poll reads it back from static data. */
function reread(cursor: TenantCursor): TenantCursor | undefined {
	const raw = (JSON.parse(storedJson(cursor, 1)) as Record<string, unknown>)[CURSOR_KEY];
	return getTenantCursor(readCursorState(raw), tenantIdOf(0));
}

/** Bytes of the stored state of `tenants` tenants that all hold `cursor`. */
export function stateBytes(cursor: TenantCursor, tenants: number): number {
	if (tenants <= 2) return bytesOf(cursor, tenants);
	const one = bytesOf(cursor, 1);
	return one + (tenants - 1) * (bytesOf(cursor, 2) - one);
}

export interface SimulatedSize {
	poll: number;
	/** Static data of all the tenants. */
	bytes: number;
	/** Alert records the tenant's cursor holds. */
	records: number;
}

/** Static-data bytes of `tenants` tenants after each poll number in `checkpoints`. */
export function simulateStaticData(
	tenants: number,
	alertsPerPoll: number,
	polls: number,
	checkpoints: number[],
	options: CursorOptions,
): SimulatedSize[] {
	const t0 = Date.UTC(2026, 0, 1);
	// Enough past polls that their alerts reach back past the overlap (outside the window again).
	const answerPolls = Math.ceil(options.overlapMs / MINUTE) + 1;
	const recent: DefenderAlert[][] = [];
	const sizes: SimulatedSize[] = [];
	const templates = generateAlerts({
		seed: 1,
		count: alertsPerPoll,
		tenantId: tenantIdOf(0),
		startTime: t0 - MINUTE,
		endTime: t0,
	});
	let cursor: TenantCursor | undefined;
	for (let p = 0; p <= polls; p++) {
		const now = t0 + p * MINUTE;
		const fresh =
			p === 0
				? []
				: templates.map((a, k) => {
						// `da<18 digits>_<signed int32>` as the API's ids; times with the API's 7 fraction digits.
						const time = new Date(now - 30_000 + k).toISOString().replace('Z', '0000Z');
						const id = `da637${String(p * 1000 + k).padStart(15, '0')}_-${1_000_000_000 + p * 1000 + k}`;
						return { ...a, id, alertCreationTime: time, lastUpdateTime: time };
					});
		recent.push(fresh);
		if (recent.length > answerPolls) recent.shift();
		const plan = planPoll(cursor && reread(cursor), now, options);
		cursor = applyPoll(plan, plan.fetch ? recent.flat() : [], options).next;
		if (checkpoints.includes(p)) {
			sizes.push({
				poll: p,
				bytes: stateBytes(cursor, tenants),
				records: Object.keys(cursor.seen).length,
			});
		}
	}
	return sizes;
}
