/**
 * The keyset listing against servers that misbehave: what it must refuse rather than page on into
 * a gap (the live-list behaviour itself is proven against the sandbox in livePaging.test.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { keysetPages } from '../../nodes/shared/transport/timeKeyset';
import type { KeysetListing } from '../../nodes/shared/transport/timeKeyset';
import type { ODataList } from '../../nodes/shared/transport/types';

const at = (second: number) => `2024-05-01T10:00:${String(second).padStart(2, '0')}.5Z`;
const alert = (id: string, second: number): IDataObject => ({ id, alertCreationTime: at(second) });

function listing(read: (qs: IDataObject) => ODataList, extra: Partial<KeysetListing> = {}) {
	const asked: IDataObject[] = [];
	const options: KeysetListing = {
		order: { timeField: 'alertCreationTime', idField: 'id', newestFirst: true },
		qs: {},
		pageSize: 3,
		limit: Number.POSITIVE_INFINITY,
		maxPages: 50,
		read: async (qs) => {
			asked.push(qs);
			return read(qs);
		},
		fail: (message, description) => new Error(`${message}. ${description}`),
		...extra,
	};
	return { asked, options };
}

async function all(options: KeysetListing): Promise<string[]> {
	const ids: string[] = [];
	for await (const page of keysetPages(options)) for (const item of page) ids.push(String(item.id));
	return ids;
}

describe('keysetPages', () => {
	it('asks from the last time read on and drops the rows at that time it has already listed', async () => {
		const rows = [alert('e', 9), alert('d', 8), alert('c', 8), alert('b', 7), alert('a', 6)];
		const { asked, options } = listing((qs) => {
			const from = /le (\S+)$/.exec(String(qs.$filter ?? ''))?.[1];
			const rest = from ? rows.filter((r) => String(r.alertCreationTime) <= from) : rows;
			return { value: rest.slice(0, Number(qs.$top)) };
		});
		options.pageSize = 4;
		expect(await all(options)).toEqual(['e', 'd', 'c', 'b', 'a']);
		expect(asked.map((qs) => qs.$filter)).toEqual([
			undefined,
			'alertCreationTime le 2024-05-01T10:00:07.5000000Z',
		]);
		expect(asked.some((qs) => '$skip' in qs)).toBe(false);
		expect(asked.every((qs) => qs.$orderby === 'alertCreationTime desc,id desc')).toBe(true);
	});

	it('refuses a page out of the requested order (a server ignoring $orderby would lose rows)', async () => {
		const { options } = listing(() => ({ value: [alert('a', 1), alert('b', 5), alert('c', 3)] }));
		await expect(all(options)).rejects.toThrow(/out of the requested order/);
	});

	it('refuses a row without a creation time', async () => {
		const { options } = listing(() => ({ value: [{ id: 'x', alertCreationTime: 'yesterday' }] }));
		await expect(all(options)).rejects.toThrow(/not a date and time/);
	});

	it('stops with an error when a full page brings nothing new (a server ignoring $skip in a tie)', async () => {
		const { options } = listing(() => ({ value: [alert('a', 1), alert('b', 1), alert('c', 1)] }));
		await expect(all(options)).rejects.toThrow(/no progress/);
	});

	it('oldest first: a short first page is the whole list, read with one call and no bound', async () => {
		const { asked, options } = listing(() => ({ value: [alert('a', 2), alert('b', 3)] }), {
			order: { timeField: 'alertCreationTime', idField: 'id' },
			qs: { $filter: "status eq 'New'" },
		});
		expect(await all(options)).toEqual(['a', 'b']);
		expect(asked).toHaveLength(1);
		expect(asked[0]).toEqual({
			$filter: "(status eq 'New')",
			$orderby: 'alertCreationTime asc,id asc',
			$top: 3,
		});
	});

	it('oldest first: after a full first page, the end is fixed by the newest alert of all before paging on', async () => {
		// Alerts keep arriving (z at second 40 enters after the probe): the listing must end at the
		// newest alert the probe saw, whatever the filter, and still list every older one once.
		const rows = [alert('a', 1), alert('b', 2), alert('c', 3), alert('d', 4), alert('y', 30)];
		let probed = false;
		const { asked, options } = listing(
			(qs) => {
				if (qs.$top === 1 && qs.$orderby === 'alertCreationTime desc') {
					probed = true;
					return { value: [alert('y', 30)] };
				}
				const live = probed ? [...rows, alert('z', 40)] : rows;
				const filter = String(qs.$filter ?? '');
				const from = /ge (\S+)/.exec(filter)?.[1];
				const to = /le (\S+)/.exec(filter)?.[1];
				const inRange = live.filter(
					(r) =>
						(!from || Date.parse(String(r.alertCreationTime)) >= Date.parse(from)) &&
						(!to || Date.parse(String(r.alertCreationTime)) <= Date.parse(to)),
				);
				return { value: inRange.slice(0, Number(qs.$top)) };
			},
			{
				order: { timeField: 'alertCreationTime', idField: 'id' },
				qs: { $filter: "status eq 'New'" },
			},
		);
		expect(await all(options)).toEqual(['a', 'b', 'c', 'd', 'y']);
		expect(asked[0].$filter).toBe("(status eq 'New')");
		expect(asked[1]).toEqual({ $top: 1, $orderby: 'alertCreationTime desc' });
		expect(asked[2].$filter).toBe(
			"(status eq 'New') and alertCreationTime le 2024-05-01T10:00:30.5000000Z and alertCreationTime ge 2024-05-01T10:00:03.5000000Z",
		);
		expect(asked).toHaveLength(4);
	});
});
