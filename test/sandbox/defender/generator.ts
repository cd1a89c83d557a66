import type { DefenderAlert } from '../../../nodes/shared/alerts/types';

export interface GenerateOptions {
	seed: number;
	count: number;
	tenantId: string;
	startTime: number;
	endTime: number;
	sharedTimestampRatio?: number;
}

export function generateAlerts(_opts: GenerateOptions): DefenderAlert[] {
	return [];
}
