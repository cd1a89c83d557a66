// Every node and credential class of the package, for tools that import the package as a module.
// n8n itself loads the compiled files listed in package.json's "n8n" section.
export { DefenderMsspAppApi } from './credentials/DefenderMsspAppApi.credentials';
export { DefenderMsspOAuth2Api } from './credentials/DefenderMsspOAuth2Api.credentials';
export { DefenderAlertTrigger } from './nodes/DefenderAlertTrigger/DefenderAlertTrigger.node';
export { DefenderAuthorizeApplication } from './nodes/DefenderAuthorizeApplication/DefenderAuthorizeApplication.node';
export { DefenderFetchAlerts } from './nodes/DefenderFetchAlerts/DefenderFetchAlerts.node';
export { DefenderResponse } from './nodes/DefenderResponse/DefenderResponse.node';
