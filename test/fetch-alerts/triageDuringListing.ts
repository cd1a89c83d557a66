/**
 * Analysts triaging while a listing pages: after every page of a listing the sandbox serves, some
 * alerts leave a status filter (resolved) and some enter it (reopened), both behind the page just
 * served and ahead of it. Each alert is changed at most once, so what a correct listing returns is
 * known exactly: every alert that matched throughout, the ones that left after they were served,
 * and the ones that entered ahead of the listing; never one twice.
 *
 * Behind and ahead are by creation time against the last row served (alerts at exactly that time
 * are left alone), in the listing's direction, which is read from its `$orderby`. Nothing changes
 * after a short page: it ends the listing.
 */
import type { DefenderAlert } from '../../nodes/shared/alerts/types';
import type { Sandbox } from '../sandbox/server';
import type { AlertListAnswer } from '../sandbox/state';
import { compareTime, parseApiTime } from '../sandbox/defender/time';
import type { ApiTime } from '../sandbox/defender/time';

/** The status filter the triage plays with: resolving leaves it, reopening (InProgress) enters it. */
export const OPEN_STATUSES = ['New', 'InProgress'] as const;
export const OPEN_FILTER = "status eq 'New' or status eq 'InProgress'";

/** How many alerts change after each page, per kind. */
export interface TriagePlan {
	leaveBehind: number;
	leaveAhead: number;
	enterBehind: number;
	enterAhead: number;
}

export interface Triage {
	/** Listing pages served so far (the bound probe and other queries are not counted). */
	pages: number;
	/** Of those, the pages asked for with a `$skip`. */
	pagesWithSkip: number;
	/** Alerts changed per kind over the whole listing. */
	changed: Record<keyof TriagePlan, number>;
	/** The ids a correct listing returns, in its order (creation time, then id). */
	expected(newestFirst?: boolean): string[];
	/** Removes the hook. */
	stop(): void;
}

const isOpen = (a: DefenderAlert) => (OPEN_STATUSES as readonly unknown[]).includes(a.status);
const createdAt = (a: DefenderAlert) => parseApiTime(String(a.alertCreationTime)) as ApiTime;

export function triageDuringListing(sb: Sandbox, tenantId: string, plan: TriagePlan): Triage {
	const store = sb.state.store(tenantId);
	const openAtStart = new Set(
		store
			.all()
			.filter(isOpen)
			.map((a) => a.id),
	);
	const touched = new Set<string>();
	const servedBeforeLeaving = new Set<string>();
	const enteredAhead = new Set<string>();
	const changed = { leaveBehind: 0, leaveAhead: 0, enterBehind: 0, enterAhead: 0 };
	const triage: Triage = {
		pages: 0,
		pagesWithSkip: 0,
		changed,
		expected: (newestFirst = false) => {
			const ids = new Set([
				...[...openAtStart].filter((id) => !touched.has(id)),
				...servedBeforeLeaving,
				...enteredAhead,
			]);
			const listed = store
				.all()
				.filter((a) => ids.has(a.id))
				.sort((a, b) => compareTime(createdAt(a), createdAt(b)) || (a.id < b.id ? -1 : 1));
			return (newestFirst ? listed.reverse() : listed).map((a) => a.id);
		},
		stop: () => {
			sb.state.afterAlertList = undefined;
		},
	};

	const change = (
		kind: keyof TriagePlan,
		candidates: DefenderAlert[],
		status: string,
		record?: Set<string>,
	) => {
		for (const alert of candidates.slice(0, plan[kind])) {
			store.update(alert.id, { status }, sb.clock.now());
			touched.add(alert.id);
			record?.add(alert.id);
			changed[kind]++;
		}
	};

	sb.state.afterAlertList = (answer: AlertListAnswer) => {
		const order = answer.query.$orderby ?? '';
		if (answer.tenantId !== tenantId || !/,\s*id\b/.test(order) || answer.value.length === 0)
			return;
		triage.pages++;
		if (Number(answer.query.$skip ?? 0) > 0) triage.pagesWithSkip++;
		// A short page is the listing's last: what changes after it, no listing could see.
		if (answer.value.length < Number(answer.query.$top)) return;
		const newestFirst = /alertCreationTime\s+desc/i.test(order);
		const last = createdAt(answer.value[answer.value.length - 1]);
		// Positive when the alert lies ahead of the last row served, in the listing's direction.
		const ahead = (a: DefenderAlert) =>
			(newestFirst ? -1 : 1) * compareTime(createdAt(a), last) > 0;
		const behind = (a: DefenderAlert) =>
			(newestFirst ? -1 : 1) * compareTime(createdAt(a), last) < 0;
		const untouched = store.all().filter((a) => !touched.has(a.id));
		const open = untouched.filter(isOpen);
		const closed = untouched.filter((a) => !isOpen(a));
		change('leaveBehind', open.filter(behind), 'Resolved', servedBeforeLeaving);
		change('leaveAhead', open.filter(ahead), 'Resolved');
		change('enterBehind', closed.filter(behind), 'InProgress');
		change('enterAhead', closed.filter(ahead), 'InProgress', enteredAhead);
	};
	return triage;
}
