import { tenantConcurrencyOption } from '../../nodes/shared/descriptions';
import { DEFAULT_TENANT_CONCURRENCY, tenantConcurrency } from '../../nodes/shared/transport';

describe('Tenant Concurrency', () => {
	it('defaults to 10 in the form and when the option is missing or unusable', () => {
		expect(DEFAULT_TENANT_CONCURRENCY).toBe(10);
		expect(tenantConcurrencyOption('fetched').default).toBe(DEFAULT_TENANT_CONCURRENCY);
		expect(tenantConcurrencyOption('polled').default).toBe(DEFAULT_TENANT_CONCURRENCY);
		for (const options of [{}, { tenantConcurrency: 0 }, { tenantConcurrency: 'many' }]) {
			expect(tenantConcurrency(options)).toBe(10);
		}
	});

	it('takes what the user set, as a whole number', () => {
		expect(tenantConcurrency({ tenantConcurrency: 20 })).toBe(20);
		expect(tenantConcurrency({ tenantConcurrency: 3.7 })).toBe(3);
	});
});
