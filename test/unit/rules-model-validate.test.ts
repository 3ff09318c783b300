// Graph validation: one issue per problem, on the right node and field, with a message a person can act on.
import { describe, expect, it } from 'vitest';
import type { CustomStepCatalogue, StepDescriptor } from '../../model/rules/catalogue';
import type { RuleGraph } from '../../model/rules/graph';
import { validateGraph, type GraphIssue } from '../../model/rules/validate-graph';
import { e, graph, n, p, refundRule } from './rules-model-fixtures';

function issuesOf(g: unknown, opts: Parameters<typeof validateGraph>[1] = {}): GraphIssue[] {
  const r = validateGraph(g, opts);
  return r.ok ? [] : r.issues;
}

/** A valid rule around the nodes under test: trigger → ...nodes (chained) → a final tag action. */
function around(trigger: ReturnType<typeof n.trigger>, ...nodes: ReturnType<typeof n.action>[]): RuleGraph {
  const all = [trigger, ...nodes];
  const hasAction = nodes.some((x) => x.kind === 'action' || x.kind === 'step');
  if (!hasAction) all.push(n.action('final', trigger.kind === 'trigger' && ['api.event', 'schedule'].includes(trigger.trigger) ? 'notify_email' : 'add_tag',
    trigger.kind === 'trigger' && ['api.event', 'schedule'].includes(trigger.trigger) ? { to: 'ops@example.com', subject: 's', body: 'b' } : { tag: 'x' }));
  return graph(all, all.slice(1).map((x, i) => e(all[i].id, x.id)));
}

describe('a valid graph', () => {
  it('passes and comes back parsed, defaults filled in', () => {
    const r = validateGraph({ nodes: [{ id: 't', kind: 'trigger', trigger: 'message.created' }, { id: 'a', kind: 'action', action: 'add_tag', input: { tag: 'x' } }], edges: [{ id: 'e1', source: 't', target: 'a' }] });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.graph.nodes[0]).toEqual({ id: 't', kind: 'trigger', trigger: 'message.created', config: {}, position: { x: 0, y: 0 } });
    expect(issuesOf(refundRule())).toEqual([]);
  });
});

describe('shape', () => {
  it('maps zod paths to the node and the field inside it', () => {
    const issues = issuesOf({
      nodes: [
        { id: 't', kind: 'trigga' },
        { id: 'c', kind: 'condition', all: [{ field: 'message.text', op: 'eq', value: 'x' }] },
        { kind: 'action', action: 'add_tag' },
        { id: 'd', kind: 'delay', duration: '2 hours' },
      ],
      edges: [{ id: 'e', source: 't' }],
    });
    expect(issues).toEqual([
      { nodeId: 't', path: 'kind', message: '"trigga" is not a kind: use one of trigger, condition, branch, switch, delay, action, step' },
      { nodeId: 'c', path: 'all.0.op', message: expect.stringMatching(/^"eq" is not allowed: use one of equals, not_equals, contains/) },
      { nodeId: null, path: 'nodes.2.id', message: 'Required' },
      { nodeId: 'd', path: 'duration', message: 'Duration is a number and a unit: 90s, 15m, 2h, 3d' },
      { nodeId: null, path: 'edges.0.target', message: 'Required' },
    ]);
  });

  it('refuses something that is not a graph, and an oversized one', () => {
    expect(issuesOf(null)).toEqual([{ nodeId: null, path: '', message: 'A rule graph is an object with "nodes" and "edges" lists' }]);
    const huge = { nodes: Array.from({ length: 201 }, (_, i) => ({ id: `a${i}`, kind: 'action', action: 'unassign' })), edges: [] };
    expect(issuesOf(huge)).toEqual([{ nodeId: null, path: 'nodes', message: 'A rule has at most 200 nodes' }]);
  });
});

