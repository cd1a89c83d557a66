/**
 * Per-tenant machines, machine actions and indicators (the Defender Response side of a tenant).
 * Machines come from the alerts' devices, so an alert's `machineId` always resolves.
 */
import type { DefenderAlert } from '../../../nodes/shared/alerts/types';
import { IndicatorStore } from './indicators';
import { MachineActionStore } from './machineActions';
import { machineFor, MachineStore } from './machines';

export class ResponseStores {
	private readonly machineStores = new Map<string, MachineStore>();
	private readonly actionStores = new Map<string, MachineActionStore>();
	private readonly indicatorStores = new Map<string, IndicatorStore>();

	machines(tenantId: string): MachineStore {
		return getOrAdd(this.machineStores, tenantId, () => new MachineStore());
	}

	actions(tenantId: string): MachineActionStore {
		return getOrAdd(this.actionStores, tenantId, () => new MachineActionStore());
	}

	indicators(tenantId: string): IndicatorStore {
		return getOrAdd(this.indicatorStores, tenantId, () => new IndicatorStore());
	}

	/** Adds the machine of every alert that names one (first sighting wins). */
	addAlertMachines(
		tenantId: string,
		alerts: ReadonlyArray<Partial<DefenderAlert>>,
		nowMs: number,
	): void {
		const store = this.machines(tenantId);
		for (const a of alerts) {
			if (typeof a.machineId === 'string' && a.machineId) {
				store.upsert(
					machineFor(a.machineId, a.computerDnsName ?? undefined, a.rbacGroupName, nowMs),
				);
			}
		}
	}

	clear(): void {
		this.machineStores.clear();
		this.actionStores.clear();
		this.indicatorStores.clear();
	}
}

function getOrAdd<K, V>(map: Map<K, V>, key: K, make: () => V): V {
	let v = map.get(key);
	if (!v) map.set(key, (v = make()));
	return v;
}
