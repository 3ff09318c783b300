// Drains the backlog: about once a second it notes capacity freed after wrap-up on the case
// timeline, then looks for waiting cases (highest queue priority, then longest waiting) that an
// available agent with free capacity could take now, and signals `reroute` to their workflows,
// which make the real decision in their own transaction. Two indexed reads when there is nothing to do.
import type { Client } from '@temporalio/client';
import { and, asc, desc, eq, isNull, lte, or, lt } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { caseEvents } from '../db/schema';
import { caseAssignments, caseRouting, routingQueues } from '../db/schema-routing';
import { chooseAgent } from '../../model/routing/choose-agent';
import { matchQueue, requiredSkill } from '../../model/routing/match-queue';
import { formatDuration } from '../../model/routing/reason-text';
import type { AgentLoad } from '../../model/routing/agent';
import { readAgents, readLoads, readQueues, readRoutingCase } from './routing-reads';
import { signalReroute } from './routing-commands';

export interface BacklogSweeperOptions {
  db: Db;
  client: Client;
  intervalMs?: number;
  /** A case nudged less than this long ago is left alone (its workflow is on it). */
  renudgeMs?: number;
  batch?: number;
  log?: (msg: string) => void;
  now?: () => number;
}

export class BacklogSweeper {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private lastSignature = '';
  private lastFullPass = 0;

  constructor(private readonly opts: BacklogSweeperOptions) {}

  start() {
    this.timer = setInterval(() => void this.tick(), this.opts.intervalMs ?? 1000);
    this.timer.unref?.();
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async tick() {
    if (this.running) return;
    this.running = true;
    try {
      await this.sweep();
    } catch (err) {
      this.opts.log?.(`routing sweeper: ${(err as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  /** One pass; returns the case ids it nudged. */
  async sweep(): Promise<string[]> {
    const { db } = this.opts;
    const now = (this.opts.now ?? Date.now)();
    const freed = this.noteFreedCapacity(now);
    // Nothing that could let a waiting case through changed (presence, assignments ending, queues,
    // the backlog itself): skip, with a full pass now and then as a safety net.
    const signature = JSON.stringify(db.$client.prepare(`select
      (select total(changed_at) || ':' || sum(status = 'available') || ':' || max(coalesce(last_assignment_ended_at, 0)) || ':' || count(*) from agent_presence) p,
      (select max(updated_at) || ':' || count(*) from routing_queues) q,
      (select max(updated_at) || ':' || count(*) from case_routing where state = 'waiting') w`).get());
    if (!freed && signature === this.lastSignature && now - this.lastFullPass < 30_000) return [];
    this.lastSignature = signature;
    this.lastFullPass = now;
    const renudge = now - (this.opts.renudgeMs ?? 5000);
    const waiting = db.select().from(caseRouting)
      .where(and(eq(caseRouting.state, 'waiting'), or(isNull(caseRouting.nudgedAt), lt(caseRouting.nudgedAt, renudge))))
      .orderBy(desc(caseRouting.queuePriority), asc(caseRouting.waitingSince)).limit(this.opts.batch ?? 50).all();
    if (waiting.length === 0) return [];
    const nudged: string[] = [];
    const byAccount = new Map<string, typeof waiting>();
    for (const w of waiting) byAccount.set(w.accountId, [...(byAccount.get(w.accountId) ?? []), w]);
    for (const [accountId, rows] of byAccount) {
      const queues = readQueues(db, accountId);
      if (queues.length === 0) continue;
      const agents = readAgents(db, accountId);
      if (!agents.some((a) => a.status === 'available')) continue;
      const loads = readLoads(db, accountId, now);
      for (const w of rows) {
        const found = readRoutingCase(db, w.caseId);
        if (!found) continue;
        const queue = queues.find((q) => q.id === w.forcedQueueId) ?? matchQueue(found.facts, queues).queue;
        if (!queue) continue;
        const choice = chooseAgent({ channelType: found.facts.channelType, skillId: requiredSkill(found.facts, queue), strategy: queue.strategy }, agents, loads, now);
        if ('none' in choice) continue;
        // Count the slot as taken so one free place nudges one case, the oldest first.
        const load: AgentLoad = loads.get(choice.agentId) ?? { byKind: {}, active: 0 };
        loads.set(choice.agentId, { byKind: { ...load.byKind, [choice.reason.kind]: (load.byKind[choice.reason.kind] ?? 0) + 1 }, active: load.active + 1 });
        const agent = agents.find((a) => a.id === choice.agentId)!;
        agents[agents.indexOf(agent)] = { ...agent, lastAssignedAt: now };
        db.update(caseRouting).set({ nudgedAt: now }).where(eq(caseRouting.caseId, w.caseId)).run();
        nudged.push(w.caseId);
      }
    }
    await Promise.all(nudged.map((caseId) => signalReroute(this.opts.client, caseId, { reason: 'backlog' }, this.opts.log)));
    return nudged;
  }

  /** "Capacity freed after 2 min wrap-up" on the timeline of each case whose wrap-up ended. */
  private noteFreedCapacity(now: number): boolean {
    const { db } = this.opts;
    const due = db.select({ a: caseAssignments, wrapUp: routingQueues.wrapUpMs }).from(caseAssignments)
      .leftJoin(routingQueues, eq(routingQueues.id, caseAssignments.queueId))
      .where(and(eq(caseAssignments.state, 'released'), isNull(caseAssignments.freedNotedAt), lte(caseAssignments.capacityFreeAt, now)))
      .limit(100).all();
    if (due.length === 0) return false;
    db.transaction((tx) => {
      for (const { a } of due) {
        const wrapUpMs = (a.capacityFreeAt ?? now) - (a.releasedAt ?? now);
        tx.insert(caseEvents).values({
          accountId: a.accountId, caseId: a.caseId, type: 'routing', from: a.agentId, to: 'capacity_freed', actor: null,
          detail: { routing: 'capacity_freed', agentId: a.agentId, wrapUpMs, text: `Capacity freed after ${formatDuration(wrapUpMs)} wrap-up` }, at: a.capacityFreeAt ?? now,
        }).run();
        tx.update(caseAssignments).set({ freedNotedAt: now }).where(eq(caseAssignments.id, a.id)).run();
      }
    });
    return true;
  }
}