describe('structure', () => {
  it('needs exactly one trigger', () => {
    expect(issuesOf(graph([n.action('a', 'add_tag', { tag: 'x' })], []))).toEqual([
      { nodeId: null, path: 'nodes', message: 'A rule starts with exactly one trigger: add a trigger node (for example "Message received or sent")' },
    ]);
    expect(issuesOf(graph([n.trigger('t', 'message.created'), n.trigger('t2', 'case.created'), n.action('a', 'add_tag', { tag: 'x' })], [e('t', 'a'), e('t2', 'a')]))).toEqual([
      { nodeId: 't2', path: 'kind', message: 'A rule starts with exactly one trigger, and this rule has 2: keep one and delete the others (or make a second rule)' },
    ]);
  });

  it('refuses duplicate node ids', () => {
    const g = graph([n.trigger('t', 'message.created'), n.action('a', 'add_tag', { tag: 'x' }), n.action('a', 'add_tag', { tag: 'y' })], [e('t', 'a')]);
    expect(issuesOf(g)).toEqual([{ nodeId: 'a', path: 'id', message: 'Another node already has the id "a": give each node its own id' }]);
  });

  it('refuses connections to or from nodes that do not exist', () => {
    const g = graph([n.trigger('t', 'message.created'), n.action('a', 'add_tag', { tag: 'x' })], [e('t', 'a'), e('t', 'ghost'), e('ghost', 'a')]);
    expect(issuesOf(g)).toEqual([
      { nodeId: 't', path: 'edges.1.target', message: 'The connection t-next-ghost leads to "ghost", which is not a node of this rule: delete the connection' },
      { nodeId: null, path: 'edges.2.source', message: 'The connection ghost-next-a starts at "ghost", which is not a node of this rule: delete the connection' },
    ]);
  });

  it('refuses handles the source does not have', () => {
    const g = graph([
      n.trigger('t', 'message.created'), n.branch('b', [p('case.tags', 'contains', 'vip')]), n.switch('s', '{{case.status}}', [{ id: 'open', equals: 'open' }]),
      n.action('a', 'add_tag', { tag: 'x' }),
    ], [e('t', 'b', 'true'), e('t', 'b'), e('b', 's', 'maybe'), e('b', 's', 'true'), e('s', 'a', 'closed'), e('s', 'a', 'default')]);
    expect(issuesOf(g)).toEqual([
      { nodeId: 't', path: 'edges.0.sourceHandle', message: '"t" has no output "true": connect from its single output' },
      { nodeId: 'b', path: 'edges.2.sourceHandle', message: '"b" has no output "maybe": connect from true or false' },
      { nodeId: 's', path: 'edges.4.sourceHandle', message: '"s" has no output "closed": connect from one of its cases (open, default)' },
    ]);
  });

  it('refuses duplicate connections and connections into the trigger', () => {
    const g = graph([n.trigger('t', 'message.created'), { ...n.action('a', 'add_tag', { tag: 'x' }), label: 'Tag it' }], [e('t', 'a'), { ...e('t', 'a'), id: 'again' }, e('a', 't')]);
    expect(issuesOf(g)).toEqual([
      { nodeId: 't', path: 'edges.1', message: '"t" is connected to "Tag it" twice: delete one of the connections' },
      { nodeId: 't', path: 'edges.2.target', message: 'Nothing can lead into the trigger: the rule starts there. Delete the connection from "Tag it"' },
    ]);
  });

  it('refuses cycles, naming the connection that closes the loop', () => {
    const g = graph([n.trigger('t', 'message.created'), n.action('a', 'add_tag', { tag: 'x' }), n.action('b', 'add_tag', { tag: 'y' }), n.action('c', 'add_tag', { tag: 'z' })],
      [e('t', 'a'), e('a', 'b'), e('b', 'c'), e('c', 'a')]);
    expect(issuesOf(g)).toEqual([
      { nodeId: 'c', path: 'edges.3', message: 'Connecting "c" to "a" would loop back to "a": a rule runs forward only. Delete this connection (to repeat something, start a second rule)' },
    ]);
    expect(issuesOf(graph([n.trigger('t', 'message.created'), n.action('a', 'add_tag', { tag: 'x' })], [e('t', 'a'), e('a', 'a')]))[0].message).toContain('would loop back to "a"');
  });

  it('refuses nodes the trigger cannot reach', () => {
    const g = graph([n.trigger('t', 'message.created'), n.action('a', 'add_tag', { tag: 'x' }), n.action('lost', 'add_tag', { tag: 'y' })], [e('t', 'a')]);
    expect(issuesOf(g)).toEqual([{ nodeId: 'lost', path: '', message: '"lost" is not connected to the trigger: it would never run. Connect it or delete it' }]);
  });

  it('needs at least one action or step', () => {
    const g = graph([n.trigger('t', 'message.created'), n.condition('c', [p('message.text', 'contains', 'hi')])], [e('t', 'c')]);
    expect(issuesOf(g)).toEqual([{ nodeId: 't', path: '', message: 'Add at least one action or custom step: without one the rule does nothing' }]);
  });
});

