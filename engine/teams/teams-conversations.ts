// Where a Teams conversation's replies go: the serviceUrl of its latest inbound activity, kept per
// channel and conversation (Bot Framework may move a conversation to another regional endpoint, so
// the newest one wins), and read back as OutboundMessage.context.teams when the case replies.
import { and, eq } from 'drizzle-orm';
import type { InboundEvent } from '../../connectors/connector';
import type { TeamsConversationContext } from '../../connectors/teams';
import type { Db } from '../db/open-database';
import { cases } from '../db/schema';
import { teamsConversations } from '../db/schema-teams';

type Activity = { serviceUrl?: unknown; conversation?: { id?: unknown; tenantId?: unknown } };

/** Records the serviceUrl of an inbound Teams message or card answer (its `raw` activity). */
export function rememberTeamsConversation(db: Db, channelId: string, event: InboundEvent, now: number): void {
  if (event.kind === 'receipt') return;
  const activity = event.raw as Activity | undefined;
  const serviceUrl = activity?.serviceUrl;
  if (typeof serviceUrl !== 'string' || !serviceUrl) return;
  const tenantId = typeof activity?.conversation?.tenantId === 'string' ? activity.conversation.tenantId : null;
  db.insert(teamsConversations).values({ channelId, conversationId: event.threadId, serviceUrl, tenantId, updatedAt: now })
    .onConflictDoUpdate({ target: [teamsConversations.channelId, teamsConversations.conversationId], set: { serviceUrl, tenantId, updatedAt: now } })
    .run();
}

export function teamsReplyContext(db: Db, caseId: string): TeamsConversationContext {
  const theCase = db.select({ channelId: cases.channelId, threadId: cases.threadId }).from(cases).where(eq(cases.id, caseId)).get();
  if (!theCase) return {};
  const row = db.select({ serviceUrl: teamsConversations.serviceUrl }).from(teamsConversations)
    .where(and(eq(teamsConversations.channelId, theCase.channelId), eq(teamsConversations.conversationId, theCase.threadId))).get();
  return row ? { serviceUrl: row.serviceUrl } : {};
}
