// The backlog sweeper: it nudges the oldest waiting cases of the highest-priority queue first, one
// per free place, stays quiet when nothing changed, and notes capacity freed after wrap-up.
import type { Client } from '@temporalio/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BacklogSweeper } from '../../engine/routing/backlog-sweeper';
import { releaseOnClose, routeCase } from '../../engine/routing/route-case';
import { describeCaseEvent } from '../../engine/cases/timeline-text';
import { addAgent, addCase, addQueue, addSkill } from '../support/routing-fixtures';
import { tempDb } from '../support/temp-db';

let t: ReturnType<typeof tempDb>;
let signals: { workflowId: string; reason: string }[];
let now: number;
const client = {
  workflow: { getHandle: (workflowId: string) => ({ signal: async (_def: unknown, arg: { reason: string }) => { signals.push({ workflowId, reason: arg.reason }); } }) },
} as unknown as Client;

beforeEach(() => {
  t = tempDb();
  signals = [];
  now = Date.now();
  addSkill(t.db, t.accountId, 'billing', 'Billing');
});
afterEach(() => t.close());

const sweeper = () => new BacklogSweeper({ db: t.db, client, now: () => now });
const setStatus = (id: string, status: string) => t.db.$client.prepare('update agent_presence set status = ?, changed_at = ? where user_id = ?').run(status, now, id);

describe('backlog sweeper', () => {
  it('nudges the waiting cases an agent could take now: highest queue priority first, then the oldest, one per free place', async () => {
    addAgent(t.db, t.accountId, 'ana', { skills: { billing: 1 }, capacity: { messaging: 2 }, status: 'away' });
    addQueue(t.db, t.accountId, 'low', { skillId: 'billing', priority: 1, filters: { tags: ['low'] } });
    addQueue(t.db, t.accountId, 'high', { skillId: 'billing', priority: 9, filters: { tags: ['high'] } });
    const oldLow = addCase(t.db, t.accountId, t.channelId, { tags: ['low'] });
    const newHigh = addCase(t.db, t.accountId, t.channelId, { tags: ['high'] });
    const oldHigh = addCase(t.db, t.accountId, t.channelId, { tags: ['high'] });
    routeCase(t.db, oldLow, { reason: 'new', exclude: [] }, now - 3000);
    routeCase(t.db, oldHigh, { reason: 'new', exclude: [] }, now - 2000);
    routeCase(t.db, newHigh, { reason: 'new', exclude: [] }, now - 1000);
    const s = sweeper();
    expect(await s.sweep()).toEqual([]);
    setStatus('ana', 'available');
    expect(await s.sweep()).toEqual([oldHigh, newHigh]);
    expect(signals).toEqual([{ workflowId: `case-${oldHigh}`, reason: 'backlog' }, { workflowId: `case-${newHigh}`, reason: 'backlog' }]);
    // Nothing changed: the next pass does nothing (and does not nudge the same cases again).
    expect(await s.sweep()).toEqual([]);
  });

  it('notes capacity freed after the wrap-up on the case timeline, and that wakes the backlog', async () => {
    addAgent(t.db, t.accountId, 'ana', { skills: { billing: 1 }, capacity: { messaging: 1 } });
    addQueue(t.db, t.accountId, 'q', { skillId: 'billing', wrapUpMs: 120_000, offerTimeoutMs: null });
    const first = addCase(t.db, t.accountId, t.channelId), second = addCase(t.db, t.accountId, t.channelId);
    routeCase(t.db, first, { reason: 'new', exclude: [] }, now);
    routeCase(t.db, second, { reason: 'new', exclude: [] }, now);
    t.db.$client.prepare("update cases set status = 'closed' where id = ?").run(first);
    releaseOnClose(t.db, first, now);
    const s = sweeper();
    expect(await s.sweep()).toEqual([]);
    now += 120_000;
    expect(await s.sweep()).toEqual([second]);
    const events = t.db.$client.prepare("select type, from_value 'from', to_value 'to', actor, detail from case_events where case_id = ? and type = 'routing'").all(first) as any[];
    expect(events.map((e) => describeCaseEvent({ ...e, detail: JSON.parse(e.detail) }))).toEqual(['Capacity freed after 2 min wrap-up']);
  });
});
