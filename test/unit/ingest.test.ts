import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { InboundEvent } from '../../connectors/connector';
import { cases, contactIdentities, contacts, dispatchQueue, messages } from '../../engine/db/schema';
import { ingestEvents } from '../../engine/ingest/ingest-events';
import { tempDb } from '../support/temp-db';

const message = (id: string, over: Partial<Extract<InboundEvent, { kind: 'message' }>> = {}): InboundEvent => ({
  kind: 'message', eventId: `byoc:${id}`, providerMessageId: id, threadId: 'thread-1',
  sender: { externalId: 'cust-1', name: 'Ana' }, text: `hello ${id}`, attachments: [], occurredAt: 1_700_000_000_000, ...over,
});

describe('ingest transaction', () => {
  let t: ReturnType<typeof tempDb>;
  beforeEach(() => { t = tempDb(); });
  afterEach(() => t.close());
  const channel = () => ({ id: t.channelId, accountId: t.accountId });

  it('creates contact, case, message and a dispatch record in one go', () => {
    const result = ingestEvents(t.db, channel(), [message('m1', { attachments: [{ url: 'https://x.test/a.png', mime: 'image/png' }] })]);
    expect(result).toMatchObject({ accepted: 1, duplicates: 0 });
    const [theCase] = t.db.select().from(cases).all();
    expect(theCase).toMatchObject({ status: 'new', threadId: 'thread-1', preview: 'hello m1' });
    expect(t.db.select().from(contacts).all()).toHaveLength(1);
    expect(t.db.select().from(contactIdentities).all()[0]).toMatchObject({ externalId: 'cust-1', name: 'Ana' });
    const [stored] = t.db.select().from(messages).all();
    expect(stored).toMatchObject({ direction: 'in', fallbackText: 'hello m1', caseId: theCase.id });
    expect(stored.content).toEqual({ content: { type: 'text', text: 'hello m1', format: 'plain' } });
    expect(t.db.select().from(dispatchQueue).all()[0]).toMatchObject({
      caseId: theCase.id, kind: 'inbound', payload: { messageId: stored.id, at: 1_700_000_000_000 },
    });
  });

  it('drops a provider retry of the same event: one message, one dispatch', () => {
    ingestEvents(t.db, channel(), [message('m1')]);
    const again = ingestEvents(t.db, channel(), [message('m1')]);
    expect(again).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(t.db.select().from(messages).all()).toHaveLength(1);
    expect(t.db.select().from(dispatchQueue).all()).toHaveLength(1);
  });

  it('threads follow-up messages into the open case and keeps one contact per identity', () => {
    ingestEvents(t.db, channel(), [message('m1'), message('m2')]);
    expect(t.db.select().from(cases).all()).toHaveLength(1);
    expect(t.db.select().from(messages).all()).toHaveLength(2);
    ingestEvents(t.db, channel(), [message('m3', { threadId: 'thread-2' })]);
    expect(t.db.select().from(cases).all()).toHaveLength(2);
    expect(t.db.select().from(contacts).all()).toHaveLength(1);
  });

  it('opens a new case when the thread’s case is closed (closed is final)', () => {
    const first = ingestEvents(t.db, channel(), [message('m1')]).caseIds[0];
    t.db.update(cases).set({ status: 'closed' }).where(eq(cases.id, first)).run();
    const second = ingestEvents(t.db, channel(), [message('m2')]).caseIds[0];
    expect(second).not.toBe(first);
    expect(t.db.select().from(cases).where(eq(cases.id, second)).get()!.status).toBe('new');
  });

  it('applies delivery receipts to outbound messages without moving them backwards', () => {
    const caseId = ingestEvents(t.db, channel(), [message('m1')]).caseIds[0];
    const now = Date.now();
    t.db.insert(messages).values({ id: 'msg_out', accountId: t.accountId, caseId, channelId: t.channelId, direction: 'out', authorType: 'agent',
      content: {}, fallbackText: 'hi', deliveryStatus: 'sent', providerMessageId: 'ext-1', occurredAt: now, createdAt: now, updatedAt: now }).run();
    const receipt = (eventId: string, status: 'delivered' | 'read'): InboundEvent => ({ kind: 'receipt', eventId, messageId: 'msg_out', status, occurredAt: now });
    ingestEvents(t.db, channel(), [receipt('r1', 'read')]);
    ingestEvents(t.db, channel(), [receipt('r2', 'delivered')]);
    expect(t.db.select().from(messages).where(eq(messages.id, 'msg_out')).get()!.deliveryStatus).toBe('read');
  });

  it('rolls the whole webhook back when one event fails, so a retry can succeed', () => {
    const bad = { ...message('m2'), sender: { externalId: null as unknown as string } };
    expect(() => ingestEvents(t.db, channel(), [message('m1'), bad])).toThrow();
    expect(t.db.select().from(messages).all()).toHaveLength(0);
    expect(ingestEvents(t.db, channel(), [message('m1')]).accepted).toBe(1);
  });
});
