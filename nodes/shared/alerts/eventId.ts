/**
 * The idempotency key of one alert event: this version of the alert (its lastUpdateTime,
 * normalised so that `…:59.2Z` and `…:59.2000000Z` agree) in this customer tenant. The trigger puts
 * it on every item (`eventId`) and the Splunk HEC envelope carries it as the index-time field
 * `event_id`, whichever node built the envelope: a retried execution, a replayed poll or a manual
 * backfill re-sends the same key, so a search can drop the repeat, while a newer version of the
 * alert gets a new key and is never dropped as a repeat.
 */
import { parseApiTime } from './time';

export function alertEventId(tenantId: string, alertId: unknown, lastUpdateTime: unknown): string {
	const version = parseApiTime(lastUpdateTime) ?? String(lastUpdateTime);
	return `${tenantId}:${String(alertId)}:${version}`;
}