describe('trigger configuration', () => {
  it('checks the config against the trigger\'s schema', () => {
    expect(issuesOf(around(n.trigger('t', 'schedule', { cron: 'every day', timeZone: '' })))).toEqual([
      { nodeId: 't', path: 'config.cron', message: 'Cron has five fields: minute hour day-of-month month day-of-week' },
      { nodeId: 't', path: 'config.timeZone', message: 'Must not be empty' },
    ]);
    expect(issuesOf(around(n.trigger('t', 'message.created', { direction: 'sideways', channelIds: ['ch_1'] })))).toEqual([
      { nodeId: 't', path: 'config.direction', message: '"sideways" is not allowed: use one of in, out, any' },
    ]);
    expect(issuesOf(around(n.trigger('t', 'case.status_changed', { to: ['done'] })))).toEqual([
      { nodeId: 't', path: 'config.to.0', message: '"done" is not allowed: use one of new, open, pending, escalated, resolved, closed' },
    ]);
    expect(issuesOf(around(n.trigger('t', 'api.event', {})))).toEqual([{ nodeId: 't', path: 'config.key', message: 'Required' }]);
  });

  it('checks an API trigger\'s payload schema', () => {
    const t = n.trigger('t', 'api.event', { key: 'order.paid', payloadSchema: { type: 'object', properties: { amount: { type: 'money' }, note: { type: 'string', pattern: 'x' } }, required: ['amount', 'ghost'] } });
    expect(issuesOf(around(t))).toEqual([
      { nodeId: 't', path: 'config.payloadSchema.properties.amount.type', message: '"money" is not a supported type: use string, number, integer, boolean, object, array' },
      { nodeId: 't', path: 'config.payloadSchema.properties.note.pattern', message: '"pattern" is not supported here: use type, properties, required, enum, minimum, maximum, minLength, maxLength, items, additionalProperties' },
      { nodeId: 't', path: 'config.payloadSchema.required.1', message: '"ghost" is required but not described under properties' },
    ]);
    expect(issuesOf(around(n.trigger('t', 'api.event', { key: 'k', payloadSchema: { type: 'array' } })))).toEqual([
      { nodeId: 't', path: 'config.payloadSchema.type', message: 'A payload is a JSON object: set "type" to "object"' },
    ]);
  });
});

describe('actions', () => {
  const t = n.trigger('t', 'message.created');

  it('refuses unknown actions', () => {
    expect(issuesOf(around(t, n.action('a', 'teleport')))).toEqual([{ nodeId: 'a', path: 'action', message: expect.stringMatching(/^Unknown action "teleport": use one of send_message, change_status, add_tag/) }]);
  });

  it('checks input against the action\'s schema, field by field', () => {
    expect(issuesOf(around(t, n.action('b', 'send_message', { text: '', quickReplies: [{ title: 'x'.repeat(30) }], txt: 'hello' })))).toEqual([
      { nodeId: 'b', path: 'input.txt', message: 'Send message has no field "txt": use text, quickReplies, content, subject' },
      { nodeId: 'b', path: 'input.text', message: 'Must not be empty' },
      { nodeId: 'b', path: 'input.quickReplies.0.title', message: 'At most 20 characters' },
    ]);
    expect(issuesOf(around(t, n.action('s', 'change_status', { status: 'done' })))).toEqual([
      { nodeId: 's', path: 'input.status', message: '"done" is not allowed: use one of open, pending, escalated, resolved, closed' },
    ]);
    expect(issuesOf(around(t, n.action('g', 'add_tag', {})))).toEqual([{ nodeId: 'g', path: 'input.tag', message: 'Required' }]);
    expect(issuesOf(around(t, n.action('k', 'set_case_field', { key: '1st', value: 'x' })))).toEqual([
      { nodeId: 'k', path: 'input.key', message: 'Field key: a letter, then letters, digits or _ (max 64)' },
    ]);
  });

  it('accepts {{variables}} in text fields, and a number field given as one variable', () => {
    expect(issuesOf(around(t,
      n.action('f', 'set_case_field', { key: '{{trigger.message.text}}', value: '{{contact.name}}' }),
      n.action('c', 'change_priority', { priority: '{{case.priority}}' }),
      n.action('s', 'change_status', { status: '{{case.customFields.next}}' }),
    ))).toEqual([]);
    expect(issuesOf(around(t, n.action('d', 'change_priority', { priority: 'high {{case.priority}}' })))).toEqual([
      { nodeId: 'd', path: 'input.priority', message: 'Expected a number' },
    ]);
  });

  it('refuses case actions under a trigger without a case', () => {
    const g = around(n.trigger('t', 'api.event', { key: 'k' }), n.action('a', 'add_tag', { tag: 'x' }));
    expect(issuesOf(g)).toEqual([{ nodeId: 'a', path: 'action', message: 'Add tag works on a case, and the trigger "Triggered by API" has none: start the rule from a case or message event, or use Call a URL / Send notification email' }]);
  });
});

