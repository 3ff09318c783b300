// Agent actions on a case. Status changes go through the case workflow's `changeStatus` Update
// (the workflow owns transitions and refuses illegal ones); routing fields are written directly.
import { WithStartWorkflowOperation, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { and, eq, max } from 'drizzle-orm';
import { caseWorkflowId, type CaseStatus, type CaseWorkflowInput } from '../../workflows/case/contract';
import { changeStatusUpdate } from '../../workflows/case/messages';
import type { Db } from '../db/open-database';
import { attachments, caseEvents, cases, dispatchQueue, messages, users } from '../db/schema';
import { ParleyError } from '../errors';
import { newId } from '../ids';
import type { ChannelStore } from '../channels/channel-store';
import type { ContentMessage } from '../../model/content/model';
import { recordCaseRuleEvent } from '../rules/events/record-event';
import type { EventOrigin } from '../../model/rules/event';
import { getCaseRow, type CaseRow } from './case-queries';
import { checkReplyWindow } from './reply-window';
import { isAgentActor } from './last-activity';
import { isRoutedCase } from '../routing/routing-admin-store';
import { assignRoutedCase, unassignRoutedCase } from '../routing/routing-commands';

export interface CaseCommandDeps {
  db: Db;
  channels: ChannelStore;
  client: Client;
  taskQueue: string;
  autoCloseAfterMs: number;
  /** Nudges the dispatcher after an outbox write. */
  wakeDispatcher: () => void;
}

const STATUS_CHANGE_DEADLINE_MS = 10_000;

/**
 * Who made a change, for the audit trail and for rules: an agent's key/user id, or `rule:<ruleId>`
 * with the run's facts in `detail`; `origin` is set when a rule's action caused the change (rules
 * triggered by it follow the chain, so loops are bounded).
 */
export interface ChangeCause {
  actorId?: string;
  detail?: Record<string, unknown>;
  origin?: EventOrigin;
}

export interface CasePatch {
  status?: CaseStatus;
  assigneeId?: string | null;
  skillId?: string | null;
  priority?: number;
  tags?: string[];
}

export async function patchCase(deps: CaseCommandDeps, accountId: string, caseId: string, patch: CasePatch, actorId?: string) {
  const row = getCaseRow(deps.db, accountId, caseId);
  if (row.status === 'closed') {
    throw new ParleyError(409, 'case_closed', 'This case is closed, and a closed case is final. A new message from the customer opens a new case.');
  }
  if (patch.assigneeId) {
    const assignee = deps.db.select({ id: users.id }).from(users)
      .where(and(eq(users.id, patch.assigneeId), eq(users.accountId, accountId))).get();
    if (!assignee) {
      throw new ParleyError(422, 'unknown_assignee', `No user with id ${patch.assigneeId} in this account.`, [{ path: 'assigneeId', message: 'not a user of this account' }]);
    }
  }
  // A case routing manages changes hands through its workflow (the same path as POST /cases/{id}/assign).
  if (patch.assigneeId !== undefined && patch.assigneeId !== row.assigneeId && isRoutedCase(deps.db, caseId)) {
    if (patch.assigneeId === null) await unassignRoutedCase(deps, accountId, caseId, actorId ?? 'api');
    else await assignRoutedCase(deps, accountId, caseId, patch.assigneeId, actorId ?? 'api');
    patch = { ...patch, assigneeId: undefined };
  }
  updateRouting(deps.db, getCaseRow(deps.db, accountId, caseId), patch, { actorId });
  if (patch.status !== undefined && patch.status !== row.status) await changeStatus(deps, row.accountId, caseId, patch.status, { actorId });
}

/** Moves the case through its workflow's `changeStatus` Update; returns the case state after. */
export async function changeStatus(deps: CaseCommandDeps, accountId: string, caseId: string, status: CaseStatus, cause: ChangeCause = {}) {
  const input: CaseWorkflowInput = { caseId, accountId, autoCloseAfterMs: deps.autoCloseAfterMs };
  const { actorId, detail, origin } = cause;
  try {
    // Update-with-start: the workflow may not exist yet when the inbound relay is still queued.
    // Bounded: while Temporal is unreachable the agent gets a 503 in seconds, not after the
    // client's reconnect retries run out.
    return await deps.client.connection.withDeadline(Date.now() + STATUS_CHANGE_DEADLINE_MS, () => deps.client.workflow.executeUpdateWithStart(changeStatusUpdate, {
      args: [{ status, actorId, ...(detail ? { detail } : {}), ...(origin ? { origin } : {}) }],
      startWorkflowOperation: new WithStartWorkflowOperation('caseWorkflow', {
        workflowId: caseWorkflowId(caseId),
        taskQueue: deps.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    }));
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      const reason = (err.cause as Error | undefined)?.message ?? err.message;
      throw new ParleyError(409, 'illegal_status_transition', reason, [{ path: 'status', message: reason }]);
    }
    throw temporalUnavailable(err);
  }
}

export function temporalUnavailable(err: unknown) {
  if (err instanceof ParleyError) return err;
  return new ParleyError(503, 'temporal_unavailable',
    `The workflow service (Temporal) did not take the change, so the case was not changed; try again shortly. (${(err as Error).message})`);
}

export interface ReplyInput {
  content: ContentMessage;
  text: string;
  attachments?: { url: string; mime: string; name?: string; size?: number }[];
}

/** How a message other than an agent's reply is sent (rules): its author, id and audit entry. */
export interface ReplyOptions {
  /** `system` for rules (author id: the rule); default `agent` (author id: agentId). */
  authorType?: 'agent' | 'system';
  authorId?: string;
  /** Whether a person sends it: only people may use a channel's human-agent window. Default true. */
  byHuman?: boolean;
  /** A caller-chosen id (rules derive it from the run and node, so a retried action can find its message). */
  messageId?: string;
  /** Extra top-level fields on the stored content (e.g. the survey marker). */
  contentExtras?: Record<string, unknown>;
  /** Written to the case's audit trail in the same transaction (a rule's `rule_action`). */
  audit?: { actorId: string; detail: Record<string, unknown> };
  origin?: EventOrigin;
}

/** Stores an agent reply and queues it for the case workflow, which delivers it. */
export function queueReply(deps: CaseCommandDeps, accountId: string, caseId: string, reply: ReplyInput, agentId?: string, opts: ReplyOptions = {}) {
  const row = getCaseRow(deps.db, accountId, caseId);
  if (row.status === 'closed') {
    throw new ParleyError(409, 'case_closed', 'This case is closed, and a closed case is final: the reply was not sent.');
  }
  const now = Date.now();
  const byHuman = opts.byHuman ?? true;
  const tag = enforceReplyWindow(deps, row, reply, now, byHuman);
  const messageId = opts.messageId ?? newId('msg', now);
  const authorId = opts.authorId ?? agentId ?? null;
  deps.db.transaction((tx) => {
    tx.insert(messages).values({
      id: messageId, accountId, caseId, channelId: row.channelId, direction: 'out', authorType: opts.authorType ?? 'agent', authorId,
      // A reply sent outside the standard window under the human-agent policy carries its tag to the connector.
      content: { ...reply.content, ...opts.contentExtras, ...(tag ? { messagingTag: tag } : {}) },
      fallbackText: reply.text, deliveryStatus: 'queued', occurredAt: now, createdAt: now, updatedAt: now,
    }).run();
    for (const a of reply.attachments ?? []) {
      tx.insert(attachments).values({ id: newId('att', now), accountId, messageId, url: a.url, mime: a.mime, name: a.name ?? null, size: a.size ?? null }).run();
    }
    // A reply queued, by an agent or a rule, is activity (engine/cases/last-activity.ts).
    tx.update(cases).set({ updatedAt: now, lastActivityAt: now, preview: reply.text.slice(0, 200) }).where(eq(cases.id, caseId)).run();
    tx.insert(dispatchQueue).values({
      accountId, caseId, kind: 'agentReply', payload: { messageId, at: now, agentId: opts.audit?.actorId ?? agentId }, availableAt: now, createdAt: now,
    }).run();
    if (opts.audit) {
      tx.insert(caseEvents).values({
        accountId, caseId, type: 'rule_action', from: null, to: messageId, actor: opts.audit.actorId, detail: { ...opts.audit.detail, messageId }, at: now,
      }).run();
    }
    recordCaseRuleEvent(deps.db, { type: 'message.created', caseId, messageId, origin: opts.origin }, now);
  });
  deps.wakeDispatcher();
  return { id: messageId, caseId, deliveryStatus: 'queued' as const };
}

/** Refuses a reply the channel would reject; returns the messaging tag the reply needs, if any. */
function enforceReplyWindow(deps: CaseCommandDeps, theCase: CaseRow, reply: ReplyInput, now: number, byHuman: boolean) {
  const channel = deps.channels.context(theCase.channelId);
  if (!channel || !channel.row.enabled) {
    throw new ParleyError(409, 'channel_disabled', 'The case\'s channel is disabled or gone: the reply cannot be sent.');
  }
  const window = channel.connector.replyWindow?.(channel.ctx.config) ?? channel.connector.manifest.capabilities.replyWindow;
  const last = deps.db.select({ at: max(messages.occurredAt) }).from(messages)
    .where(and(eq(messages.caseId, theCase.id), eq(messages.direction, 'in'))).get();
  const channelName = channel.connector.manifest.displayName;
  // An automated message the customer did not ask for needs a channel that allows proactive outbound.
  if (!byHuman && (last?.at ?? null) === null && !channel.connector.manifest.capabilities.proactiveOutbound) {
    throw new ParleyError(409, 'proactive_outbound_not_allowed',
      `${channelName} does not allow messages the customer did not start: the customer has not written in this case.`);
  }
  const verdict = checkReplyWindow(window, { channelName, lastInboundAt: last?.at ?? null, now, content: reply.content, byHuman });
  if (!verdict.allowed) throw new ParleyError(409, 'reply_window_closed', verdict.reason);
  return verdict.tag;
}

/**
 * Writes assignee, skill, priority and tags, recording each actual change in the audit trail (with
 * the cause's actor and detail) and the assignee and skill changes as events rules react to.
 */
export function updateRouting(db: Db, row: CaseRow, patch: CasePatch, cause: ChangeCause = {}) {
  const { actorId, detail, origin } = cause;
  const now = Date.now();
  const changes: { type: 'assignee_changed' | 'skill_changed' | 'priority_changed' | 'tags_changed'; from: string | null; to: string | null }[] = [];
  const fields: Partial<typeof cases.$inferInsert> = {};
  if (patch.assigneeId !== undefined && patch.assigneeId !== row.assigneeId) {
    fields.assigneeId = patch.assigneeId;
    changes.push({ type: 'assignee_changed', from: row.assigneeId, to: patch.assigneeId });
  }
  if (patch.skillId !== undefined && patch.skillId !== row.skillId) {
    fields.skillId = patch.skillId;
    changes.push({ type: 'skill_changed', from: row.skillId, to: patch.skillId });
  }
  if (patch.priority !== undefined && patch.priority !== row.priority) {
    fields.priority = patch.priority;
    changes.push({ type: 'priority_changed', from: String(row.priority), to: String(patch.priority) });
  }
  if (patch.tags !== undefined) {
    const tags = [...new Set(patch.tags)];
    if (JSON.stringify(tags) !== JSON.stringify(row.tags)) {
      fields.tags = tags;
      changes.push({ type: 'tags_changed', from: row.tags.join(','), to: tags.join(',') });
    }
  }
  if (changes.length === 0) return changes;
  db.transaction((tx) => {
    // A person moving the case (assignee or skill) is activity; automation and classification are not.
    const moved = changes.some((c) => c.type === 'assignee_changed' || c.type === 'skill_changed');
    tx.update(cases).set({ ...fields, updatedAt: now, ...(moved && isAgentActor(actorId) ? { lastActivityAt: now } : {}) }).where(eq(cases.id, row.id)).run();
    for (const change of changes) {
      tx.insert(caseEvents).values({ accountId: row.accountId, caseId: row.id, ...change, actor: actorId ?? null, detail: detail ?? null, at: now }).run();
      if (change.type === 'assignee_changed' || change.type === 'skill_changed') {
        recordCaseRuleEvent(db, { type: change.type === 'assignee_changed' ? 'case.assignee_changed' : 'case.skill_changed', caseId: row.id, change: { from: change.from, to: change.to }, origin }, now);
      }
    }
  });
  return changes;
}
