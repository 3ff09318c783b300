// The dispatcher's behaviour when Temporal refuses: rows stay, back off, and the outage is logged
// once, not per record; when Temporal answers again the rows go out in order and are deleted.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import type { InboundEvent } from '../../connectors/connector';
import { dispatchQueue } from '../../engine/db/schema';
import { Dispatcher } from '../../engine/ingest/dispatcher';
import { ingestEvents } from '../../engine/ingest/ingest-events';
import { tempDb } from '../support/temp-db';

const message = (id: string, thread: string): InboundEvent => ({
  kind: 'message', eventId: id, providerMessageId: id, threadId: thread, sender: { externalId: `cust-${thread}` },
  text: id, attachments: [], occurredAt: 1_700_000_000_000,
});

/** Stands in for Temporal's client: records signals, or refuses like an unreachable server. */
function fakeTemporal() {
  const signals: { workflowId: string; messageId: string }[] = [];
  let down = true;
  const client = {
    workflow: {
      async signalWithStart(_type: string, opts: { workflowId: string; signalArgs: [{ messageId: string }] }) {
        if (down) throw new Error('14 UNAVAILABLE: tcp connect error');
        signals.push({ workflowId: opts.workflowId, messageId: opts.signalArgs[0].messageId });
      },
    },
  } as unknown as Client;
  return { client, signals, up: () => { down = false; } };
}

describe('dispatcher', () => {
  let t: ReturnType<typeof tempDb>;
  beforeEach(() => { t = tempDb(); });
  afterEach(() => t.close());

  it('keeps records through an outage, logs it once, and relays them in order once Temporal is back', async () => {
    const temporal = fakeTemporal();
    const logs: string[] = [];
    const dispatcher = new Dispatcher({ db: t.db, client: temporal.client, taskQueue: 'q', autoCloseAfterMs: 1000, log: (m) => logs.push(m) });
    const channel = { id: t.channelId, accountId: t.accountId };
    const first = ingestEvents(t.db, channel, [message('m1', 'a'), message('m2', 'a'), message('m3', 'b')]);

    dispatcher.start();
    await new Promise((r) => setTimeout(r, 1500)); // several attempts with backoff
    const waiting = t.db.select().from(dispatchQueue).all();
    expect(waiting).toHaveLength(3);
    expect(waiting.every((r) => r.attempts >= 1 && r.lastError?.includes('UNAVAILABLE'))).toBe(true);
    expect(Math.max(...waiting.map((r) => r.attempts))).toBeGreaterThan(1);
    expect(logs.filter((l) => l.includes('cannot reach Temporal'))).toHaveLength(1);
    expect(logs[0]).toMatch(/3 record\(s\) are stored and wait/);

    temporal.up();
    t.db.update(dispatchQueue).set({ availableAt: 0 }).run(); // skip the backoff wait
    dispatcher.wake();
    for (let i = 0; i < 100 && t.db.select().from(dispatchQueue).all().length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    await dispatcher.stop();

    expect(t.db.select().from(dispatchQueue).all()).toHaveLength(0);
    const [caseA, , caseB] = first.caseIds;
    expect(temporal.signals.filter((s) => s.workflowId === `case-${caseA}`).map((s) => s.messageId)).toEqual(first.messageIds.slice(0, 2));
    expect(temporal.signals.filter((s) => s.workflowId === `case-${caseB}`).map((s) => s.messageId)).toEqual([first.messageIds[2]]);
    expect(logs.at(-1)).toMatch(/reachable again/);
  });
});