describe('custom steps', () => {
  const descriptor: StepDescriptor = {
    id: 'shop.lookup-order', kind: 'step', title: 'Look up order', description: 'Finds an order', group: 'Shop', inputSchema: {}, outputSchema: null,
    outputs: [{ path: 'status', type: 'string', description: 'Order status' }, { path: 'order', type: 'object', description: 'The order' }],
    retry: { maximumAttempts: 3, initialInterval: '1s' },
  };
  const steps: CustomStepCatalogue = {
    list: () => [descriptor],
    get: (id) => (id === descriptor.id ? {
      ...descriptor,
      validateInput: (input: unknown) => {
        const orderId = (input as { orderId?: unknown }).orderId;
        if (orderId === undefined) return [{ path: 'orderId', message: 'Required' }];
        return typeof orderId === 'string' && /^ORD-\d+$/.test(orderId) ? [] : [{ path: 'orderId', message: 'An order id looks like ORD-123' }];
      },
    } : undefined),
  };
  const t = n.trigger('t', 'message.created');

  it('refuses an unknown step when the server\'s catalogue is given, and skips the check without one', () => {
    const g = around(t, n.step('s', 'crm.nothing'));
    expect(issuesOf(g, { steps })).toEqual([{ nodeId: 's', path: 'step', message: 'Unknown step "crm.nothing": no custom step with this id is registered on this server (registered: shop.lookup-order)' }]);
    expect(issuesOf(g)).toEqual([]);
  });

  it('checks the input with the step\'s own schema, accepting {{variables}}', () => {
    expect(issuesOf(around(t, n.step('s', 'shop.lookup-order', { orderId: '42' })), { steps })).toEqual([{ nodeId: 's', path: 'input.orderId', message: 'An order id looks like ORD-123' }]);
    expect(issuesOf(around(t, n.step('s', 'shop.lookup-order', {})), { steps })).toEqual([{ nodeId: 's', path: 'input.orderId', message: 'Required' }]);
    expect(issuesOf(around(t, n.step('s', 'shop.lookup-order', { orderId: '{{case.customFields.order}}' })), { steps })).toEqual([]);
  });

  it('offers its declared outputs downstream', () => {
    const g = around(t, n.step('s', 'shop.lookup-order', { orderId: 'ORD-1' }), n.action('a', 'send_message', { text: '{{steps.s.output.status}} {{steps.s.output.order.total}}' }));
    expect(issuesOf(g, { steps })).toEqual([]);
    const typo = around(t, n.step('s', 'shop.lookup-order', { orderId: 'ORD-1' }), n.action('a', 'send_message', { text: '{{steps.s.output.state}}' }));
    expect(issuesOf(typo, { steps })[0].message).toBe('Unknown variable {{steps.s.output.state}}: available here are {{steps.s.output.status}}, {{steps.s.output.order}}, {{trigger.id}}, {{trigger.type}}, {{trigger.occurredAt}}, {{now}}, …');
    // Without the catalogue the step's outputs are unknown, so any sub-path is let through.
    expect(issuesOf(typo)).toEqual([]);
  });
});

