/**
 * What a caller hands every formatter: the tenant the alert came from and the options a user can
 * set once per format, plus the product names the SIEM headers carry.
 */

/** Options a user can set once for a format; every one has a sensible default. */
export interface FormatOptions {
	/** CEF/LEEF header "Device Version" (default `1.0`). */
	deviceVersion?: string;
	/**
	 * Put one space between the CEF severity pipe and the first extension key. Needed only for
	 * liblognorm ≤ 2.0.6 (rsyslog mmnormalize on Debian 12), which otherwise drops the first key's
	 * first character; Vector's parser rejects the space, so it is off by default.
	 */
	cefSpaceBeforeExtension?: boolean;
	/** LEEF 2.0 attribute delimiter: one character, or hex like `x09` (default: tab, `x09`). */
	leefDelimiter?: string;
	/** RFC 5424 HOSTNAME (default `-`, the NILVALUE). */
	syslogHostname?: string;
	/** RFC 5424 APP-NAME (default `defender-mssp`). */
	syslogAppName?: string;
	/** Syslog facility 0–23 (default 13, "log audit"). */
	syslogFacility?: number;
	/** Syslog severity for High alerts: 3 Error (default) or 2 Critical. */
	syslogHighSeverity?: number;
	/**
	 * RFC 5424 TIMESTAMP fraction digits: 0, 3 or 6. Default per format: 3 (milliseconds) with
	 * LEEF, as QRadar's LEEF guide expects; 6 (RFC 5424's maximum) with CEF.
	 */
	syslogTimeDigits?: number;
	/** RFC 5424 SD-ID of the structured data element (default `defender@32473`). */
	syslogSdId?: string;
	/** Splunk HEC `index` (omitted by default: the token's default index is used). */
	hecIndex?: string;
	/** Splunk HEC `source` (default `defender-mssp`). */
	hecSource?: string;
	/** Splunk HEC `host` (default: the alert's device name). */
	hecHost?: string;
	/** Splunk HEC `sourcetype` (default `ms:defender:atp:alerts`, the Splunk add-on's). */
	hecSourcetype?: string;
	/**
	 * Defender portal base URL (default `https://security.microsoft.com`; the nodes pass their
	 * credential's cloud's portal, e.g. `https://security.microsoft.us` for GCC High).
	 */
	portalBaseUrl?: string;
	/** Clock for records that need a time when the alert has none (tests pin it). */
	now?: number;
}

export interface FormatContext {
	/** The customer tenant the alert came from (the MSSP's view, not necessarily aadTenantId). */
	tenantId: string;
	tenantLabel?: string;
	options?: FormatOptions;
}

export const VENDOR = 'Microsoft';
export const PRODUCT = 'Defender for Endpoint';
export const DEFAULT_DEVICE_VERSION = '1.0';
