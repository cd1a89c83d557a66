/**
 * The Alert Trigger's static data after many polls, without waiting a minute for each: the node's
 * own cursor functions (what pollAlerts runs per tenant: planPoll, applyPoll, setTenantCursor,
 * storedCursorState) with the trigger's default options, fed `alertsPerPoll` new alerts a simulated
 * minute (the sandbox generator's alerts with fresh ids and times in the API's formats; calling it
 * for every poll would cost more than the cursor itself). Each answer repeats the alerts of
 * the last polls, as the API does within the overlap. Every tenant gets the same load, so one
 * tenant is simulated and its cursor stored under each tenant id (ids of equal length): the bytes
 * are those of the full state, 200 times faster than polling 200 identical tenants.
 */
import { applyPoll, DEFAULT_CURSOR_OPTIONS, planPoll } from '../../../nodes/shared/alerts/cursor';
import type { TenantCursor } from '../../../nodes/shared/alerts/cursor';
import { emptyCursorState, setTenantCursor } from '../../../nodes/shared/alerts/cursorState';
import type { DefenderAlert } from '../../../nodes/shared/alerts/types';
import { CURSOR_KEY, storedCursorState } from '../../../nodes/DefenderAlertTrigger/poll';
import { generateAlerts } from '../../sandbox/defender/generator';

const MINUTE = 60_000;

function stateBytes(cursor: TenantCursor, tenants: number): number {
	let state = emptyCursorState();
	for (let i = 0; i < tenants; i++) {
		state = setTenantCursor(
			state,
			`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
			cursor,
		);
	}
	return Buffer.byteLength(JSON.stringify({ [CURSOR_KEY]: storedCursorState(state) }));
}

/** Static-data bytes of `tenants` tenants after each poll number in `checkpoints`. */
export function simulateStaticData(
	tenants: number,
	alertsPerPoll: number,
	polls: number,
	checkpoints: number[],
): Array<{ poll: number; bytes: number }> {
	const t0 = Date.UTC(2026, 0, 1);
	// Enough past polls that their alerts reach back past the overlap (outside the window again).
	const answerPolls = Math.ceil(DEFAULT_CURSOR_OPTIONS.overlapMs / MINUTE) + 1;
	const recent: DefenderAlert[][] = [];
	const sizes: Array<{ poll: number; bytes: number }> = [];
	const tenantId = '00000000-0000-4000-8000-000000000000';
	const templates = generateAlerts({
		seed: 1,
		count: alertsPerPoll,
		tenantId,
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
		const plan = planPoll(cursor, now);
		cursor = applyPoll(plan, plan.fetch ? recent.flat() : []).next;
		if (checkpoints.includes(p)) sizes.push({ poll: p, bytes: stateBytes(cursor, tenants) });
	}
	return sizes;
}
