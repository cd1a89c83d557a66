/**
 * HTML for alert emails: layout tables and inline styles only (what Outlook, Gmail and Apple Mail
 * all render), no scripts, no external images or CSS. Every alert value passes through
 * `escapeHtml`; the only URL placed in an href is the portal link, built from encoded parts.
 */
import { SEVERITY_ORDER } from '../common';
import { type AlertView } from './view';

const HTML_RE = /[&<>"']/g;
const HTML_TEST = /[&<>"']/;
const HTML_MAP: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
};

export function escapeHtml(s: string): string {
	return HTML_TEST.test(s) ? s.replace(HTML_RE, (c) => HTML_MAP[c]) : s;
}

const FONT = "font-family:'Segoe UI',Helvetica,Arial,sans-serif;";
const MUTED = 'color:#605e5c;';

function badge(v: AlertView): string {
	return (
		'<span style="display:inline-block;padding:2px 8px;border-radius:10px;background:' +
		v.severity.colour +
		';color:#ffffff;font-size:12px;font-weight:600;">' +
		escapeHtml(v.severity.name) +
		'</span>'
	);
}

function row(label: string, valueHtml: string): string {
	if (valueHtml === '') return '';
	return (
		'<tr><td style="padding:3px 12px 3px 0;vertical-align:top;white-space:nowrap;font-size:13px;' +
		MUTED +
		'">' +
		label +
		'</td><td style="padding:3px 0;font-size:13px;color:#323130;word-break:break-word;">' +
		valueHtml +
		'</td></tr>'
	);
}

/** One alert as a card: coloured left border, title, facts, evidence, portal button. */
export function alertCardHtml(v: AlertView): string {
	const title = escapeHtml(v.title);
	const titleHtml =
		v.link === ''
			? title
			: '<a href="' +
				escapeHtml(v.link) +
				'" style="color:#323130;text-decoration:none;">' +
				title +
				'</a>';
	const evidence =
		v.evidence.length === 0
			? ''
			: v.evidence.map((e) => escapeHtml(e)).join('<br>') +
				(v.moreEvidence > 0
					? '<br><span style="' + MUTED + '">+' + v.moreEvidence + ' more</span>'
					: '');
	const description =
		v.description === '' ? '' : escapeHtml(v.description).replace(/\r\n|\r|\n/g, '<br>');
	const meta = [v.category, v.status, v.detectionSource].filter((s) => s !== '').map(escapeHtml);
	const button =
		v.link === ''
			? ''
			: '<tr><td colspan="2" style="padding-top:10px;"><a href="' +
				escapeHtml(v.link) +
				'" style="display:inline-block;padding:6px 14px;background:#0078d4;color:#ffffff;font-size:13px;text-decoration:none;border-radius:2px;">Open in Defender portal</a></td></tr>';
	return (
		'<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin:0 0 12px 0;border:1px solid #edebe9;border-left:4px solid ' +
		v.severity.colour +
		';background:#ffffff;"><tr><td style="padding:10px 14px;' +
		FONT +
		'"><div style="margin-bottom:6px;">' +
		badge(v) +
		' <span style="font-size:15px;font-weight:600;color:#323130;">' +
		titleHtml +
		'</span></div><table role="presentation" cellpadding="0" cellspacing="0" style="' +
		FONT +
		'">' +
		row('Device', escapeHtml(v.device)) +
		row('User', escapeHtml(v.user)) +
		row('Techniques', escapeHtml(v.techniques.join(', '))) +
		row('Category', meta.join(' · ')) +
		row('Created', escapeHtml(v.created)) +
		row('Incident', escapeHtml(v.incidentId)) +
		row('Evidence', evidence) +
		row('Details', description) +
		row(
			'Alert id',
			'<span style="font-family:Consolas,monospace;font-size:12px;">' +
				escapeHtml(v.id) +
				'</span>',
		) +
		button +
		'</table></td></tr></table>'
	);
}

/** Severity counts of a list of views, High first. */
export function severityCounts(views: AlertView[]): Array<{ view: AlertView; count: number }> {
	const out: Array<{ view: AlertView; count: number }> = [];
	for (const name of SEVERITY_ORDER) {
		const of = views.filter((v) => v.severity.name === name);
		if (of.length > 0) out.push({ view: of[0], count: of.length });
	}
	return out;
}

/** The digest body: a summary table, then per tenant, per severity, the alert cards. */
export function digestHtml(
	title: string,
	groups: Array<{ tenant: string; views: AlertView[] }>,
): string {
	const total = groups.reduce((n, g) => n + g.views.length, 0);
	let summary = '';
	for (const g of groups) {
		const counts = severityCounts(g.views)
			.map((c) => badge(c.view) + ' <span style="font-size:13px;">' + c.count + '</span>')
			.join(' &nbsp; ');
		summary +=
			'<tr><td style="padding:4px 12px 4px 0;font-size:13px;font-weight:600;">' +
			escapeHtml(g.tenant) +
			'</td><td style="padding:4px 0;">' +
			counts +
			'</td></tr>';
	}
	let sections = '';
	for (const g of groups) {
		const first = g.views[0];
		const id =
			first !== undefined && first.tenantLabel !== '' && first.tenantId !== ''
				? first.tenantId
				: '';
		sections +=
			'<h2 style="margin:22px 0 8px 0;font-size:17px;color:#201f1e;' +
			FONT +
			'">' +
			escapeHtml(g.tenant) +
			(id === ''
				? ''
				: ' <span style="font-size:12px;font-weight:400;' +
					MUTED +
					'">' +
					escapeHtml(id) +
					'</span>') +
			'</h2>';
		for (const name of SEVERITY_ORDER) {
			const of = g.views.filter((v) => v.severity.name === name);
			if (of.length === 0) continue;
			sections +=
				'<div style="margin:10px 0 6px 0;font-size:13px;font-weight:600;color:' +
				of[0].severity.colour +
				';' +
				FONT +
				'">' +
				escapeHtml(name) +
				' (' +
				of.length +
				')</div>' +
				of.map(alertCardHtml).join('');
		}
	}
	return (
		'<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>' +
		escapeHtml(title) +
		'</title></head><body style="margin:0;padding:0;background:#f3f2f1;' +
		FONT +
		'"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f2f1;"><tr><td align="center" style="padding:20px 10px;"><table role="presentation" width="680" cellpadding="0" cellspacing="0" style="width:100%;max-width:680px;"><tr><td style="background:#201f1e;color:#ffffff;padding:14px 18px;' +
		FONT +
		'"><div style="font-size:12px;letter-spacing:0.5px;opacity:0.8;">MICROSOFT DEFENDER FOR ENDPOINT</div><div style="font-size:19px;font-weight:600;margin-top:2px;">' +
		escapeHtml(title) +
		'</div></td></tr><tr><td style="background:#faf9f8;padding:14px 18px;border:1px solid #edebe9;">' +
		(total === 0
			? '<div style="font-size:14px;">No alerts.</div>'
			: '<table role="presentation" cellpadding="0" cellspacing="0" style="' +
				FONT +
				'">' +
				summary +
				'</table>' +
				sections) +
		'</td></tr><tr><td style="padding:10px 18px;font-size:11px;' +
		MUTED +
		FONT +
		'">Sent by the n8n Defender MSSP nodes. Links open the alert in the customer tenant\'s Microsoft Defender portal.</td></tr></table></td></tr></table></body></html>'
	);
}
