// Routing decisions against a real SQLite file: assignments, backlog, re-offers, wrap-up, the
// timeline's sentences, and the race: several processes routing at once never exceed a capacity
// and never give a case twice.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeCaseEvent } from '../../engine/cases/timeline-text';
import { acceptAssignment, assignCase, releaseOnClose, routeCase } from '../../engine/routing/route-case';
import { readLoads } from '../../engine/routing/routing-reads';
import { addAgent, addCase, addQueue, addSkill, caseAssignee } from '../support/routing-fixtures';
import { tempDb } from '../support/temp-db';

type T = ReturnType<typeof tempDb>;
let t: T;
beforeEach(() => {
  t = tempDb();
  addSkill(t.db, t.accountId, 'billing', 'Billing');
});
afterEach(() => t.close());

const NOW = Date.now();
const MIN = 60_000;
const timeline = (caseId: string) => (t.db.$client.prepare('select type, from_value "from", to_value "to", actor, detail from case_events where case_id = ? order by id').all(caseId) as any[])
  .map((e) => describeCaseEvent({ ...e, detail: e.detail ? JSON.parse(e.detail) : null }));
const route = (caseId: string, now = NOW, extra: Partial<Parameters<typeof routeCase>[2]> = {}) => routeCase(t.db, caseId, { reason: 'new', exclude: [], ...extra }, now);

