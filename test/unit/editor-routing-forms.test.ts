// Settings → Routing's queue dialog (form ↔ API body, errors placed on their field) and the case
// header's assignment line ("Offered to Ana — 42 s left", "Waiting in Billing").
import { describe, expect, it } from 'vitest';
import {
  bodyFromForm, describeFilters, describeOffer, emptyQueueForm, fieldOfPath, formFromQueue, plainApiMessage, type Queue,
} from '../../editor/src/settings/routing-queue-form';
import { assignmentLine, type CaseRouting } from '../../editor/src/inbox/assignment-text';

const queue: Queue = {
  id: 'que_1', name: 'Billing', priority: 10,
  filters: { channelTypes: ['whatsapp', 'sms'], channelIds: ['chn_9'], tags: ['vip'], textContains: ['invoice', 'charged twice'], customFields: { plan: 'enterprise', seats: 40 } },
  skillId: 'skl_billing', strategy: 'least_busy', offerTimeoutMs: 45_000, wrapUpMs: 90_000, isFallback: false,
};

describe('queue form ↔ API body', () => {
  it('a queue read into the form and saved again gives the same body (seconds ↔ milliseconds)', () => {
    const form = formFromQueue(queue);
    expect(form.offerTimeoutSeconds).toBe('45');
    expect(form.wrapUpSeconds).toBe('90');
    expect(form.words).toBe('invoice, charged twice');
    expect(form.customFields).toEqual([{ field: 'plan', value: 'enterprise' }, { field: 'seats', value: '40' }]);
    const { body } = bodyFromForm(form);
    expect(body).toEqual({
      name: 'Billing', priority: 10,
      filters: { channelTypes: ['whatsapp', 'sms'], channelIds: ['chn_9'], tags: ['vip'], textContains: ['invoice', 'charged twice'], customFields: { plan: 'enterprise', seats: '40' } },
      skillId: 'skl_billing', strategy: 'least_busy', offerTimeoutMs: 45_000, wrapUpMs: 90_000, isFallback: false,
    });
  });

  it('"assign at once" sends a null offer timeout; the case\'s own skill sends null', () => {
    const { body } = bodyFromForm({ ...emptyQueueForm(), name: ' Returns ', assignAtOnce: true, offerTimeoutSeconds: 'whatever' });
    expect(body).toMatchObject({ name: 'Returns', offerTimeoutMs: null, skillId: null, strategy: 'longest_idle', wrapUpMs: 0, priority: 0 });
    expect(formFromQueue({ ...queue, offerTimeoutMs: null }).assignAtOnce).toBe(true);
  });

  it('tags and words are trimmed, deduplicated, and a leading # dropped; empty custom field rows are ignored', () => {
    const { body } = bodyFromForm({ ...emptyQueueForm(), name: 'VIP', tags: '#vip, vip ,, gold', words: ' refund ,', customFields: [{ field: '', value: '' }, { field: 'tier', value: ' gold ' }] });
    expect(body?.filters).toMatchObject({ tags: ['vip', 'gold'], textContains: ['refund'], customFields: { tier: 'gold' } });
  });

  it('says what is wrong, on the field it belongs to, before calling the API', () => {
    const { body, errors } = bodyFromForm({ ...emptyQueueForm(), name: ' ', priority: '1.5', offerTimeoutSeconds: '0', wrapUpSeconds: '', customFields: [{ field: '', value: 'x' }] });
    expect(body).toBeNull();
    expect(errors.map((e) => e.field)).toEqual(['name', 'priority', 'offerTimeout', 'wrapUp', 'customFields']);
    expect(errors.find((e) => e.field === 'offerTimeout')?.message).toBe('The offer time must be a number from 1 to 86400.');
  });

  it('places API errors by their path and speaks seconds for the timers', () => {
    expect(fieldOfPath('filters.tags.2')).toBe('tags');
    expect(fieldOfPath('filters.textContains')).toBe('words');
    expect(fieldOfPath('offerTimeoutMs')).toBe('offerTimeout');
    expect(fieldOfPath('isFallback')).toBe('isFallback');
    expect(fieldOfPath('')).toBeNull();
    expect(plainApiMessage('offerTimeout', 'Number must be greater than or equal to 1000')).toBe('Number of seconds must be greater than or equal to 1');
    expect(plainApiMessage('name', 'already in use')).toBe('already in use');
  });

  it('describes a queue in one line for the list', () => {
    const names: Record<string, string> = { whatsapp: 'WhatsApp', sms: 'SMS' };
    expect(describeFilters(queue.filters, (t) => names[t] ?? t)).toBe('WhatsApp, SMS · 1 chosen channel · tagged #vip · mentions “invoice” or “charged twice” · plan = enterprise · seats = 40');
    expect(describeFilters({ channelTypes: [], channelIds: [], tags: [], textContains: [], customFields: {} }, String)).toBe('Every case');
    expect(describeOffer(null)).toBe('Assign at once');
    expect(describeOffer(45_000)).toBe('Offer for 45 s');
    expect(describeOffer(120_000)).toBe('Offer for 2 min');
  });
});