describe('variables', () => {
  it('names an unknown variable and lists what is available here', () => {
    const g = graph([
      n.trigger('t', 'case.status_changed'),
      n.action('a', 'send_message', { text: '{{trigger.message.text}} {{steps.b.output.messageId}} {{steps.a.output.messageId}} {{steps.ghost.output.x}} {{contact.nme}} {{}}' }),
      n.action('b', 'send_message', { text: '{{steps.a.output.nope}} {{steps.a.messageId}} {{steps.a.output.messageId}}' }),
    ], [e('t', 'a'), e('a', 'b')]);
    expect(issuesOf(g)).toEqual([
      { nodeId: 'a', path: 'input.text', message: 'Unknown variable {{trigger.message.text}} (the trigger "Case status changed" does not provide it): available here are {{trigger.id}}, {{trigger.type}}, {{trigger.occurredAt}}, {{trigger.change.from}}, {{trigger.change.to}}, {{now}}, …' },
      { nodeId: 'a', path: 'input.text', message: expect.stringMatching(/^Unknown variable \{\{steps\.b\.output\.messageId\}\} \(node "b" does not run before this one\): available here are /) },
      { nodeId: 'a', path: 'input.text', message: expect.stringMatching(/^Unknown variable \{\{steps\.a\.output\.messageId\}\} \(a node cannot use its own output\): available here are /) },
      { nodeId: 'a', path: 'input.text', message: expect.stringMatching(/^Unknown variable \{\{steps\.ghost\.output\.x\}\} \(there is no node "ghost"\): available here are /) },
      { nodeId: 'a', path: 'input.text', message: 'Unknown variable {{contact.nme}} (the trigger "Case status changed" does not provide it): available here are {{contact.id}}, {{contact.name}}, {{contact.email}}, {{contact.phone}}, {{contact.customFields}}, {{trigger.id}}, …' },
      { nodeId: 'a', path: 'input.text', message: 'Empty variable {{}}: write a name inside, e.g. {{contact.name}}' },
      { nodeId: 'b', path: 'input.text', message: 'Unknown variable {{steps.a.output.nope}}: available here are {{steps.a.output.messageId}}, {{steps.a.output.refused}}, {{steps.a.output.reason}}, {{trigger.id}}, {{trigger.type}}, {{trigger.occurredAt}}, …' },
      { nodeId: 'b', path: 'input.text', message: expect.stringMatching(/^Unknown variable \{\{steps\.a\.messageId\}\} \(outputs are read as steps\.a\.output\.<field>\)/) },
    ]);
  });

  it('reports the path of a variable deep inside an input', () => {
    const g = around(n.trigger('t', 'message.created'), n.action('a', 'send_message', { text: 'Pick one', quickReplies: [{ title: 'ok' }, { title: '{{case.nope}}' }] }));
    expect(issuesOf(g)).toEqual([{ nodeId: 'a', path: 'input.quickReplies.1.title', message: expect.stringContaining('Unknown variable {{case.nope}}') }]);
  });

  it('accepts any sub-path of object variables: custom fields, a payload, a URL\'s response body', () => {
    const g = graph([
      n.trigger('t', 'message.created'),
      n.action('call', 'call_url', { url: 'https://x.example/{{case.customFields.crm_id}}', body: { who: '{{contact.customFields.vip.level}}' } }),
      n.action('a', 'send_message', { text: '{{steps.call.output.body.ticket.id}} {{steps.call.output.status}}' }),
    ], [e('t', 'call'), e('call', 'a')]);
    expect(issuesOf(g)).toEqual([]);
  });

  it('knows the payload fields an API trigger declares, and only those when it closes the object', () => {
    const schema = { type: 'object', properties: { amount: { type: 'number' }, customer: { type: 'object', properties: { email: { type: 'string' } } } } };
    const open = (text: string) => around(n.trigger('t', 'api.event', { key: 'order.paid', payloadSchema: schema }), n.action('m', 'notify_email', { to: 'ops@example.com', subject: 'Paid', body: text }));
    expect(issuesOf(open('{{trigger.payload.amount}} {{trigger.payload.customer.email}} {{trigger.payload.other}}'))).toEqual([]);
    const closed = (text: string) => around(n.trigger('t', 'api.event', { key: 'order.paid', payloadSchema: { ...schema, additionalProperties: false } }), n.action('m', 'notify_email', { to: 'ops@example.com', subject: 'Paid', body: text }));
    expect(issuesOf(closed('{{trigger.payload.amount}}'))).toEqual([]);
    expect(issuesOf(closed('{{trigger.payload.amout}}'))).toEqual([{ nodeId: 'm', path: 'input.body', message: expect.stringMatching(/^Unknown variable \{\{trigger\.payload\.amout\}\} \(the payload schema does not declare it\): available here are \{\{trigger\.payload\}\}, \{\{trigger\.payload\.amount\}\}/) }]);
  });
});

