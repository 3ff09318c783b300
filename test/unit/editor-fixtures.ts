// Shared by the editor's unit tests: the catalogue as the API serves it (JSON Schemas from the
// model's zod schemas), and a small rule on the canvas.
import { z } from 'zod';
import type { Catalogue } from '../../editor/src/api/types';
import { graphToFlow } from '../../editor/src/graph/convert';
import { ACTIONS } from '../../model/rules/actions';
import { TRIGGERS } from '../../model/rules/triggers';
import type { RuleGraph } from '../../model/rules/graph';

export const catalogue: Catalogue = {
  triggers: Object.values(TRIGGERS).map((t) => ({
    type: t.type, title: t.title, description: t.description, configSchema: z.toJSONSchema(t.config, { io: 'input' }) as Record<string, unknown>, variables: t.variables,
  })),
  actions: ACTIONS.map((a) => ({
    id: a.type, kind: 'action' as const, title: a.title, description: a.description, group: a.group,
    inputSchema: z.toJSONSchema(a.input, { io: 'input' }) as Record<string, unknown>, outputSchema: null, outputs: a.outputs, retry: a.retry,
  })),
  steps: [{
    id: 'lookup_order', kind: 'step', title: 'Look up order', description: 'Finds an order in the shop', group: 'Shop',
    inputSchema: { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] }, outputSchema: null,
    outputs: [{ path: 'status', type: 'string', description: 'Order status' }], retry: { maximumAttempts: 3, initialInterval: '1s' },
  }],
  fields: [],
  operators: [],
};

/** Message received → condition → branch (true: add tag, false: send message). */
export const refundGraph: RuleGraph = {
  nodes: [
    { id: 'trigger_1', kind: 'trigger', trigger: 'message.created', config: { direction: 'in' }, position: { x: 0, y: 0 } },
    { id: 'condition_1', kind: 'condition', all: [{ field: 'message.text', op: 'contains', value: 'reembolso' }], position: { x: 0, y: 120 } },
    { id: 'branch_1', kind: 'branch', all: [{ field: 'businessHours', op: 'inside' }], position: { x: 0, y: 240 } },
    { id: 'action_1', kind: 'action', action: 'add_tag', input: { tag: 'refund', target: 'case' }, position: { x: -150, y: 360 } },
    { id: 'action_2', kind: 'action', action: 'send_message', input: { text: 'Hola', quickReplies: [{ title: 'Sí' }, { title: 'No' }] }, position: { x: 150, y: 360 } },
  ],
  edges: [
    { id: 'e1', source: 'trigger_1', target: 'condition_1' },
    { id: 'e2', source: 'condition_1', target: 'branch_1' },
    { id: 'e3', source: 'branch_1', sourceHandle: 'true', target: 'action_1' },
    { id: 'e4', source: 'branch_1', sourceHandle: 'false', target: 'action_2' },
  ],
};

export const refundFlow = () => graphToFlow(structuredClone(refundGraph));
