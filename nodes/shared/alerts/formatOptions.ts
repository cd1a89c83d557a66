/**
 * The node's "Format Options" turned into the formatters' options, checked: an expression can
 * yield anything, and a value a relay would misread must fail with advice rather than reach a
 * SIEM. Only the options the chosen output uses are read, so a value left over from another
 * format never fails a run. Empty values take the sane default for the deployment: the portal of
 * the credential's Microsoft cloud, and this n8n instance's host name as the syslog HOSTNAME.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import type { FormatOptions } from '../formats';
import { portalBaseUrlOfCloud } from '../formats/common';
import { parseLeefDelimiter } from '../formats/leef';
import { loadCredentials, getAuthentication, getParam } from '../transport';
import type { DefenderFunctions } from '../transport';
import type { AlertOutput } from './output';

const TIME_DIGITS: Record<string, number | undefined> = {
	formatDefault: undefined,
	seconds: 0,
	milliseconds: 3,
	microseconds: 6,
};

const HTTPS_BASE_RE = /^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i;
// RFC 5424 HOSTNAME is 1–255 PRINTUSASCII characters.
const SYSLOG_HOSTNAME_RE = /^[\x21-\x7e]{1,255}$/;
// Splunk index names: lower-case letters, digits, `_` and `-`, not starting with `_` or `-`.
const HEC_INDEX_RE = /^[a-z0-9][a-z0-9_-]{0,79}$/;

function text(v: unknown): string {
	return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
}

/** The host of this n8n instance's base URL, or '' when n8n does not know it. */
function instanceHost(ctx: DefenderFunctions): string {
	try {
		return new URL(ctx.getInstanceBaseUrl()).hostname.replace(/^\[|\]$/g, '');
	} catch {
		return '';
	}
}

/** Reads and checks the Format Options for `output`; throws NodeOperationError with a fix. */
export async function readFormatOptions(
	this: DefenderFunctions,
	itemIndex: number,
	output: AlertOutput,
): Promise<FormatOptions> {
	const fail = (message: string, description: string) =>
		new NodeOperationError(this.getNode(), message, { itemIndex, description });
	if (output === 'raw' || output === 'evidence') return {};
	const raw = getParam<IDataObject>(this, 'formatOptions', itemIndex, {}) ?? {};
	const options: FormatOptions = {};

	const portal = text(raw.portalBaseUrl).replace(/\/+$/, '');
	if (portal !== '' && !HTTPS_BASE_RE.test(portal)) {
		throw fail(
			`The Portal Base URL "${portal.slice(0, 200)}" is not an https:// base URL`,
			"Enter one such as https://security.microsoft.us, or leave it empty to follow the credential's Microsoft cloud.",
		);
	}
	if (portal !== '') options.portalBaseUrl = portal;
	else {
		const authentication = getAuthentication.call(this, itemIndex);
		const credentials = await loadCredentials(this, authentication, itemIndex);
		options.portalBaseUrl = portalBaseUrlOfCloud(credentials.cloud);
	}

	if (output === 'cef' || output === 'syslogCef') {
		options.cefSpaceBeforeExtension = raw.cefSpaceBeforeExtension === true;
	}
	if (output === 'leef' || output === 'syslogLeef') {
		const choice = parseLeefDelimiter(raw.leefDelimiter ?? 'x09');
		if ('problem' in choice)
			throw fail(choice.problem, 'Change "LEEF Delimiter" under Format Options.');
		options.leefDelimiter = choice.delimiter.header;
	}
	if (output === 'splunkHec') {
		const index = text(raw.hecIndex);
		if (index !== '' && !HEC_INDEX_RE.test(index)) {
			throw fail(
				`The HEC Index "${index.slice(0, 100)}" is not a Splunk index name`,
				'Splunk index names use lower-case letters, digits, "_" and "-", and start with a letter or digit. Leave it empty for the token\'s default index.',
			);
		}
		if (index !== '') options.hecIndex = index;
	}
	if (output === 'syslogCef' || output === 'syslogLeef') {
		const hostname = text(raw.syslogHostname) || instanceHost(this);
		if (hostname !== '' && !SYSLOG_HOSTNAME_RE.test(hostname)) {
			throw fail(
				`The Syslog Hostname "${hostname.slice(0, 100)}" has characters RFC 5424 does not allow`,
				'Enter a host name or IP address without spaces or non-ASCII characters.',
			);
		}
		if (hostname !== '') options.syslogHostname = hostname;
		const pen = raw.syslogEnterpriseNumber ?? 32473;
		if (typeof pen !== 'number' || !Number.isSafeInteger(pen) || pen < 1) {
			throw fail(
				`The Syslog SD-ID Enterprise Number "${String(pen).slice(0, 40)}" is not a positive whole number`,
				"Enter your organisation's IANA private enterprise number, or 32473 (reserved for documentation).",
			);
		}
		options.syslogSdId = `defender@${pen}`;
		const precision = text(raw.syslogTimePrecision) || 'formatDefault';
		if (!Object.prototype.hasOwnProperty.call(TIME_DIGITS, precision)) {
			throw fail(
				`Syslog Timestamp Precision "${precision.slice(0, 40)}" is not one of the offered choices`,
				'Pick Format Default, Seconds, Milliseconds or Microseconds.',
			);
		}
		const digits = TIME_DIGITS[precision];
		if (digits !== undefined) options.syslogTimeDigits = digits;
	}
	return options;
}