describe('predicates', () => {
  const t = n.trigger('t', 'message.created');
  const one = (pred: ReturnType<typeof p>, trigger = t) => issuesOf(around(trigger, n.condition('c', [pred])));

  it('refuses unknown fields and operators the field does not take', () => {
    expect(one(p('case.colour', 'equals', 'red'))).toEqual([{ nodeId: 'c', path: 'all.0.field', message: expect.stringMatching(/^Unknown field "case.colour": use one of channel.type, /) }]);
    expect(one(p('case.status', 'contains', 'open'))).toEqual([{ nodeId: 'c', path: 'all.0.op', message: 'Case status cannot be tested with "contains": use equals, not_equals, in, not_in' }]);
    expect(one(p('businessHours', 'equals', 'yes'))).toEqual([{ nodeId: 'c', path: 'all.0.op', message: 'Business hours cannot be tested with "equals": use inside, outside' }]);
    expect(one(p('probability', 'greater', 10))[0].path).toBe('all.0.op');
  });

  it('refuses fields the trigger does not provide', () => {
    expect(one(p('message.text', 'contains', 'x'), n.trigger('t', 'case.status_changed'))).toEqual([
      { nodeId: 'c', path: 'all.0.field', message: 'message.text is not available here: the trigger "Case status changed" does not provide it' },
    ]);
    expect(issuesOf(around(n.trigger('t', 'api.event', { key: 'k' }), n.condition('c', [p('case.status', 'equals', 'open')]), n.action('m', 'notify_email', { to: 'a@b.c', subject: 's', body: 'b' })))).toEqual([
      { nodeId: 'c', path: 'all.0.field', message: 'case.status is not available here: the trigger "Triggered by API" does not provide it' },
    ]);
    expect(one(p('trigger.payload.amount', 'greater', 5))[0].message).toMatch(/^trigger\.payload\.amount is not available here/);
    expect(one(p('steps.nope.output.status', 'equals', 200))[0].message).toMatch(/^steps\.nope\.output\.status is not available here: Unknown variable/);
  });

  it('needs a value, of the field\'s type', () => {
    expect(one(p('message.text', 'contains'))).toEqual([{ nodeId: 'c', path: 'all.0.value', message: 'Enter a value' }]);
    expect(one(p('case.tags', 'contains', ''))).toEqual([{ nodeId: 'c', path: 'all.0.value', message: 'Enter a value' }]);
    expect(one(p('case.status', 'equals', 'opne'))).toEqual([{ nodeId: 'c', path: 'all.0.value', message: '"opne" is not a valid case status: use new, open, pending, escalated, resolved, closed' }]);
    expect(one(p('case.status', 'in', ['open', 'shut']))[0].message).toBe('"shut" is not a valid case status: use new, open, pending, escalated, resolved, closed');
    expect(one(p('case.statusAge', 'greater', '2 hours'))).toEqual([{ nodeId: 'c', path: 'all.0.value', message: 'Write a duration: a number and a unit, e.g. 30m, 2h or 3d' }]);
    expect(one(p('probability', 'less', 150))).toEqual([{ nodeId: 'c', path: 'all.0.value', message: 'Write a percentage from 0 to 100 (the share of events that go on)' }]);
    expect(one(p('case.priority', 'greater', 'high'))).toEqual([{ nodeId: 'c', path: 'all.0.value', message: 'Priority is a number: write one, e.g. 50' }]);
    expect(one(p('case.createdAt', 'before', 'yesterday'))).toEqual([{ nodeId: 'c', path: 'all.0.value', message: 'Write a date (2026-01-31 or 2026-01-31T09:00:00Z), a time in ms, or a {{variable}} holding one' }]);
    expect(one(p('case.awaitingReply', 'equals', 'maybe'))).toEqual([{ nodeId: 'c', path: 'all.0.value', message: 'Write true or false' }]);
    expect(one(p('case.priority', 'greater', [1, 2]))).toEqual([{ nodeId: 'c', path: 'all.0.value', message: '"greater" compares with one value, not a list' }]);
  });

  it('accepts valid values, valueless operators and variables', () => {
    for (const pred of [
      p('case.statusAge', 'greater', '2h'), p('case.statusAge', 'less', 3_600_000), p('probability', 'less', '25'), p('businessHours', 'outside'),
      p('contact.email', 'absent'), p('case.priority', 'greater', '{{case.customFields.threshold}}'), p('message.text', 'contains', ['refund', 'reembolso']),
      p('answer', 'equals', 'opt_yes'), p('case.status', 'in', ['open', 'pending']), p('case.customFields.renewal', 'before', '2026-07-01'),
    ]) {
      expect(one(pred), JSON.stringify(pred)).toEqual([]);
    }
  });

  it('refuses unsafe or broken regexes with the reason', () => {
    expect(one(p('message.text', 'matches', '^(\\w+\\s?)+$'))).toEqual([{ nodeId: 'c', path: 'all.0.value', message: expect.stringContaining('exponential time') }]);
    expect(one(p('message.text', 'matches', '(unclosed'))).toEqual([{ nodeId: 'c', path: 'all.0.value', message: 'The pattern does not compile: Unterminated group' }]);
  });

  it('checks variables in predicate values, and delayed conditions the same way', () => {
    expect(one(p('message.text', 'contains', '{{case.nope}}'))).toEqual([{ nodeId: 'c', path: 'all.0.value', message: expect.stringContaining('Unknown variable {{case.nope}}') }]);
    const g = around(t, n.delay('d', '2h', [p('case.status', 'equals', 'open'), p('case.statusAge', 'greater', 'soon')]));
    expect(issuesOf(g)).toEqual([{ nodeId: 'd', path: 'recheck.1.value', message: 'Write a duration: a number and a unit, e.g. 30m, 2h or 3d' }]);
  });

  it('refuses empty conditions and branches', () => {
    expect(issuesOf(around(t, n.condition('c', [])))).toEqual([{ nodeId: 'c', path: 'all', message: 'Add at least one test to "c" (or delete the node)' }]);
  });
});

