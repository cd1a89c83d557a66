/**
 * The OData subset of `GET /api/alerts` (facts/defender-api-and-peers.md §1.4), in four steps:
 * fields.ts (the properties and their kinds), lexer.ts (`$filter` → tokens), parser.ts (tokens →
 * AST), evaluator.ts (AST → predicate over store records); query.ts reads `$orderby`, `$top`,
 * `$skip` and `$expand`.
 *
 * Choices (the public docs do not settle them):
 * - Operators and keywords (`eq ne gt ge lt le and or not in null true false asc desc`) are
 *   lower case only, as the OData v4 ABNF has them; `Status EQ 'New'` is a 400.
 * - Property names are case-insensitive (`InvestigationId` and `investigationId` are both in the
 *   docs); the docs' typo `asssignedTo` is accepted as `assignedTo`.
 * - String comparisons are case-insensitive (ordinal ignore-case) for every string property except
 *   `id`, which is exact. `status` and `severity` are enums: a value outside the enum is a 400,
 *   and gt/ge/lt/le and $orderby use the enum's declared order (Low < Medium < High).
 * - DateTimeOffset literals are unquoted (`lastUpdateTime ge 2019-11-22T00:00:00Z`), up to 7
 *   fractional digits, `Z` or `±hh:mm`; compared as time with 100-ns precision. A quoted string
 *   against a time property is a type error (400), as Microsoft's OData library reports it.
 * - Comparisons with null follow OData: `x eq null` is true for a null x; gt/ge/lt/le with a null
 *   side are false; `ne` is the negation of `eq`.
 * Every error is `ApiError(400, 'ODataError', …)` naming the token and its (0-based) position.
 */
export { FILTERABLE_FIELDS, lookupField } from './fields';
export type { EntitySchema, FieldDef, FieldKind } from './fields';
export { tokenize } from './lexer';
export type { Token } from './lexer';
export { parseFilter } from './parser';
export type { CompareOp, FilterNode, Literal } from './parser';
export { compileFilter } from './evaluator';
export type { AlertRecord, Predicate } from './evaluator';
export {
	compareRecordsBy,
	MAX_PAGE_SIZE,
	parseExpand,
	parseOrderBy,
	parseSkip,
	parseTop,
} from './query';
export type { OrderKey } from './query';
