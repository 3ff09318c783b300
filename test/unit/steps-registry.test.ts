import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RuleEvent } from '../../model/rules/event';
import { defineStep, nonRetryable } from '../../engine/steps/define-step';
import { createStepRegistry, DEFAULT_STEP_RETRY } from '../../engine/steps/step-registry';
import settings from '../../temporal.config';
import { resolveConfig } from '../../engine/config/resolve-config';
import { createTicket } from '../../steps/create-ticket';
import { lookupOrder } from '../../steps/lookup-order';

const event: RuleEvent = { id: 'evt_1', type: 'message.created', accountId: 'acc_1', occurredAt: 1_700_000_000_000 };
const runInfo = { runId: 'rule-run-r1-evt_1', ruleId: 'r1', accountId: 'acc_1', nodeId: 'lookup', event };

const echo = defineStep({
  id: 'test.echo',
  title: 'Echo',
  description: 'Returns what it got',
  input: z.object({ text: z.string().min(1).describe('Text to echo'), times: z.number().int().min(1).default(1).describe('How often') }),
  output: z.object({
    text: z.string().describe('The echoed text'),
    customer: z.object({ name: z.string().nullable().describe('Customer name'), vip: z.boolean().describe('VIP') }).describe('Who asked'),
  }),
  async run({ text, times }, ctx) {
    return { text: text.repeat(times), customer: { name: ctx.runId, vip: false } };
  },
});

describe('custom step registry: the catalogue', () => {
  const registry = createStepRegistry([lookupOrder, createTicket, echo]);

  it('describes each step for the palette with its group and the default retry', () => {
    expect(registry.list().map((d) => [d.id, d.kind, d.group, d.title])).toEqual([
      ['shop.lookup-order', 'step', 'Shop', 'Look up order'],
      ['tickets.create', 'step', 'Help desk', 'Create ticket'],
      ['test.echo', 'step', 'Custom', 'Echo'],
    ]);
    expect(registry.get('test.echo')!.retry).toEqual(DEFAULT_STEP_RETRY);
    expect(DEFAULT_STEP_RETRY).toEqual({ maximumAttempts: 3, initialInterval: '1s', backoffCoefficient: 2 });
    expect(registry.get('tickets.create')!.retry.maximumAttempts).toBe(5);
    expect(registry.get('nope')).toBeUndefined();
    expect(registry.definitions()).toEqual([lookupOrder, createTicket, echo]);
    // list() is plain data the API can serve
    expect(JSON.parse(JSON.stringify(registry.list()))).toEqual(registry.list());
  });

  it('generates the input form schema from zod, with descriptions and the input view of defaults', () => {
    const schema = registry.get('shop.lookup-order')!.inputSchema as any;
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties)).toEqual(['shopUrl', 'orderId', 'apiKeyHeader']);
    expect(schema.required).toEqual(['shopUrl', 'orderId']);
    expect(schema.properties.orderId.description).toMatch(/variables/);
    expect(schema.properties.shopUrl.format).toBe('uri');

    const ticket = registry.get('tickets.create')!.inputSchema as any;
    expect(ticket.properties.priority).toMatchObject({ enum: ['low', 'normal', 'high'], default: 'normal' });
    expect(ticket.required).not.toContain('priority');
    expect(ticket.properties.requester.format).toBe('email');
  });

  it('turns the output object into variables, nested fields included', () => {
    expect(registry.get('shop.lookup-order')!.outputs).toEqual([
      { path: 'found', type: 'boolean', description: 'Whether the shop knows the order' },
      { path: 'status', type: 'string', description: 'Order status, e.g. shipped' },
      { path: 'total', type: 'number', description: 'Order total' },
      { path: 'currency', type: 'string', description: 'Currency of the total, e.g. EUR' },
      { path: 'trackingUrl', type: 'string', description: 'Parcel tracking link' },
      { path: 'items', type: 'array', description: 'Ordered items' },
    ]);
    expect(registry.get('test.echo')!.outputs).toEqual([
      { path: 'text', type: 'string', description: 'The echoed text' },
      { path: 'customer', type: 'object', description: 'Who asked' },
      { path: 'customer.name', type: 'string', description: 'Customer name' },
      { path: 'customer.vip', type: 'boolean', description: 'VIP' },
    ]);
    expect((registry.get('test.echo')!.outputSchema as any).required).toEqual(['text', 'customer']);
  });

  it('accepts {{templates}} at save time where the value only exists when the rule runs', () => {
    const ticket = registry.get('tickets.create')!;
    expect(ticket.validateInput!({
      apiUrl: 'https://desk.example.com', title: 'Order {{trigger.message.text}}', description: '{{trigger.message.text}}',
      priority: '{{case.customFields.urgency}}', requester: '{{contact.email}}',
    })).toEqual([]);
    expect(registry.get('shop.lookup-order')!.validateInput!({ shopUrl: 'https://shop.example.com/api', orderId: '{{case.customFields.orderId}}' })).toEqual([]);
  });

  it('reports real problems with their field paths', () => {
    const ticket = registry.get('tickets.create')!;
    const issues = ticket.validateInput!({ apiUrl: 'not a url', title: '', description: 'x', priority: 'urgent', requester: 'bob' });
    expect(issues.map((i) => i.path).sort()).toEqual(['apiUrl', 'priority', 'requester', 'title']);
    expect(issues.find((i) => i.path === 'priority')!.message).toMatch(/low|normal|high/);

    const missing = registry.get('shop.lookup-order')!.validateInput!({ orderId: '42' });
    expect(missing).toEqual([{ path: 'shopUrl', message: 'Required' }]);
  });
});