describe('switches', () => {
  it('needs unique case ids, not "default", and known variables', () => {
    const g = graph([
      n.trigger('t', 'message.answer_received'),
      n.switch('s', '{{trigger.message.answer.optionId}}', [{ id: 'a', equals: 'x' }, { id: 'a', equals: 'y' }, { id: 'default', equals: 'z' }, { id: 'b', equals: '{{case.nope}}' }]),
      n.action('x', 'add_tag', { tag: 'x' }),
    ], [e('t', 's'), e('s', 'x', 'a')]);
    expect(issuesOf(g)).toEqual([
      { nodeId: 's', path: 'cases.1.id', message: 'Two cases have the id "a": give each case its own id' },
      { nodeId: 's', path: 'cases.2.id', message: '"default" is the switch\'s own fallback output: give this case another id' },
      { nodeId: 's', path: 'cases.3.equals', message: expect.stringContaining('Unknown variable {{case.nope}}') },
    ]);
    const wrongTrigger = graph([n.trigger('t', 'message.created'), n.switch('s', '{{trigger.message.answer.optionId}}', [{ id: 'a', equals: 'x' }]), n.action('x', 'add_tag', { tag: 'x' })], [e('t', 's'), e('s', 'x', 'a')]);
    expect(issuesOf(wrongTrigger)).toEqual([{ nodeId: 's', path: 'value', message: expect.stringMatching(/^Unknown variable \{\{trigger\.message\.answer\.optionId\}\} \(the trigger "Message received or sent" does not provide it\)/) }]);
  });
});

describe('speed', () => {
  it('validates a 200-node graph in a few milliseconds', () => {
    const big = graph(
      [n.trigger('t', 'message.created'), ...Array.from({ length: 199 }, (_, i) => n.action(`a${i}`, 'send_message', { text: `Hi {{contact.name}} {{steps.a${Math.max(0, i - 1)}.output.messageId}}` }))],
      Array.from({ length: 199 }, (_, i) => e(i === 0 ? 't' : `a${i - 1}`, `a${i}`)),
    );
    for (let i = 0; i < 20; i++) validateGraph(structuredClone(big));
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const copy = structuredClone(big);
      const started = performance.now();
      const r = validateGraph(copy);
      times.push(performance.now() - started);
      expect(r.ok).toBe(false); // a0 refers to its own output
    }
    times.sort((a, b) => a - b);
    expect(times[10]).toBeLessThan(10);
  });
});
