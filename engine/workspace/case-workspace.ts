// What the agent workspace shows next to a case's thread (GET /cases/{id}/workspace): the reply
// window stated ahead of time, how each outbound message reached the customer, the internal notes,
// and the names behind every author and actor id.
import { and, eq, max } from 'drizzle-orm';
import type { ChannelStore } from '../channels/channel-store';
import { getCaseRow } from '../cases/case-queries';
import type { Db } from '../db/open-database';
import { caseEvents, messages } from '../db/schema';
import { listNotes } from './case-notes';
import { renderingOf } from './message-rendering';
import { namesOf } from './people';
import { replyWindowState } from './reply-window-state';

/** The moment of the case's last inbound message (the reply window counts from it), or null. */
function lastInboundAt(db: Db, caseId: string): number | null {
  const last = db.select({ at: max(messages.occurredAt) }).from(messages)
    .where(and(eq(messages.caseId, caseId), eq(messages.direction, 'in'))).get();
  return last?.at ?? null;
}

export function caseWorkspace(db: Db, channels: ChannelStore, accountId: string, caseId: string, now = Date.now()) {
  const row = getCaseRow(db, accountId, caseId);
  const channel = channels.context(row.channelId);
  const thread = db.select({ id: messages.id, direction: messages.direction, content: messages.content, rendering: messages.rendering, authorId: messages.authorId }).from(messages)
    .where(eq(messages.caseId, row.id)).all();
  let replyWindow = null;
  if (channel) {
    const window = channel.connector.replyWindow?.(channel.ctx.config) ?? channel.connector.manifest.capabilities.replyWindow;
    replyWindow = {
      ...replyWindowState(window, channel.connector.manifest.displayName, lastInboundAt(db, row.id), now),
      templates: typeof (channel.connector as { listTemplates?: unknown }).listTemplates === 'function',
    };
  }
  const actors = db.select({ actor: caseEvents.actor }).from(caseEvents).where(eq(caseEvents.caseId, row.id)).all().map((e) => e.actor);
  return {
    replyWindow,
    rendering: channel ? renderingOf(channel.row.type, thread) : [],
    notes: listNotes(db, accountId, row.id),
    people: namesOf(db, accountId, [...thread.map((m) => m.authorId), ...actors]),
  };
}
