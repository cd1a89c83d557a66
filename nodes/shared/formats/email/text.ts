/**
 * Plain-text alternative of the alert emails (multipart/alternative): what a terminal mail client,
 * a pager gateway or a ticketing system reads. Lines stay short; no markup.
 */
import { SEVERITY_ORDER } from '../common';
import { type AlertView } from './view';

/** One alert as an indented block. */
export function alertText(v: AlertView): string {
	const lines = ['[' + v.severity.name.toUpperCase() + '] ' + v.title];
	const add = (label: string, value: string) => {
		if (value !== '') lines.push('  ' + label + ': ' + value);
	};
	add('Device', v.device);
	add('User', v.user);
	add('Techniques', v.techniques.join(', '));
	add('Category', [v.category, v.status, v.detectionSource].filter((s) => s !== '').join(' / '));
	add('Created', v.created);
	add('Incident', v.incidentId);
	if (v.evidence.length > 0) {
		lines.push('  Evidence:');
		for (const e of v.evidence) lines.push('    - ' + e);
		if (v.moreEvidence > 0) lines.push('    (+' + v.moreEvidence + ' more)');
	}
	if (v.description !== '') {
		lines.push('  Details:');
		for (const l of v.description.split(/\r\n|\r|\n/))
			lines.push(l.trim() === '' ? '' : '    ' + l);
	}
	add('Alert id', v.id);
	add('Open', v.link);
	return lines.join('\n');
}

/** The digest as text: a summary, then per tenant and severity the alert blocks. */
export function digestText(
	title: string,
	groups: Array<{ tenant: string; views: AlertView[] }>,
): string {
	const out = [title, '='.repeat(Math.min(title.length, 72)), ''];
	for (const g of groups) {
		const parts: string[] = [];
		for (const name of SEVERITY_ORDER) {
			const n = g.views.filter((v) => v.severity.name === name).length;
			if (n > 0) parts.push(n + ' ' + name);
		}
		out.push(g.tenant + ': ' + parts.join(', '));
	}
	for (const g of groups) {
		out.push('', '## ' + g.tenant, '');
		for (const name of SEVERITY_ORDER) {
			for (const v of g.views) if (v.severity.name === name) out.push(alertText(v), '');
		}
	}
	if (groups.length === 0) out.push('No alerts.');
	return out.join('\n').replace(/\n+$/, '') + '\n';
}
