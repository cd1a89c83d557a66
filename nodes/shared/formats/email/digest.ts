/**
 * Email notifications ready for n8n's Send Email node: `subject`, `text` and `html` for one
 * alert, or a digest of many grouped by tenant (by label, then id) and severity (High first).
 * Subjects are one line (no header injection) and at most 200 characters.
 */
import type { IDataObject } from 'n8n-workflow';

import { type FormatContext, SEVERITY_ORDER, cut, oneLine } from '../common';
import { digestHtml } from './html';
import { digestText } from './text';
import { type AlertView, alertView, tenantName } from './view';

export interface EmailMessage extends IDataObject {
	subject: string;
	text: string;
	html: string;
	/** Number of alerts in the message. */
	count: number;
}

export interface DigestItem {
	alert: unknown;
	tenantId: string;
	tenantLabel?: string;
}

const MAX_SUBJECT = 200;

function subjectLine(s: string): string {
	return cut(oneLine(s).replace(/ {2,}/g, ' ').trim(), MAX_SUBJECT);
}

/** `[HIGH] Contoso: <title> on <device>` */
export function alertSubject(v: AlertView): string {
	return subjectLine(
		'[' +
			v.severity.name.toUpperCase() +
			'] ' +
			tenantName(v) +
			': ' +
			v.title +
			(v.device === '' ? '' : ' on ' + v.device),
	);
}

function group(views: AlertView[]): Array<{ tenant: string; views: AlertView[] }> {
	const byTenant = new Map<string, AlertView[]>();
	for (const v of views) {
		const key = tenantName(v);
		const list = byTenant.get(key);
		if (list === undefined) byTenant.set(key, [v]);
		else list.push(v);
	}
	return [...byTenant.entries()]
		.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
		.map(([tenant, list]) => ({ tenant, views: list }));
}

/** One alert as an email. */
export function formatEmail(alert: unknown, ctx: FormatContext): EmailMessage {
	const v = alertView(alert, ctx);
	const subject = alertSubject(v);
	const groups = [{ tenant: tenantName(v), views: [v] }];
	return {
		subject,
		text: digestText(subject, groups),
		html: digestHtml(subject, groups),
		count: 1,
	};
}

/** Many alerts (any tenants) as one digest email. */
export function buildEmailDigest(
	items: ReadonlyArray<DigestItem>,
	options: { title?: string; portalBaseUrl?: string } = {},
): EmailMessage {
	const views = items.map((i) =>
		alertView(i.alert, {
			tenantId: i.tenantId,
			tenantLabel: i.tenantLabel,
			options: { portalBaseUrl: options.portalBaseUrl },
		}),
	);
	const groups = group(views);
	const counts: string[] = [];
	for (const name of SEVERITY_ORDER) {
		const n = views.filter((v) => v.severity.name === name).length;
		if (n > 0) counts.push(n + ' ' + name);
	}
	const title =
		subjectLine(str0(options.title)) ||
		'Defender digest: ' +
			views.length +
			(views.length === 1 ? ' alert' : ' alerts') +
			(groups.length > 1
				? ' across ' + groups.length + ' tenants'
				: groups.length === 1
					? ' in ' + groups[0].tenant
					: '');
	const subject = subjectLine(title + (counts.length > 0 ? ' (' + counts.join(', ') + ')' : ''));
	return {
		subject,
		text: digestText(title, groups),
		html: digestHtml(title, groups),
		count: views.length,
	};
}

function str0(v: unknown): string {
	return typeof v === 'string' ? v : '';
}
