/**
 * Shared pieces of every output format, one module per concept, re-exported here so a formatter
 * imports them from one place: the context and options (options), tolerant accessors (values),
 * the severity table (severity), time parsing that keeps the API's 7 fractional digits (times),
 * evidence and the user (evidence), ATT&CK techniques and tactics (attack), the tenant and the
 * portal link (portal), IP checks (addresses) and file paths (paths).
 */

export * from './options';
export * from './values';
export * from './severity';
export * from './times';
export * from './evidence';
export * from './attack';
export * from './portal';
export * from './addresses';
export * from './paths';