describe('custom step registry: start-up checks', () => {
  it('refuses two steps with one id, naming both', () => {
    const twin = defineStep({ ...echo, title: 'Echo again' });
    expect(() => createStepRegistry([echo, twin])).toThrow('Two custom steps use the id "test.echo" ("Echo" and "Echo again")');
  });

  it('refuses ids that are malformed or belong to a built-in action', () => {
    expect(() => defineStep({ ...echo, id: 'Shop.Lookup' })).toThrow(/lowercase letters, digits, dots and dashes/);
    expect(() => defineStep({ ...echo, id: 'shop..lookup' })).toThrow(/invalid/);
    expect(() => defineStep({ ...echo, id: 'unassign' })).toThrow('Step id "unassign" is the id of a built-in action');
  });

  it('refuses a steps entry that is not a defined step (a broken import)', () => {
    expect(() => createStepRegistry([echo, undefined as any])).toThrow('steps[1] in temporal.config.ts is not a step made with defineStep (got undefined)');
  });

  it('lists both example steps in temporal.config.ts by default', () => {
    const config = resolveConfig(settings, {});
    expect(config.steps.map((s) => s.id)).toEqual(['shop.lookup-order', 'tickets.create']);
    expect(createStepRegistry(config.steps).list()).toHaveLength(2);
  });
});

describe('custom step registry: running a step', () => {
  const thrown = async (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a failure'); }, (err: unknown) => err);

  it('parses the input (defaults applied), runs the step and checks its output', async () => {
    const registry = createStepRegistry([echo]);
    expect(await registry.run('test.echo', { text: 'ab' }, runInfo)).toEqual({ text: 'ab', customer: { name: 'rule-run-r1-evt_1', vip: false } });
    expect(await registry.run('test.echo', { text: 'ab', times: 2 }, runInfo)).toMatchObject({ text: 'abab' });
  });

  it('fails without retries when the input does not match, naming the fields', async () => {
    const err = await thrown(createStepRegistry([echo]).run('test.echo', { times: 0 }, runInfo));
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ nonRetryable: true, type: 'StepInputInvalid' });
    expect((err as Error).message).toContain('Step "test.echo" got an input that does not match its schema: text: Required; times:');
  });

  it('fails without retries when the step returns the wrong shape, saying what was wrong', async () => {
    const sloppy = defineStep({
      id: 'test.sloppy', title: 'Sloppy', description: '', input: z.object({}), output: z.object({ total: z.number() }),
      async run() { return { total: '12.50' } as any; },
    });
    const err = await thrown(createStepRegistry([sloppy]).run('test.sloppy', {}, runInfo));
    expect(err).toMatchObject({ nonRetryable: true, type: 'StepOutputInvalid' });
    expect((err as Error).message).toMatch(/^Step "test.sloppy" returned an output that does not match its output schema: total: .*expected number.*Fix the step's run\(\)/);
  });

  it('lets a thrown error through so the retry policy applies, and a nonRetryable() one stops retries', async () => {
    let calls = 0;
    const flaky = defineStep({
      id: 'test.flaky', title: 'Flaky', description: '', input: z.object({ permanent: z.boolean() }), output: z.object({}),
      async run({ permanent }) {
        calls += 1;
        if (permanent) throw nonRetryable('The other system refused the key');
        throw new Error('503 from upstream');
      },
    });
    const registry = createStepRegistry([flaky]);
    const transient = await thrown(registry.run('test.flaky', { permanent: false }, runInfo));
    expect(transient).not.toBeInstanceOf(ApplicationFailure);
    expect((transient as Error).message).toBe('503 from upstream');
    expect(await thrown(registry.run('test.flaky', { permanent: true }, runInfo))).toMatchObject({ nonRetryable: true, message: 'The other system refused the key' });
    expect(calls).toBe(2);
  });

  it('refuses an unknown step id without retries', async () => {
    const err = await thrown(createStepRegistry([]).run('shop.lookup-order', {}, runInfo));
    expect(err).toMatchObject({ nonRetryable: true, type: 'StepUnknown' });
    expect((err as Error).message).toContain('list it under steps in temporal.config.ts');
  });

  it('gives the step its run, node, event, attempt and a live signal; inside an activity they come from the activity', async () => {
    const seen: unknown[] = [];
    const probe = defineStep({
      id: 'test.probe', title: 'Probe', description: '', input: z.object({}), output: z.object({}),
      async run(_input, ctx) {
        seen.push({ runId: ctx.runId, ruleId: ctx.ruleId, accountId: ctx.accountId, nodeId: ctx.nodeId, eventId: ctx.event.id, attempt: ctx.attempt, aborted: ctx.signal.aborted });
        return {};
      },
    });
    const registry = createStepRegistry([probe]);
    await registry.run('test.probe', {}, runInfo);
    expect(seen[0]).toEqual({ runId: 'rule-run-r1-evt_1', ruleId: 'r1', accountId: 'acc_1', nodeId: 'lookup', eventId: 'evt_1', attempt: 1, aborted: false });

    const env = new MockActivityEnvironment({ attempt: 3 });
    await env.run(() => registry.run('test.probe', {}, runInfo));
    expect(seen[1]).toMatchObject({ attempt: 3, aborted: false });
  });

  it('aborts ctx.signal when the activity is cancelled', async () => {
    const waits = defineStep({
      id: 'test.waits', title: 'Waits', description: '', input: z.object({}), output: z.object({ aborted: z.boolean() }),
      run: (_input, ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve({ aborted: true }))),
    });
    const env = new MockActivityEnvironment();
    const running = env.run(() => createStepRegistry([waits]).run('test.waits', {}, runInfo));
    setTimeout(() => env.cancel(), 20);
    expect(await running).toEqual({ aborted: true });
  });
});
