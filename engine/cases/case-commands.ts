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
import type { ContentMessage } from '../content/model';
import { getCaseRow, type CaseRow } from './case-queries';
import { checkReplyWindow } from './reply-window';

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
  updateRouting(deps.db, row, patch, actorId);
  if (patch.status !== undefined && patch.status !== row.status) await changeStatus(deps, row.accountId, caseId, patch.status, actorId);
}

async function changeStatus(deps: CaseCommandDeps, accountId: string, caseId: string, status: CaseStatus, actorId?: string) {
  const input: CaseWorkflowInput = { caseId, accountId, autoCloseAfterMs: deps.autoCloseAfterMs };
  try {
    // Update-with-start: the workflow may not exist yet when the inbound relay is still queued.
    // Bounded: while Temporal is unreachable the agent gets a 503 in seconds, not after the
    // client's reconnect retries run out.
    await deps.client.connection.withDeadline(Date.now() + STATUS_CHANGE_DEADLINE_MS, () => deps.client.workflow.executeUpdateWithStart(changeStatusUpdate, {
      args: [{ status, actorId }],
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

/** Stores an agent reply and queues it for the case workflow, which delivers it. */
export function queueReply(deps: CaseCommandDeps, accountId: string, caseId: string, reply: ReplyInput, agentId?: string) {
  const row = getCaseRow(deps.db, accountId, caseId);
  if (row.status === 'closed') {
    throw new ParleyError(409, 'case_closed', 'This case is closed, and a closed case is final: the reply was not sent.');
  }
  const now = Date.now();
  const tag = enforceReplyWindow(deps, row, reply, now);
  const messageId = newId('msg', now);
  deps.db.transaction((tx) => {
    tx.insert(messages).values({
      id: messageId, accountId, caseId, channelId: row.channelId, direction: 'out', authorType: 'agent', authorId: agentId ?? null,
      // A reply sent outside the standard window under the human-agent policy carries its tag to the connector.
      content: tag ? { ...reply.content, messagingTag: tag } : reply.content, fallbackText: reply.text, deliveryStatus: 'queued', occurredAt: now, createdAt: now, updatedAt: now,
    }).run();
    for (const a of reply.attachments ?? []) {
      tx.insert(attachments).values({ id: newId('att', now), accountId, messageId, url: a.url, mime: a.mime, name: a.name ?? null, size: a.size ?? null }).run();
    }
    tx.update(cases).set({ updatedAt: now, preview: reply.text.slice(0, 200) }).where(eq(cases.id, caseId)).run();
    tx.insert(dispatchQueue).values({
      accountId, caseId, kind: 'agentReply', payload: { messageId, at: now, agentId }, availableAt: now, createdAt: now,
    }).run();
  });
  deps.wakeDispatcher();
  return { id: messageId, caseId, deliveryStatus: 'queued' as const };
}

/** Refuses a reply the channel would reject; returns the messaging tag the reply needs, if any. */
function enforceReplyWindow(deps: CaseCommandDeps, theCase: CaseRow, reply: ReplyInput, now: number) {
  const channel = deps.channels.context(theCase.channelId);
  if (!channel || !channel.row.enabled) {
    throw new ParleyError(409, 'channel_disabled', 'The case\'s channel is disabled or gone: the reply cannot be sent.');
  }
  const window = channel.connector.replyWindow?.(channel.ctx.config) ?? channel.connector.manifest.capabilities.replyWindow;
  const last = deps.db.select({ at: max(messages.occurredAt) }).from(messages)
    .where(and(eq(messages.caseId, theCase.id), eq(messages.direction, 'in'))).get();
  const verdict = checkReplyWindow(window, {
    channelName: channel.connector.manifest.displayName, lastInboundAt: last?.at ?? null, now, content: reply.content, byHuman: true,
  });
  if (!verdict.allowed) throw new ParleyError(409, 'reply_window_closed', verdict.reason);
  return verdict.tag;
}

/** Writes assignee, skill, priority and tags, recording each actual change in the audit trail. */
function updateRouting(db: Db, row: CaseRow, patch: CasePatch, actorId?: string) {
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
  if (changes.length === 0) return;
  db.transaction((tx) => {
    tx.update(cases).set({ ...fields, updatedAt: now }).where(eq(cases.id, row.id)).run();
    for (const change of changes) {
      tx.insert(caseEvents).values({ accountId: row.accountId, caseId: row.id, ...change, actor: actorId ?? null, at: now }).run();
    }
  });
}
