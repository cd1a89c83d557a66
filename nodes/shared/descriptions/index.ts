export { authenticationProperty, defenderCredentials } from './authentication';
export { maxRetryWaitOption, tenantScopeProperties } from './tenantScope';
