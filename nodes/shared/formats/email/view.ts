/**
 * What an email shows of one alert, extracted once and shared by the HTML and text renderers.
 * Values are raw here (not escaped): each renderer escapes for its own medium.
 */
import {
	type FormatContext,
	type SeverityRow,
	cut,
	eventTime,
	evidenceOf,
	entityType,
	int,
	joinPath,
	oneLine,
	portalLink,
	rec,
	severityOf,
	str,
	techniquesOf,
	tenantOf,
	userOf,
	type Rec,
} from '../common';

export const MAX_EVIDENCE_LINES = 8;
export const MAX_DESCRIPTION = 1500;

export interface AlertView {
	id: string;
	title: string;
	severity: SeverityRow;
	status: string;
	category: string;
	device: string;
	user: string;
	techniques: string[];
	evidence: string[];
	/** Evidence items not listed (beyond MAX_EVIDENCE_LINES). */
	moreEvidence: number;
	description: string;
	link: string;
	created: string;
	detectionSource: string;
	incidentId: string;
	tenantId: string;
	tenantLabel: string;
}

function hashOf(e: Rec): string {
	const h = str(e.sha256) || str(e.sha1);
	return h === '' ? '' : ' [' + (h.length > 16 ? h.slice(0, 16) + '…' : h) + ']';
}

/** One short line per evidence item ("Process: rundll32.exe (pid 3276) — rundll32.exe …"). */
export function evidenceLine(e: Rec): string {
	const type = str(e.entityType) || 'Evidence';
	const kind = entityType(e);
	let what = '';
	if (kind === 'user') {
		const name = str(e.accountName) || str(e.userPrincipalName);
		const dom = str(e.domainName);
		what = dom !== '' && name !== '' ? dom + '\\' + name : name || dom;
	} else if (kind === 'process') {
		const pid = int(e.processId);
		what = joinPath(str(e.filePath), str(e.fileName)) + (pid === null ? '' : ' (pid ' + pid + ')');
		const cmd = str(e.processCommandLine);
		if (cmd !== '') what += ' — ' + cut(cmd, 200);
		what += hashOf(e);
	} else if (kind === 'file') {
		what = joinPath(str(e.filePath), str(e.fileName)) + hashOf(e);
	} else if (kind === 'ip') {
		what = str(e.ipAddress);
	} else if (kind === 'url') {
		what = str(e.url);
	} else if (kind.startsWith('registry')) {
		what = [str(e.registryHive), str(e.registryKey), str(e.registryValue)]
			.filter((s) => s)
			.join(' ');
	}
	if (what.trim() === '') {
		what =
			str(e.fileName) ||
			str(e.ipAddress) ||
			str(e.url) ||
			str(e.accountName) ||
			str(e.sha256) ||
			'—';
	}
	return oneLine(cut(type + ': ' + what.trim(), 300));
}

/** Extracts the email view of an alert; total for any input. */
export function alertView(alert: unknown, ctx: FormatContext): AlertView {
	const a = rec(alert);
	const evidence = evidenceOf(a);
	const user = userOf(a, evidence);
	const t = eventTime(a);
	const shown = evidence.slice(0, MAX_EVIDENCE_LINES);
	const incident = int(a.incidentId);
	return {
		id: oneLine(str(a.id)),
		title: oneLine(cut(str(a.title), 300)) || 'Defender for Endpoint alert',
		severity: severityOf(a.severity),
		status: oneLine(str(a.status)),
		category: oneLine(str(a.category)),
		device: oneLine(str(a.computerDnsName)),
		user: oneLine(
			user.domain !== '' && user.name !== '' ? user.domain + '\\' + user.name : user.name,
		),
		techniques: techniquesOf(a).map(oneLine),
		evidence: shown.map(evidenceLine),
		moreEvidence: evidence.length - shown.length,
		description: cut(str(a.description), MAX_DESCRIPTION),
		link: portalLink(a, ctx),
		created: t === null ? '' : new Date(t.ms).toISOString().slice(0, 19).replace('T', ' ') + ' UTC',
		detectionSource: oneLine(str(a.detectionSource)),
		incidentId: incident === null ? '' : String(incident),
		tenantId: oneLine(tenantOf(a, ctx)),
		tenantLabel: oneLine(str(ctx.tenantLabel)),
	};
}

/** Tenant name as shown: the label, else the tenant id, else "Unknown tenant". */
export function tenantName(v: AlertView): string {
	return v.tenantLabel || v.tenantId || 'Unknown tenant';
}
