// Dry-run (nothing executed, variables resolved, sample outputs flowing downstream), the
// variables offered at a node, and the API trigger's payload schema.
import { describe, expect, it } from 'vitest';
import { ACTIONS_BY_TYPE } from '../../model/rules/actions';
import { variablesAt } from '../../model/rules/available-variables';
import { dryRun, placeholderOutput } from '../../model/rules/dry-run';
import { checkPayloadSchema, payloadVariables, validatePayload } from '../../model/rules/payload-schema';
import { caseSnapshot, ctxFor, e, eventOf, graph, HOUR, messageEvent, n, p, refundRule } from './rules-model-fixtures';

describe('dry-run', () => {
  it('lists the actions with resolved inputs and marks them skipped on the path', () => {
    const r = dryRun(refundRule(), ctxFor());
    expect(r.outcome).toBe('completed');
    expect(r.actions.map(({ nodeId, name, input }) => ({ nodeId, name, input }))).toEqual([
      { nodeId: 'tag', name: 'add_tag', input: { tag: 'refund', target: 'case' } },
      { nodeId: 'reply', name: 'send_message', input: { text: 'Hola José Núñez, ¿es sobre el pedido?', quickReplies: [{ title: 'Sí' }, { title: 'No' }] } },
    ]);
    expect(r.path).toEqual([
      { nodeId: 't', outcome: 'matched' },
      { nodeId: 'c', outcome: 'passed', detail: 'message.text contains "reembolso": yes' },
      { nodeId: 'tag', outcome: 'skipped', detail: 'dry-run: not executed' },
      { nodeId: 'reply', outcome: 'skipped', detail: 'dry-run: not executed' },
    ]);
    expect(r.delays).toEqual([]);
    expect(r.error).toBeUndefined();
  });

  it('answers actions with placeholders from their declared outputs, or the samples given', () => {
    const g = graph([
      n.trigger('t', 'message.created'),
      n.action('send', 'send_message', { text: 'Hi' }),
      n.action('call', 'call_url', { url: 'https://crm.example.com/hook' }),
      n.action('note', 'set_case_field', { key: 'trace', value: '{{steps.send.output.messageId}} refused={{steps.send.output.refused}} ticket={{steps.call.output.body.ticket}}' }),
    ], [e('t', 'send'), e('send', 'call'), e('call', 'note')]);
    const placeholders = dryRun(g, ctxFor());
    expect(placeholders.actions.find((a) => a.nodeId === 'send')!.output).toEqual({ messageId: '<messageId>', refused: false, reason: '<reason>' });
    expect(placeholders.actions.find((a) => a.nodeId === 'note')!.input).toEqual({ key: 'trace', value: '<messageId> refused=false ticket=' });
    const sampled = dryRun(g, ctxFor(), { sampleOutputs: { call: { status: 200, body: { ticket: 'T-77' } } } });
    expect(sampled.actions.find((a) => a.nodeId === 'note')!.input.value).toBe('<messageId> refused=false ticket=T-77');
  });

  it('records delays and re-checks their conditions as if the time had passed', () => {
    const g = graph([
      n.trigger('t', 'message.created'),
      n.delay('wait', '2h', [p('case.statusAge', 'greater', '4h')]),
      n.action('esc', 'change_status', { status: 'escalated' }),
    ], [e('t', 'wait'), e('wait', 'esc')]);
    // statusUpdatedAt is 3 h before the event: after 2 h it is 5 h old.
    const r = dryRun(g, ctxFor());
    expect(r.delays).toEqual([{ nodeId: 'wait', ms: 2 * HOUR }]);
    expect(r.path).toContainEqual({ nodeId: 'wait', outcome: 'waited', detail: 'case.statusAge greater "4h": yes (5h)' });
    expect(r.actions.map((a) => a.nodeId)).toEqual(['esc']);
    const fresh = dryRun(g, ctxFor(messageEvent({ case: caseSnapshot({ statusUpdatedAt: messageEvent().occurredAt }) })));
    expect(fresh.path.slice(-1)).toEqual([{ nodeId: 'wait', outcome: 'recheck_failed', detail: 'case.statusAge greater "4h": no (2h)' }]);
    expect(fresh.actions).toEqual([]);
  });

  it('explains an event the trigger ignores, and a failing input', () => {
    const ignored = dryRun(refundRule(), ctxFor(eventOf('case.created')));
    expect(ignored).toEqual({ outcome: 'no_match', path: [{ nodeId: 't', outcome: 'not_matched', detail: 'The rule reacts to message.created; this event is case.created' }], actions: [], delays: [] });
    const g = graph([n.trigger('t', 'message.created'), n.action('r', 'send_message', { text: '{{case.customFields.none}}' })], [e('t', 'r')]);
    expect(dryRun(g, ctxFor())).toMatchObject({ outcome: 'failed', error: 'Node r (Send message): input.text: Must not be empty', actions: [] });
  });

  it('leaves the context it was given untouched', () => {
    const ctx = ctxFor();
    const before = structuredClone(ctx);
    dryRun(refundRule(), ctx);
    expect(ctx).toEqual(before);
  });

  it('builds placeholders for nested output paths', () => {
    expect(placeholderOutput([{ path: 'order.id', type: 'string', description: '' }, { path: 'order.total', type: 'number', description: '' }, { path: 'ok', type: 'boolean', description: '' }]))
      .toEqual({ order: { id: '<order.id>', total: 0 }, ok: false });
    expect(placeholderOutput(ACTIONS_BY_TYPE.get('call_url')!.outputs)).toEqual({ status: 0, body: {} });
  });
});

