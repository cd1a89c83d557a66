/**
 * The Alert Trigger's cursor options as the node builds them when a user leaves its parameters
 * alone: every parameter answers its default from the node's own description, and the node's own
 * readTriggerConfig turns them into CursorOptions. So the bench's simulation follows the node's
 * defaults (New Alert only, since "Trigger On" defaults to it) instead of a second copy of them —
 * DEFAULT_CURSOR_OPTIONS in cursor.ts lists both events and is not what a new trigger runs with.
 */
import type { IPollFunctions } from 'n8n-workflow';

import type { AlertEventType, CursorOptions } from '../../../nodes/shared/alerts/cursor';
import { readTriggerConfig } from '../../../nodes/DefenderAlertTrigger/config';
import { triggerProperties } from '../../../nodes/DefenderAlertTrigger/description';

/** What "Trigger On" defaults to in the node's description. */
export function defaultTriggerEvents(): AlertEventType[] {
	const events = triggerProperties.find((p) => p.name === 'events')?.default;
	if (!Array.isArray(events)) throw new Error('the trigger description has no "events" default');
	return events as AlertEventType[];
}

/**
 * The cursor options of a trigger with every parameter at its default, except those in
 * `parameters` (e.g. `{ events: ['created', 'updated'] }`).
 */
export function triggerCursorOptions(parameters: Record<string, unknown> = {}): CursorOptions {
	const defaults = new Map<string, unknown>();
	for (const p of triggerProperties) if (!defaults.has(p.name)) defaults.set(p.name, p.default);
	const ctx = {
		getNodeParameter: (name: string, fallback?: unknown) =>
			name in parameters ? parameters[name] : defaults.has(name) ? defaults.get(name) : fallback,
		getNode: () => ({ name: 'bench', type: 'defenderAlertTrigger', typeVersion: 1, parameters }),
	};
	return readTriggerConfig.call(ctx as unknown as IPollFunctions).cursor;
}
