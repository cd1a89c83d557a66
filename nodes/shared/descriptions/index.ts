export { authenticationProperty, defenderCredentials } from './authentication';
export {
	maxRetryWaitOption,
	returnAllProperties,
	singleTenantProperty,
	tenantConcurrencyOption,
	tenantScopeProperties,
} from './tenantScope';
