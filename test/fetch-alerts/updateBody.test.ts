import {
	alertIdList,
	buildAlertUpdateBody,
} from '../../nodes/DefenderFetchAlerts/helpers/updateBody';
import { assertId } from '../../nodes/shared/execution';

const assertAlertId = (id: string) => assertId('alert', id);

describe('alert update body', () => {
	it("sends Defender's case-sensitive spelling whatever case the input used", () => {
		expect(
			buildAlertUpdateBody({
				status: 'resolved',
				classification: 'truepositive',
				determination: 'malware',
				comment: 'x',
			}),
		).toEqual({
			status: 'Resolved',
			classification: 'TruePositive',
			determination: 'Malware',
			comment: 'x',
		});
	});

	it('rejects a determination that does not fit the classification, naming the valid ones', () => {
		expect(() =>
			buildAlertUpdateBody({ classification: 'FalsePositive', determination: 'Malware' }),
		).toThrow(
			'Determination "Malware" does not go with classification "FalsePositive". For FalsePositive use one of: Clean, InsufficientData, Other.',
		);
		expect(() => buildAlertUpdateBody({ determination: 'Malware' })).toThrow(
			/needs a classification/,
		);
		expect(() => buildAlertUpdateBody({ status: 'Closed' })).toThrow(
			/Status "Closed" is not valid/,
		);
		expect(() => buildAlertUpdateBody({})).toThrow(/Nothing to update/);
	});

	it('reads alert ids from strings and arrays, and checks their shape', () => {
		expect(alertIdList('a_1, b_-2;a_1\nc')).toEqual(['a_1', 'b_-2', 'c']);
		expect(alertIdList(['x', 7, null])).toEqual(['x', '7']);
		expect(alertIdList([])).toEqual([]);
		expect(() => assertAlertId("1' or 1 eq 1")).toThrow(/is not a Defender alert ID/);
		expect(assertAlertId('da637308392288907382_-880718168')).toBe(
			'da637308392288907382_-880718168',
		);
	});
});
