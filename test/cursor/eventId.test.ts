/**
 * eventId keys one version of an alert: a replayed poll repeats the same keys for what it repeats,
 * and a version that changed before the replay gets a new key, so a SIEM deduping on eventId
 * never drops a change as a repeat.
 */
import { eventIdOf } from '../../nodes/DefenderAlertTrigger/items';
import { alert, apiTime, MIN, poll, T0 } from './helpers';

test('a replay after a crash: the same version keeps its key, a changed one gets a new key', () => {
	const o = { events: ['created' as const, 'updated' as const] };
	const start = poll(undefined, T0, [], o).next;
	const v1 = alert('X', apiTime(T0 + MIN), { status: 'New' });
	const first = poll(start, T0 + 2 * MIN, [v1], o); // emitted; n8n crashes before saving
	const again = poll(start, T0 + 2 * MIN, [v1], o);
	expect(again.events.map((e) => eventIdOf('t', e))).toEqual(
		first.events.map((e) => eventIdOf('t', e)),
	);
	const v2 = alert('X', apiTime(T0 + 3 * MIN), {
		status: 'Resolved',
		alertCreationTime: v1.alertCreationTime,
	});
	const replay = poll(start, T0 + 4 * MIN, [v2], o);
	const delivered = new Set(first.events.map((e) => eventIdOf('t', e)));
	const fresh = replay.events.filter((e) => !delivered.has(eventIdOf('t', e)));
	expect(fresh.map((e) => e.alert.status)).toEqual(['Resolved']);
	expect(eventIdOf('t', fresh[0])).toBe(`t:X:${apiTime(T0 + 3 * MIN).replace('Z', '.0000000Z')}`);
});