describe('variables available at a node', () => {
  const g = graph([
    n.trigger('t', 'message.created'),
    n.action('send', 'send_message', { text: 'Hi' }),
    n.branch('b', [p('steps.send.output.refused', 'equals', true)]),
    n.action('mail', 'notify_email', { to: 'ops@example.com', subject: 'Refused', body: '{{steps.send.output.reason}}' }),
    n.action('other', 'add_tag', { tag: 'x' }),
  ], [e('t', 'send'), e('send', 'b'), e('b', 'mail', 'true'), e('t', 'other')]);

  it('offers the trigger\'s variables and the outputs of actions that run before', () => {
    const paths = variablesAt(g, 'mail').map((v) => v.path);
    expect(paths).toEqual(expect.arrayContaining(['trigger.message.text', 'case.id', 'contact.name', 'channel.type', 'now', 'steps.send.output.messageId', 'steps.send.output.refused', 'steps.send.output.reason']));
    expect(paths.some((x) => x.startsWith('steps.other.'))).toBe(false);
    expect(paths.some((x) => x.startsWith('steps.mail.'))).toBe(false);
    expect(variablesAt(g, 'send').some((v) => v.path.startsWith('steps.'))).toBe(false);
  });

  it('adds the declared payload fields for an API trigger', () => {
    const api = graph([
      n.trigger('t', 'api.event', { key: 'order.paid', payloadSchema: { type: 'object', properties: { amount: { type: 'number', description: 'Amount paid' }, tags: { type: 'array', items: { type: 'string' } } } } }),
      n.action('m', 'notify_email', { to: 'a@b.c', subject: 's', body: 'b' }),
    ], [e('t', 'm')]);
    expect(variablesAt(api, 'm')).toEqual(expect.arrayContaining([
      { path: 'trigger.key', type: 'string', description: 'The event key' },
      { path: 'trigger.payload.amount', type: 'number', description: 'Amount paid' },
      { path: 'trigger.payload.tags', type: 'array', description: 'Payload field tags' },
    ]));
    expect(variablesAt(api, 'm').some((v) => v.path.startsWith('case.'))).toBe(false);
  });
});

describe('payload schemas', () => {
  const schema = {
    type: 'object',
    properties: {
      orderId: { type: 'string', minLength: 3, maxLength: 20 },
      amount: { type: 'number', minimum: 0 },
      quantity: { type: 'integer', minimum: 1, maximum: 10 },
      currency: { type: 'string', enum: ['EUR', 'USD'] },
      paid: { type: 'boolean' },
      customer: { type: 'object', properties: { email: { type: 'string' } }, required: ['email'] },
      lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] } },
    },
    required: ['orderId', 'amount'],
  };

  it('accepts a usable object schema', () => {
    expect(checkPayloadSchema(schema)).toEqual([]);
  });

  it('explains what makes a schema unusable', () => {
    expect(checkPayloadSchema('nope')).toEqual([{ path: '', message: 'The payload schema is a JSON Schema object, e.g. { "type": "object", "properties": { … } }' }]);
    expect(checkPayloadSchema({ type: 'object', properties: { a: { type: 'string', minimum: 3 }, b: { type: 'number', minimum: 5, maximum: 1 }, c: {}, 'd-e': { type: 'string' } }, required: 'a' })).toEqual([
      { path: 'properties.a.minimum', message: '"minimum" applies to number or integer fields only' },
      { path: 'properties.b.minimum', message: 'minimum is greater than maximum' },
      { path: 'properties.c.type', message: 'Add a type: string, number, integer, boolean, object, array' },
      { path: 'properties.d-e', message: 'Field name "d-e": use letters, digits or _ (at most 64), so it can be used as {{trigger.payload.d-e}}' },
      { path: 'required', message: 'required is a list of field names' },
    ]);
  });

  it('validates a payload field by field', () => {
    expect(validatePayload(schema, { orderId: 'ORD-1', amount: 10, customer: { email: 'a@b.c' }, lines: [{ sku: 'x' }] })).toEqual([]);
    expect(validatePayload(schema, { orderId: 'O', amount: 'ten', quantity: 1.5, currency: 'GBP', paid: 'yes', customer: {}, lines: [{ sku: 'x' }, {}], extra: 1 })).toEqual([
      { path: 'payload.orderId', message: 'At least 3 characters' },
      { path: 'payload.amount', message: 'Expected a number' },
      { path: 'payload.quantity', message: 'Expected a whole number' },
      { path: 'payload.currency', message: 'Must be one of: "EUR", "USD"' },
      { path: 'payload.paid', message: 'Expected true or false' },
      { path: 'payload.customer.email', message: 'Required' },
      { path: 'payload.lines.1.sku', message: 'Required' },
    ]);
    expect(validatePayload(schema, { amount: -1 })).toEqual([
      { path: 'payload.orderId', message: 'Required' },
      { path: 'payload.amount', message: 'Must be at least 0' },
    ]);
    expect(validatePayload(schema, [])).toEqual([{ path: 'payload', message: 'Expected an object' }]);
    expect(validatePayload({ ...schema, additionalProperties: false }, { orderId: 'ORD-1', amount: 1, extra: 1 })).toEqual([{ path: 'payload.extra', message: 'Not a field of this event: remove it' }]);
  });

  it('turns declared fields into trigger.payload variables', () => {
    expect(payloadVariables(schema).map((v) => `${v.path}:${v.type}`)).toEqual([
      'trigger.payload.orderId:string', 'trigger.payload.amount:number', 'trigger.payload.quantity:number', 'trigger.payload.currency:string',
      'trigger.payload.paid:boolean', 'trigger.payload.customer:object', 'trigger.payload.customer.email:string', 'trigger.payload.lines:array',
    ]);
  });
});
