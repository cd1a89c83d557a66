/**
 * Starts a machine action, optionally waits for its outcome, and turns Defender's "already in
 * progress" 400 into a result that names the running action.
 */
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { isAlreadyInProgress, pickRunningAction } from './alreadyInProgress';
import { idParameter, request, singleTenant, tenantFields } from './target';
import type { Target } from './target';
import { waitForCompletion } from './waitForCompletion';

export interface ActionSpec {
	/** MachineAction `type` as Defender reports it. */
	type: string;
	/** Path segment after `/api/machines/{id}/`. */
	endpoint: string;
	/** Extra body field read from a parameter, e.g. IsolationType ← isolationType. */
	scope?: { field: string; parameter: string };
}

export async function readAction(
	this: IExecuteFunctions,
	target: Target,
	itemIndex: number,
	id: string,
): Promise<IDataObject> {
	const action = await request.call(this, target, itemIndex, {
		method: 'GET',
		path: `/api/machineactions/${encodeURIComponent(id)}`,
		family: 'machineActions',
		what: `Machine action "${id}"`,
	});
	delete action['@odata.context'];
	return action;
}

/** Adds the package download link to a finished collection (GetPackageUri). */
async function withPackageUri(
	this: IExecuteFunctions,
	target: Target,
	itemIndex: number,
	action: IDataObject,
): Promise<IDataObject> {
	if (action.type !== 'CollectInvestigationPackage' || action.status !== 'Succeeded') return action;
	const uri = await request.call(this, target, itemIndex, {
		method: 'GET',
		path: `/api/machineactions/${encodeURIComponent(String(action.id))}/GetPackageUri`,
		family: 'machineActions',
	});
	return { ...action, packageUri: uri.value };
}

/** Waits when the node's "Wait for Completion" is on; the result says whether it finished. */
export async function maybeWait(
	this: IExecuteFunctions,
	target: Target,
	itemIndex: number,
	action: IDataObject,
): Promise<IDataObject> {
	if (!(this.getNodeParameter('waitForCompletion', itemIndex, false) as boolean)) {
		return await withPackageUri.call(this, target, itemIndex, action);
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const timeoutMs = Number(options.waitTimeout ?? 600) * 1000;
	const initialIntervalMs = Number(options.pollInterval ?? 10) * 1000;
	const result = await waitForCompletion(
		action,
		async () => await readAction.call(this, target, itemIndex, String(action.id)),
		{ initialIntervalMs, maxIntervalMs: Math.max(initialIntervalMs, 60_000), timeoutMs },
		sleep,
		Date.now,
	);
	const finished = await withPackageUri.call(this, target, itemIndex, result.action);
	return {
		...finished,
		completed: result.completed,
		waitTimedOut: !result.completed,
		waitedSeconds: Math.round(result.waitedMs / 1000),
	};
}

export async function runMachineAction(
	this: IExecuteFunctions,
	itemIndex: number,
	spec: ActionSpec,
): Promise<INodeExecutionData[]> {
	const target = await singleTenant.call(this, itemIndex);
	const machineId = idParameter.call(this, 'machineId', 'machine', itemIndex);
	const comment = String(this.getNodeParameter('comment', itemIndex, '') ?? '').trim();
	if (!comment) {
		throw new NodeOperationError(
			this.getNode(),
			'Defender requires a comment for every machine action. Enter one (it appears in the action center).',
			{ itemIndex },
		);
	}
	const body: IDataObject = { Comment: comment };
	if (spec.scope)
		body[spec.scope.field] = this.getNodeParameter(spec.scope.parameter, itemIndex) as string;
	let action: IDataObject;
	let alreadyInProgress = false;
	try {
		action = await request.call(this, target, itemIndex, {
			method: 'POST',
			path: `/api/machines/${encodeURIComponent(machineId)}/${spec.endpoint}`,
			body,
			family: 'machineActions',
			what: `Machine "${machineId}"`,
		});
		delete action['@odata.context'];
	} catch (error) {
		if (!isAlreadyInProgress(error)) {
			throw error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
		alreadyInProgress = true;
		const list = await request.call(this, target, itemIndex, {
			method: 'GET',
			path: '/api/machineactions',
			qs: { $filter: `machineId eq '${machineId.replace(/'/g, "''")}'` },
			family: 'machineActions',
		});
		const running = pickRunningAction((list.value ?? []) as IDataObject[], spec.type);
		if (!running) {
			return [
				{
					json: {
						alreadyInProgress,
						existingActionId: null,
						requestedType: spec.type,
						machineId,
						status: 'InProgress',
						...tenantFields(target.tenant),
					},
					pairedItem: { item: itemIndex },
				},
			];
		}
		action = running;
	}
	const final = await maybeWait.call(this, target, itemIndex, action);
	const flag = alreadyInProgress ? { existingActionId: action.id, requestedType: spec.type } : {};
	return [
		{
			json: { alreadyInProgress, ...flag, ...final, ...tenantFields(target.tenant) },
			pairedItem: { item: itemIndex },
		},
	];
}
