// The campaign workflow against Temporal's time-skipping test server, with fake activities that
// record when they ran (in workflow time): a campaign started on any day with a sending window of
// Mondays 09:00–10:00 UTC waits durably and sends its first batch exactly when the next window
// opens; one scheduled for a later start time waits for that time, then for the window — days of
// waiting skipped in seconds.
import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTimeSkipping, type TimeSkipping } from '../support/time-skipping';
import type { OutreachActivities } from '../../workflows/outreach/activities';
import { campaignWorkflowId, type SendBatchInput } from '../../workflows/outreach/contract';
import { campaignWorkflow } from '../../workflows/outreach/campaign-workflow';

const workflowsPath = fileURLToPath(new URL('../../workflows/outreach/index.ts', import.meta.url));
const taskQueue = `campaign-window-test-${Date.now()}`;
const DAY = 86_400_000;
const MONDAY_9_TO_10_UTC = { timeZone: 'UTC', days: ['mon' as const], from: '09:00', to: '10:00' };

const calls: { campaignId: string; name: string; at: number }[] = [];
const scheduledAt = () => Context.current().info.scheduledTimestampMs;

const activities: OutreachActivities = {
  async outreachPrepareRecipients(campaignId: string) { calls.push({ campaignId, name: 'prepare', at: scheduledAt() }); return 3; },
  async outreachMirrorCampaign(campaignId: string, state: string) { calls.push({ campaignId, name: `mirror:${state}`, at: scheduledAt() }); },
  async outreachSendBatch(input: SendBatchInput) {
    calls.push({ campaignId: input.campaignId, name: 'sendBatch', at: scheduledAt() });
    return { sent: 3, skipped: 0, failed: 0, remaining: 0, stoppedBy: null };
  },
} as unknown as OutreachActivities;

/** The first Monday 09:00 UTC at or after `t` (computed here, independently of the workflow's code). */
function nextMondayNine(t: number): number {
  const d = new Date(t);
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  for (let i = 0; i < 8; i++) {
    const day = midnight + i * DAY;
    const nine = day + 9 * 3_600_000;
    if (new Date(day).getUTCDay() === 1 && t < nine + 3_600_000) return Math.max(nine, t);
  }
  throw new Error('unreachable');
}

let ts: TimeSkipping;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  ts = await startTimeSkipping({ workflowsPath, taskQueue, activities });
  env = ts.env;
}, 120_000);

afterAll(async () => {
  await ts?.stop();
});

describe('campaign sending windows on durable timers', () => {
  it('waits for the next window and sends when it opens', async () => {
    const campaignId = `cmp_window_${Date.now()}`;
    const handle = await env.client.workflow.start(campaignWorkflow, {
      workflowId: campaignWorkflowId(campaignId), taskQueue, args: [{ campaignId, startAt: null, window: MONDAY_9_TO_10_UTC, throttlePerSecond: null }],
    });
    const started = (await handle.describe()).startTime.getTime();
    expect((await handle.result()).state).toBe('completed');
    const mine = calls.filter((c) => c.campaignId === campaignId);
    const send = mine.find((c) => c.name === 'sendBatch')!;
    const opens = nextMondayNine(started);
    // Sent when the window opened (in workflow time; a little slack for the test server's clock).
    expect(send.at).toBeGreaterThanOrEqual(opens - 1_000);
    expect(send.at).toBeLessThan(opens + 60_000);
    expect(mine.map((c) => c.name)).toContain('mirror:completed');
  });

  it('a later start time is waited for first, then the window', async () => {
    const campaignId = `cmp_start_${Date.now()}`;
    const now = await env.currentTimeMs();
    const startAt = now + 9 * DAY; // past the next Monday: the one after it is the one that counts
    const handle = await env.client.workflow.start(campaignWorkflow, {
      workflowId: campaignWorkflowId(campaignId), taskQueue, args: [{ campaignId, startAt, window: MONDAY_9_TO_10_UTC, throttlePerSecond: null }],
    });
    expect((await handle.result()).state).toBe('completed');
    const send = calls.find((c) => c.campaignId === campaignId && c.name === 'sendBatch')!;
    const opens = nextMondayNine(startAt);
    expect(send.at).toBeGreaterThanOrEqual(opens - 1_000);
    expect(send.at).toBeLessThan(opens + 60_000);
  });
});
