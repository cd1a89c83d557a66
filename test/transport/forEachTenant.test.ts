/** forEachTenant: at most `concurrency` tenants in flight, outcomes in tenant order, a failure kept per tenant. */
import { forEachTenant } from '../../nodes/shared/transport';
import type { Tenant } from '../../nodes/shared/transport';

const tenants: Tenant[] = Array.from({ length: 10 }, (_, i) => ({ tenantId: `t${i}` }));

test('never runs more than `concurrency` tenants at once, and runs that many', async () => {
	let inFlight = 0;
	let peak = 0;
	const outcomes = await forEachTenant(tenants, 3, async (tenant) => {
		inFlight++;
		peak = Math.max(peak, inFlight);
		await new Promise((resolve) => setTimeout(resolve, 5));
		inFlight--;
		if (tenant.tenantId === 't4') throw new Error('t4 failed');
		return tenant.tenantId.toUpperCase();
	});
	expect(peak).toBe(3);
	expect(outcomes.map((o) => o.tenant.tenantId)).toEqual(tenants.map((t) => t.tenantId));
	expect(outcomes.filter((o) => !o.ok).map((o) => (o.ok ? '' : o.error.message))).toEqual([
		't4 failed',
	]);
	expect(outcomes[9]).toEqual({ tenant: tenants[9], ok: true, value: 'T9' });
});
