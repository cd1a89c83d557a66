import {
	applyPoll,
	planPoll,
	type CursorOptions,
	type PollResult,
	type TenantCursor,
} from '../../nodes/shared/alerts/cursor';
import type { DefenderAlert } from '../../nodes/shared/alerts/types';

export const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
export const MIN = 60_000;

/** API-style text for epoch ms plus 100-ns ticks, trailing fraction zeros trimmed like the API. */
export function apiTime(ms: number, sub = 0): string {
	const iso = new Date(ms).toISOString();
	const frac = (iso.slice(20, 23) + String(sub).padStart(4, '0')).replace(/0+$/, '');
	return iso.slice(0, 19) + (frac ? '.' + frac : '') + 'Z';
}

export function alert(
	id: string,
	lastUpdateTime: string,
	extra: Partial<DefenderAlert> = {},
): DefenderAlert {
	return {
		id,
		status: 'New',
		severity: 'Medium',
		alertCreationTime: lastUpdateTime,
		lastUpdateTime,
		...extra,
	};
}

/** One complete poll: plan, hand over what the "API" returned inside the window, apply. */
export function poll(
	cursor: TenantCursor | undefined,
	nowMs: number,
	world: readonly DefenderAlert[],
	options: Partial<CursorOptions> = {},
): PollResult & { from: string; to: string } {
	const plan = planPoll(cursor, nowMs, options);
	const result = applyPoll(plan, plan.fetch ? world : [], options);
	return { ...result, from: plan.from, to: plan.to };
}

export const ids = (r: PollResult) => r.events.map((e) => e.alert.id);