describe('routeCase', () => {
  it('offers to the longest-idle agent holding the skill and says why on the timeline', () => {
    addAgent(t.db, t.accountId, 'ana', { name: 'Ana Ruiz', skills: { billing: 3 }, changedAt: NOW - 14 * MIN });
    addAgent(t.db, t.accountId, 'luis', { name: 'Luis', skills: { billing: 3 }, changedAt: NOW - 2 * MIN });
    addQueue(t.db, t.accountId, 'Billing desk', { skillId: 'billing' });
    const caseId = addCase(t.db, t.accountId, t.channelId);
    const outcome = route(caseId);
    expect(outcome).toMatchObject({ kind: 'assigned', agentId: 'ana', offerExpiresAt: NOW + 60_000 });
    expect(caseAssignee(t.db, caseId)).toBe('ana');
    expect(timeline(caseId)).toEqual(['Offered to Ana Ruiz — longest idle (14 min), Billing proficiency 3, queue Billing desk']);
    // The case takes the skill it was routed with.
    expect((t.db.$client.prepare('select skill_id s from cases where id = ?').get(caseId) as any).s).toBe('billing');
  });

  it('is idempotent: a retried activity finds its own assignment', () => {
    addAgent(t.db, t.accountId, 'ana', { skills: { billing: 1 } });
    addQueue(t.db, t.accountId, 'q', { skillId: 'billing' });
    const caseId = addCase(t.db, t.accountId, t.channelId);
    const first = route(caseId);
    expect(route(caseId)).toEqual(first);
    expect(t.db.$client.prepare('select count(*) n from case_assignments').get()).toEqual({ n: 1 });
  });

  it('without an available agent the case waits in the backlog, said once', () => {
    addAgent(t.db, t.accountId, 'ana', { skills: { billing: 1 }, status: 'away' });
    addQueue(t.db, t.accountId, 'q', { skillId: 'billing' });
    const caseId = addCase(t.db, t.accountId, t.channelId);
    expect(route(caseId)).toEqual({ kind: 'waiting', queueId: 'q', reason: 'nobody_available' });
    expect(route(caseId, NOW + 1000, { reason: 'backlog' })).toMatchObject({ kind: 'waiting' });
    expect(timeline(caseId)).toEqual(['No agent available for Billing: waiting in backlog of q']);
    // It shows the skill it waits for (Billing agents see it in their inbox).
    expect((t.db.$client.prepare('select skill_id s from cases where id = ?').get(caseId) as any).s).toBe('billing');
    expect(t.db.$client.prepare('select state, queue_id q, waiting_since w from case_routing where case_id = ?').get(caseId)).toEqual({ state: 'waiting', q: 'q', w: NOW });
  });

  it('an account without queues routes nothing and writes nothing on the timeline', () => {
    addAgent(t.db, t.accountId, 'ana', { skills: { billing: 1 } });
    const caseId = addCase(t.db, t.accountId, t.channelId);
    expect(route(caseId)).toEqual({ kind: 'waiting', queueId: null, reason: 'no_queue' });
    expect(timeline(caseId)).toEqual([]);
  });

  it('an expired offer goes to the next agent, excluding the one who let it expire', () => {
    addAgent(t.db, t.accountId, 'ana', { name: 'Ana', skills: { billing: 1 }, changedAt: NOW - 10 * MIN });
    addAgent(t.db, t.accountId, 'luis', { name: 'Luis', skills: { billing: 2 }, changedAt: NOW });
    addQueue(t.db, t.accountId, 'q', { skillId: 'billing' });
    const caseId = addCase(t.db, t.accountId, t.channelId);
    const first = route(caseId);
    if (first.kind !== 'assigned') throw new Error('expected an offer');
    const second = route(caseId, NOW + 60_000, { reason: 'offer_expired', exclude: ['ana'], releaseAssignmentId: first.assignmentId });
    expect(second).toMatchObject({ kind: 'assigned', agentId: 'luis' });
    expect(timeline(caseId)[1]).toBe('Offer to Ana expired after 1 min; offered to Luis — longest idle (1 min), Billing proficiency 2, queue q');
    expect(readLoads(t.db, t.accountId, NOW + 60_000).get('ana')).toBeUndefined();
  });

  it('a case assigned by hand before routing keeps its agent', () => {
    addAgent(t.db, t.accountId, 'ana', { skills: { billing: 1 } });
    addAgent(t.db, t.accountId, 'luis', { skills: {} });
    addQueue(t.db, t.accountId, 'q', { skillId: 'billing' });
    const caseId = addCase(t.db, t.accountId, t.channelId, { assigneeId: 'luis' });
    expect(route(caseId)).toMatchObject({ kind: 'assigned', agentId: 'luis', offerExpiresAt: null });
  });

  it('accept: only the offered agent, once', () => {
    addAgent(t.db, t.accountId, 'ana', { name: 'Ana', skills: { billing: 1 } });
    addQueue(t.db, t.accountId, 'q', { skillId: 'billing' });
    const caseId = addCase(t.db, t.accountId, t.channelId);
    const offer = route(caseId);
    if (offer.kind !== 'assigned') throw new Error('expected an offer');
    expect(acceptAssignment(t.db, caseId, offer.assignmentId, { userId: 'luis' }, NOW + 5000)).toBe(false);
    expect(acceptAssignment(t.db, caseId, offer.assignmentId, { userId: 'ana' }, NOW + 5000)).toBe(true);
    expect(timeline(caseId).at(-1)).toBe('Accepted by Ana after 5 s');
    // Accepting again is harmless for her, and still refused to anyone else.
    expect(acceptAssignment(t.db, caseId, offer.assignmentId, { userId: 'ana' }, NOW + 6000)).toBe(true);
    expect(acceptAssignment(t.db, caseId, offer.assignmentId, { userId: 'luis' }, NOW + 6000)).toBe(false);
    expect(timeline(caseId).filter((l) => l.startsWith('Accepted'))).toHaveLength(1);
  });

  it('closing frees capacity only after the wrap-up', () => {
    addAgent(t.db, t.accountId, 'ana', { skills: { billing: 1 }, capacity: { messaging: 1 } });
    addQueue(t.db, t.accountId, 'q', { skillId: 'billing', wrapUpMs: 2 * MIN, offerTimeoutMs: null });
    const a = addCase(t.db, t.accountId, t.channelId), b = addCase(t.db, t.accountId, t.channelId);
    expect(route(a)).toMatchObject({ kind: 'assigned', agentId: 'ana', offerExpiresAt: null });
    expect(route(b)).toMatchObject({ kind: 'waiting', reason: 'no_capacity' });
    t.db.$client.prepare("update cases set status = 'closed' where id = ?").run(a);
    releaseOnClose(t.db, a, NOW);
    expect(route(b, NOW + MIN, { reason: 'backlog' })).toMatchObject({ kind: 'waiting' });
    expect(route(b, NOW + 2 * MIN, { reason: 'backlog' })).toMatchObject({ kind: 'assigned', agentId: 'ana' });
    expect(timeline(b).at(-1)).toMatch(/^Assigned to ana after 2 min in the backlog — longest idle/);
  });

  it('manual assignment and transfer to a skill', () => {
    addSkill(t.db, t.accountId, 'returns', 'Returns');
    addAgent(t.db, t.accountId, 'ana', { name: 'Ana', skills: { billing: 1 } });
    addAgent(t.db, t.accountId, 'rita', { name: 'Rita', skills: { returns: 4 }, changedAt: NOW + 1000 });
    addQueue(t.db, t.accountId, 'q', { offerTimeoutMs: null });
    const caseId = addCase(t.db, t.accountId, t.channelId, { skillId: 'billing' });
    const first = route(caseId);
    if (first.kind !== 'assigned') throw new Error('expected an assignment');
    const moved = route(caseId, NOW + 1000, { reason: 'transferred', skillId: 'returns', note: 'wants to send it back', actorId: 'marta', exclude: ['ana'], releaseAssignmentId: first.assignmentId });
    expect(moved).toMatchObject({ kind: 'assigned', agentId: 'rita' });
    const again = assignCase(t.db, caseId, { agentId: 'ana', actorId: 'marta', note: 'knows the customer', transfer: true }, NOW + 2000);
    expect(again).toMatchObject({ kind: 'assigned', agentId: 'ana', offerExpiresAt: null });
    expect(timeline(caseId).slice(1)).toEqual([
      'Transferred by marta to skill Returns: wants to send it back',
      'Assigned to Rita — longest idle (0 s), Returns proficiency 4, queue q',
      'Transferred by marta from Rita to Ana: knows the customer',
    ]);
  });
});

