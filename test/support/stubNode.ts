/** A node as n8n describes it, for pure tests that build node errors or contexts. */
import type { INode } from 'n8n-workflow';

export function stubNode(name = 'Defender', type = 'n8n-nodes-defender-mssp.defender'): INode {
	return { id: 'n', name, type, typeVersion: 1, position: [0, 0], parameters: {} };
}
