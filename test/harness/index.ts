/**
 * Test harness: runs this package's nodes and credentials through n8n-core's real execution path.
 *
 * - `runNode({ nodeType, parameters, credentialTypes?, credentials?, inputItems?, continueOnFail?,
 *   typeVersion?, mode?, staticData? })` → `{ output, error?, hints, logs, credentialUpdates,
 *   credentials, staticData }`. Executes `Start → node` with n8n-core's WorkflowExecute, so
 *   parameters/expressions (`={{ $json.id }}`), `continueOnFail`, pairedItem and errors follow
 *   n8n's own code. The node is named `NODE_UNDER_TEST`.
 * - `pollNode({ nodeType, parameters, credentialTypes?, credentials?, staticData?, mode })` →
 *   `{ result, error?, staticData, staticDataAfterPoll, logs, credentialUpdates, credentials }`
 *   through n8n-core's PollContext + TriggersAndPollers. Pass `staticData` back on the next call.
 * - `startPollScheduler({ mode: 'legacy' | 'durable', nodeType, parameters, credentials?,
 *   pollTimeoutMs?, leaseMs? })` → PollScheduler: a poll node driven as n8n 2.41.1 schedules it
 *   (poll-scheduler.ts): `tick({ crashBetweenEmitAndSave? })` starts a poll without waiting for
 *   the previous one, `restart()`, `settle()`, `stop()`, `credentials.patch(type, fields)`, and
 *   the record: `ticks`, `emitted` (batches with their tick), `errors`, `storage`, `nodeStaticData()`.
 *   pollNode builds a context per poll and awaits it, which n8n never does: use the scheduler
 *   whenever what happens between polls matters.
 * - `testCredential({ credentialType, data, credentialTypes, nodeTypes? })` →
 *   `{ status: 'OK' | 'Error', message, logs, credentialUpdates }`, the server's credential
 *   tester logic (declared `test` + rules, OAuth2 token check, node `testedBy` functions).
 * - `trustCa(pem)` → untrust function: trust a test CA in-process, TLS verification stays on.
 *
 * Credentials are given per type: `{ [credentialTypeName]: { id?, name?, data } }` with the
 * plain stored fields (OAuth2 authorization-code ones pre-filled with `oauthTokenData`, as n8n
 * stores them after "Connect"). The harness's HarnessCredentialsHelper mirrors the server's
 * CredentialsHelper: defaults + `$self` expression defaults, `extends: ['oAuth2Api']`, generic
 * and function `authenticate`, `preAuthentication` with expirable fields (re-run on empty value
 * or 401, persisted), OAuth2 token storage. Every write is in `credentialUpdates`; `credentials`
 * returns the stored state to feed the next run. `logs` holds every line n8n-core and the node
 * logged (plus error reports) for secret scanning.
 *
 * Why WorkflowExecute rather than a hand-built ExecuteContext: it is what n8n runs, and it only
 * needs a Logger, InstanceSettings and ErrorReporter registered in DI (see container.ts).
 */
export { runNode } from './run-node';
export type { RunNodeOptions, RunNodeResult } from './run-node';
export { pollNode } from './poll-node';
export type { PollNodeOptions, PollNodeResult } from './poll-node';
export { testCredential } from './test-credential';
export type { TestCredentialOptions, TestCredentialResult } from './test-credential';
export { NODE_UNDER_TEST } from './workflow-setup';
export { trustCa } from './trust-ca';
export type { CredentialUpdate, HarnessCredential, HarnessCredentials } from './credential-store';
export type { CapturedLog } from './log-capture';
export {
	DEFAULT_LEASE_MS,
	DEFAULT_POLL_TIMEOUT_MS,
	PollScheduler,
	startPollScheduler,
} from './poll-scheduler';
export { durablePollBudgetMs } from './poll-host-durable';
export type {
	EmittedBatch,
	PollError,
	PollHostMode,
	PollHostStorage,
	PollSchedulerOptions,
	PollTick,
	TickOptions,
	TickOutcome,
} from './poll-host-types';
export type { CredentialStore } from './credential-store';
