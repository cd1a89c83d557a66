import type { DefenderAlert } from '../../../nodes/shared/alerts/types';
import { ApiError } from './errors';

export interface ListQuery {
	$filter?: string;
	$top?: string;
	$skip?: string;
	$orderby?: string;
	$expand?: string;
}

export class AlertStore {
	constructor(readonly tenantId: string) {}
	insert(_alerts: DefenderAlert[], _opts?: { visibleAt?: number }): void {
		throw new ApiError(501, 'NotImplemented', 'not yet');
	}
	list(_query: ListQuery, _now: number): { value: DefenderAlert[]; matched: number } {
		throw new ApiError(501, 'NotImplemented', 'not yet');
	}
	get(_id: string, _now: number): DefenderAlert {
		throw new ApiError(501, 'NotImplemented', 'not yet');
	}
	update(_id: string, _body: unknown, _now: number, _actor?: string): DefenderAlert {
		throw new ApiError(501, 'NotImplemented', 'not yet');
	}
	batchUpdate(_body: unknown, _now: number, _actor?: string): void {
		throw new ApiError(501, 'NotImplemented', 'not yet');
	}
	modify(_id: string, _changes: Partial<DefenderAlert>, _now: number): DefenderAlert {
		throw new ApiError(501, 'NotImplemented', 'not yet');
	}
	all(): DefenderAlert[] {
		return [];
	}
}