describe('a queue named by a rule or a transfer', () => {
  it('routes through that queue whatever its filters say, and keeps it for later re-routes', () => {
    addSkill(t.db, t.accountId, 'vip', 'VIP');
    addAgent(t.db, t.accountId, 'ana', { name: 'Ana', skills: { billing: 1 }, changedAt: NOW });
    addAgent(t.db, t.accountId, 'vera', { name: 'Vera', skills: { vip: 1 }, changedAt: NOW });
    addAgent(t.db, t.accountId, 'vic', { name: 'Vic', skills: { vip: 2 }, changedAt: NOW });
    addQueue(t.db, t.accountId, 'general', { skillId: 'billing' });
    addQueue(t.db, t.accountId, 'VIP desk', { skillId: 'vip', filters: { tags: ['vip'] } });
    const caseId = addCase(t.db, t.accountId, t.channelId);
    const first = route(caseId);
    expect(first).toMatchObject({ agentId: 'ana', queueId: 'general' });
    if (first.kind !== 'assigned') throw new Error('expected an offer');
    const moved = route(caseId, NOW + 1000, { reason: 'transferred', queueId: 'VIP desk', actorId: 'marta', note: 'gold customer', exclude: ['ana'], releaseAssignmentId: first.assignmentId });
    expect(moved).toMatchObject({ agentId: 'vera', queueId: 'VIP desk' });
    expect(timeline(caseId)[1]).toBe('Moved by marta to queue VIP desk: gold customer');
    if (moved.kind !== 'assigned') throw new Error('expected an offer');
    // Vera lets the offer expire: the case stays with the VIP queue, though it carries no vip tag.
    expect(route(caseId, NOW + 70_000, { reason: 'offer_expired', exclude: ['vera'], releaseAssignmentId: moved.assignmentId })).toMatchObject({ agentId: 'vic', queueId: 'VIP desk' });
  });
});

describe('the race: many cases routed at once by several processes', () => {
  it('no agent goes over capacity and no case is assigned twice', async () => {
    const agents = [['a1', 1], ['a2', 2], ['a3', 1], ['a4', 2]] as const;
    for (const [id, cap] of agents) addAgent(t.db, t.accountId, id, { skills: { billing: 1 }, capacity: { messaging: cap } });
    addQueue(t.db, t.accountId, 'q', { skillId: 'billing' });
    const caseIds = Array.from({ length: 40 }, () => addCase(t.db, t.accountId, t.channelId));
    const file = join(t.dir, 'parley.sqlite');
    const child = fileURLToPath(new URL('../support/routing-race-child.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
    const groups = [0, 1, 2, 3].map((g) => caseIds.filter((_, i) => i % 4 === g));
    const procs = groups.map((ids) => spawn(tsx, [child, file, ...ids], { stdio: ['pipe', 'pipe', 'inherit'] }));
    const ready: Promise<void>[] = [];
    const outputs = procs.map((p) => new Promise<string>((resolve, reject) => {
      let out = '';
      let isReady = () => {};
      ready.push(new Promise((r) => { isReady = r; }));
      p.stdout!.on('data', (d) => {
        out += d;
        if (out.startsWith('ready\n')) isReady();
      });
      p.on('exit', (code) => (code === 0 ? resolve(out.slice('ready\n'.length)) : reject(new Error(`child exited ${code}`))));
    }));
    // Every process has opened the database: start them together.
    await Promise.all(ready);
    for (const p of procs) p.stdin!.write('go\n');
    const outcomes = (await Promise.all(outputs)).flatMap((o) => JSON.parse(o) as { kind: string; agentId?: string }[]);
    const assigned = outcomes.filter((o) => o.kind === 'assigned');
    expect(assigned).toHaveLength(6);
    expect(outcomes.filter((o) => o.kind === 'waiting')).toHaveLength(34);
    const rows = t.db.$client.prepare("select agent_id a, count(*) n from case_assignments where state != 'released' group by agent_id order by agent_id").all();
    expect(rows).toEqual([{ a: 'a1', n: 1 }, { a: 'a2', n: 2 }, { a: 'a3', n: 1 }, { a: 'a4', n: 2 }]);
    const perCase = t.db.$client.prepare('select max(n) m from (select count(*) n from case_assignments group by case_id)').get() as { m: number };
    expect(perCase.m).toBe(1);
  }, 60_000);

  it('the partial unique index refuses a second active assignment for one case', () => {
    addAgent(t.db, t.accountId, 'ana', { skills: { billing: 1 } });
    addQueue(t.db, t.accountId, 'q', { skillId: 'billing' });
    const caseId = addCase(t.db, t.accountId, t.channelId);
    route(caseId);
    expect(() => t.db.$client.prepare("insert into case_assignments (id, account_id, case_id, agent_id, kind, state, offered_at, reason) values ('x', ?, ?, 'ana', 'messaging', 'offered', 0, '{}')").run(t.accountId, caseId))
      .toThrow(/UNIQUE/);
  });
});