describe('the case header\'s assignment line', () => {
  const names: Record<string, string> = { usr_ana: 'Ana Ruiz', usr_bo: 'Bo Chen' };
  const name = (id: string) => names[id] ?? null;
  const queueName = (id: string) => (id === 'que_1' ? 'Billing' : null);
  const now = Date.parse('2026-11-27T10:00:00Z');
  const base: CaseRouting = { state: 'unrouted', queueId: null, waitingSince: null, waitReason: null, assignment: null };

  it('an offer counts down the seconds left', () => {
    const routing: CaseRouting = { ...base, state: 'assigned', queueId: 'que_1', assignment: { id: 'asg', agentId: 'usr_ana', state: 'offered', offeredAt: '2026-11-27T09:59:48Z', offerExpiresAt: '2026-11-27T10:00:42Z', acceptedAt: null } };
    expect(assignmentLine(routing, null, name, queueName, now)).toMatchObject({ tone: 'offered', text: 'Offered to Ana Ruiz — 42 s left', agentId: 'usr_ana' });
    expect(assignmentLine(routing, null, name, queueName, now + 60_000).text).toBe('Offered to Ana Ruiz — 0 s left');
  });

  it('an accepted case names its assignee', () => {
    const routing: CaseRouting = { ...base, state: 'assigned', assignment: { id: 'asg', agentId: 'usr_bo', state: 'accepted', offeredAt: '2026-11-27T09:00:00Z', offerExpiresAt: null, acceptedAt: '2026-11-27T09:00:05Z' } };
    expect(assignmentLine(routing, 'usr_bo', name, queueName, now)).toMatchObject({ tone: 'assigned', text: 'Bo Chen' });
  });

  it('a waiting case names its queue, how long it has waited and why', () => {
    const routing: CaseRouting = { ...base, state: 'waiting', queueId: 'que_1', waitingSince: '2026-11-27T09:57:00Z', waitReason: 'nobody_available' };
    expect(assignmentLine(routing, null, name, queueName, now)).toMatchObject({ tone: 'waiting', text: 'Waiting in Billing for 3 min', detail: 'nobody is available' });
    expect(assignmentLine({ ...routing, queueId: null, waitReason: 'no_capacity' }, null, name, queueName, now)).toMatchObject({ text: 'Waiting for an agent for 3 min', detail: 'everyone is at capacity' });
    // No queue takes it (an account without queues): nobody is looking for an agent, so it is just unassigned.
    expect(assignmentLine({ ...routing, queueId: null, waitReason: 'no_queue' }, null, name, queueName, now)).toMatchObject({ tone: 'none', text: 'Unassigned' });
  });

  it('without routing, an unassigned case says so', () => {
    expect(assignmentLine(base, null, name, queueName, now)).toMatchObject({ tone: 'none', text: 'Unassigned' });
    expect(assignmentLine(null, 'usr_ana', name, queueName, now).text).toBe('Ana Ruiz');
  });
});
