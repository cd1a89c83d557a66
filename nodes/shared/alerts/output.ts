/**
 * Turns a page of alerts into output items: raw, simplified, one item per evidence, or a SIEM/email
 * format next to the alert. Shared by Defender Fetch Alerts and the Defender Alert Trigger so both
 * emit exactly the same items.
 *
 * Runs once per alert on the hot path of a 100,000-alert listing, so it appends to the caller's
 * array and reuses the parsed alert object instead of copying it.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { evidenceOf, portalLink, techniquesOf, userOf } from '../formats/common';
import type { FormatOptions, OutputFormat } from '../formats';
import { formatAlert, isOutputFormat } from '../formats';
import type { DefenderAlert, TenantRef } from './types';

export type AlertShape = 'raw' | 'simplified' | 'evidence';
export type AlertOutput = AlertShape | OutputFormat;

export interface OutputContext {
	output: AlertOutput;
	tenant: TenantRef;
	/** Input item the alerts answer (pairedItem); the trigger has none. */
	itemIndex?: number;
	/** From the node's Format Options (readFormatOptions); the formatters' defaults otherwise. */
	formatOptions?: FormatOptions;
}

export function isAlertOutput(value: unknown): value is AlertOutput {
	return value === 'raw' || value === 'simplified' || value === 'evidence' || isOutputFormat(value);
}

/** Whether the output needs `$expand=evidence` whatever the user chose. */
export function outputNeedsEvidence(output: AlertOutput): boolean {
	return output === 'evidence';
}

/** The label shown for a tenant: the MSSP's label, else the tenant id. */
export function tenantLabelOf(tenant: TenantRef): string {
	return tenant.tenantLabel ?? tenant.tenantId;
}

/**
 * The fields an analyst reads first, flat (no nested objects), tenant first. `formatOptions`
 * places the portal link (the credential's cloud's portal, or the user's).
 */
export function simplifyAlert(
	alert: DefenderAlert,
	tenant: TenantRef,
	formatOptions?: FormatOptions,
): IDataObject {
	const evidence = evidenceOf(alert);
	const user = userOf(alert, evidence);
	return {
		tenantId: tenant.tenantId,
		tenantLabel: tenantLabelOf(tenant),
		id: alert.id ?? null,
		title: alert.title ?? null,
		severity: alert.severity ?? null,
		status: alert.status ?? null,
		category: alert.category ?? null,
		detectionSource: alert.detectionSource ?? null,
		alertCreationTime: alert.alertCreationTime ?? null,
		lastUpdateTime: alert.lastUpdateTime ?? null,
		computerDnsName: alert.computerDnsName ?? null,
		machineId: alert.machineId ?? null,
		deviceGroup: alert.rbacGroupName ?? null,
		user: user.name === '' ? null : user.domain === '' ? user.name : `${user.domain}\\${user.name}`,
		assignedTo: alert.assignedTo ?? null,
		classification: alert.classification ?? null,
		determination: alert.determination ?? null,
		incidentId: alert.incidentId ?? null,
		threatName: alert.threatName ?? null,
		mitreTechniques: techniquesOf(alert).join(', '),
		evidenceCount: evidence.length,
		portalUrl: portalLink(alert, { tenantId: tenant.tenantId, options: formatOptions }) || null,
	};
}

/** The alert's key fields repeated on each of its evidence items. */
function evidenceItems(alert: DefenderAlert, tenant: TenantRef): IDataObject[] {
	const evidence = evidenceOf(alert);
	const base: IDataObject = {
		tenantId: tenant.tenantId,
		tenantLabel: tenantLabelOf(tenant),
		alertId: alert.id ?? null,
		alertTitle: alert.title ?? null,
		alertSeverity: alert.severity ?? null,
		alertStatus: alert.status ?? null,
		alertCreationTime: alert.alertCreationTime ?? null,
		computerDnsName: alert.computerDnsName ?? null,
		evidenceCount: evidence.length,
	};
	// An alert without evidence still gets one item, so no alert silently disappears.
	if (evidence.length === 0) return [{ ...base, evidenceIndex: null, entityType: null }];
	return evidence.map((entity, index) => {
		const item: IDataObject = { ...base, evidenceIndex: index };
		for (const key of Object.keys(entity)) {
			if (!(key in item)) item[key] = entity[key] as IDataObject[string];
		}
		return item;
	});
}

/** Appends the output items for `alerts` to `out` and returns the number appended. */
export function appendAlertItems(
	alerts: DefenderAlert[],
	context: OutputContext,
	out: INodeExecutionData[],
): number {
	const { output, tenant } = context;
	const label = tenantLabelOf(tenant);
	const paired = context.itemIndex;
	const push = (json: IDataObject) => {
		out.push(paired === undefined ? { json } : { json, pairedItem: { item: paired } });
	};
	const before = out.length;
	if (output === 'simplified') {
		for (const alert of alerts) push(simplifyAlert(alert, tenant, context.formatOptions));
	} else if (output === 'evidence') {
		for (const alert of alerts) for (const json of evidenceItems(alert, tenant)) push(json);
	} else if (output === 'raw') {
		for (const alert of alerts) {
			// The parsed page belongs to us: tagging it in place avoids copying every alert.
			alert.tenantId = tenant.tenantId;
			alert.tenantLabel = label;
			push(alert as IDataObject);
		}
	} else {
		const formatContext = {
			tenantId: tenant.tenantId,
			tenantLabel: label,
			options: context.formatOptions,
		};
		for (const alert of alerts) {
			alert.tenantId = tenant.tenantId;
			alert.tenantLabel = label;
			// A format may embed the alert object itself (the HEC envelope's `event`), so
			// `formatted` goes on a shallow copy: on the alert it would make a cycle that n8n
			// cannot serialise when it stores the execution.
			push({ ...(alert as IDataObject), formatted: formatAlert(output, alert, formatContext) });
		}
	}
	return out.length - before;
}
