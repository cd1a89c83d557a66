export { runNode, NODE_UNDER_TEST } from './run-node';
export type { RunNodeOptions, RunNodeResult } from './run-node';
export { trustCa } from './trust-ca';
export type { CredentialUpdate, HarnessCredential, HarnessCredentials } from './credential-store';
export type { CapturedLog } from './log-capture';
