// A campaign shares its channel's rate limit with the case replies: every campaign send takes a token
// from the channel's bucket (Connector.rateLimit, the same ChannelThrottle the case activity uses), so
// a campaign on a channel the agents just used waits for the bucket, then goes at the provider's rate;
// a wait longer than MAX_CHANNEL_WAIT_MS ends the batch early and leaves the rest queued (no attempt
// counted). Time is virtual: the test's sleep advances a clock, one timer at a time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboundMessage, RateLimit } from '../../connectors/connector';
import { getConnector } from '../../connectors/registry';
import type { ChannelThrottle } from '../../connectors/shared/rate-limit/channel-throttle';
import { SqlChannelThrottle } from '../../connectors/shared/rate-limit/sql-channel-throttle';
import type { ChannelStore } from '../../engine/channels/channel-store';
import { campaignRecipients, campaigns, contactLists } from '../../engine/db/schema-outreach';
import { MAX_CHANNEL_WAIT_MS, sendBatch } from '../../engine/outreach/campaign-sender';
import { tempDb } from '../support/temp-db';

const START = 1_800_000_000_000;

describe('a campaign and the channel\'s rate limit', () => {
  let t: ReturnType<typeof tempDb>;
  let clock: number;
  let timers: { until: number; resolve: () => void }[];
  let sent: { at: number; to: string }[];
  let heartbeats: number;
  // The channel's buckets as ChannelStore.throttle keeps them: in the test's database.
  const throttle = () => new SqlChannelThrottle(t.db.$client);

  beforeEach(() => {
    t = tempDb();
    clock = START;
    timers = [];
    sent = [];
    heartbeats = 0;
    const now = Date.now();
    t.db.insert(contactLists).values({ id: 'cl_1', accountId: t.accountId, name: 'Customers', status: 'ready', createdAt: now, updatedAt: now }).run();
    t.db.insert(campaigns).values({
      id: 'cmp_1', accountId: t.accountId, name: 'Spring', channelId: t.channelId, listId: 'cl_1',
      message: { content: { type: 'text', text: 'Hi {{name}}, spring sale today', format: 'plain' } }, mode: 'agentless', status: 'sending', createdAt: now, updatedAt: now,
    }).run();
    for (let row = 2; row <= 7; row++) {
      const phone = `+3460000000${row}`;
      t.db.insert(campaignRecipients).values({
        campaignId: 'cmp_1', accountId: t.accountId, channelId: t.channelId, rowNumber: row, name: `Customer ${row}`, identity: phone, identities: { phone }, variables: {},
        status: 'queued', messageId: `cmp_1-r${row}`, updatedAt: now,
      }).run();
    }
  });
  afterEach(() => t.close());

  /** An SMS channel whose provider takes `limit`, recording when each message reaches it. */
  const smsChannel = (limit: RateLimit, shared: ChannelThrottle) => {
    const sms = getConnector('sms')!;
    const connector = { ...sms, rateLimit: limit, send: async (m: OutboundMessage) => { sent.push({ at: clock, to: m.recipient.externalId }); return { providerMessageId: `SM${sent.length}` }; } };
    const found = { row: { id: t.channelId, accountId: t.accountId, type: 'sms', enabled: true }, connector, ctx: { id: t.channelId, accountId: t.accountId, config: {} } };
    return { context: () => found, throttle: shared } as unknown as ChannelStore;
  };

  /** Runs the batch, firing the earliest pending timer whenever every send is waiting. */
  async function run(channels: ChannelStore) {
    let done = false;
    const batch = sendBatch({
      db: t.db, channels, fetch, now: () => clock,
      heartbeat: () => { heartbeats++; },
      sleep: (ms) => new Promise<void>((resolve) => { timers.push({ until: clock + ms, resolve }); }),
    }, { campaignId: 'cmp_1', limit: 100, pacing: { anchorMs: START, sent: 0 }, ratePerSecond: null, window: null }).finally(() => { done = true; });
    while (!done) {
      await new Promise((r) => setImmediate(r));
      if (timers.length) {
        timers.sort((a, b) => a.until - b.until);
        const next = timers.shift()!;
        clock = Math.max(clock, next.until);
        next.resolve();
      }
    }
    return batch;
  }

  it('waits for the bucket the agents\' replies emptied, then sends at the provider\'s rate (the campaign\'s own throttle is off)', async () => {
    const shared = throttle();
    const limit = { perSecond: 2, burst: 2 };
    // Two agent replies on the same channel just took the burst (as the case activity does).
    expect(shared.reserve(t.channelId, limit, 'agent-thread', START).waitMs).toBe(0);
    expect(shared.reserve(t.channelId, limit, 'agent-thread', START).waitMs).toBe(0);

    const result = await run(smsChannel(limit, shared));
    expect(result).toMatchObject({ sent: 6, failed: 0, remaining: 0 });
    expect(sent.map((s) => s.at - START)).toEqual([500, 1000, 1500, 2000, 2500, 3000]);
    expect(new Set(sent.map((s) => s.to)).size).toBe(6);
    // The bucket is the channel's: an agent reply right after the campaign waits behind it.
    expect(shared.reserve(t.channelId, limit, 'agent-thread', clock).waitMs).toBe(500);
  });

  it('a bucket that stays empty longer than the limit ends the batch early; the rest stay queued, no attempt counted', async () => {
    const slow = { perSecond: 0.1, burst: 1 }; // one every 10 s
    const result = await run(smsChannel(slow, throttle()));
    // At 0, 10 s and 20 s; the fourth would wait 30 s > MAX_CHANNEL_WAIT_MS.
    expect(MAX_CHANNEL_WAIT_MS).toBe(20_000);
    expect(sent.map((s) => s.at - START)).toEqual([0, 10_000, 20_000]);
    expect(result).toMatchObject({ sent: 3, remaining: 3, stoppedBy: null });
    const rows = t.db.select().from(campaignRecipients).all();
    expect(rows.filter((r) => r.status === 'queued').map((r) => r.attempts)).toEqual([0, 0, 0]);
    // Long waits heartbeat (every few seconds), so Temporal does not take the batch for dead.
    expect(heartbeats).toBeGreaterThanOrEqual(3 + 20_000 / 4_000);
  });
});
