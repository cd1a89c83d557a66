/** The shared item layer: what every action node does per input item. */
export { runOperations } from './runOperations';
export type { Operation, OperationTable } from './runOperations';
export { ALERT_ID_PATTERN, assertId, idParameter, ID_RULES } from './itemIds';
export type { IdKind } from './itemIds';
export { notFoundError, singleTenant } from './itemTarget';
export type { ItemTarget } from './itemTarget';
