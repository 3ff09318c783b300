// Where a Teams conversation's replies go: the serviceUrl of its latest inbound activity, kept per
// channel and conversation (Bot Framework may move a conversation to another regional endpoint, so
// the newest one wins) with the conversation's type, and read back as OutboundMessage.context.teams
// when the case replies.
import { and, eq } from 'drizzle-orm';
import type { InboundEvent } from '../../connectors/connector';
import { canAskFileConsent, type ConsentFile, type TeamsConversationContext } from '../../connectors/teams';
import { storedFileOf } from '../attachments/attachment-store';
import type { Db } from '../db/open-database';
import { attachments, cases } from '../db/schema';
import { teamsConversations } from '../db/schema-teams';

type Activity = { serviceUrl?: unknown; conversation?: { id?: unknown; tenantId?: unknown; conversationType?: unknown } };

/** Records the serviceUrl of an inbound Teams message or card answer (its `raw` activity). */
export function rememberTeamsConversation(db: Db, channelId: string, event: InboundEvent, now: number): void {
  if (event.kind === 'receipt') return;
  const activity = event.raw as Activity | undefined;
  const serviceUrl = activity?.serviceUrl;
  if (typeof serviceUrl !== 'string' || !serviceUrl) return;
  const tenantId = typeof activity?.conversation?.tenantId === 'string' ? activity.conversation.tenantId : null;
  const type = activity?.conversation?.conversationType;
  const conversationType = typeof type === 'string' && type ? type : null;
  db.insert(teamsConversations).values({ channelId, conversationId: event.threadId, serviceUrl, tenantId, conversationType, updatedAt: now })
    .onConflictDoUpdate({
      target: [teamsConversations.channelId, teamsConversations.conversationId],
      set: { serviceUrl, tenantId, ...(conversationType ? { conversationType } : {}), updatedAt: now },
    })
    .run();
}

/**
 * The conversation's serviceUrl and type, and — for a stored message in a personal chat — the files
 * it carries that Parley stores, which go by file consent (connectors/teams/file-consent.ts).
 * `messageId` is absent, or names no stored row, for a campaign send: its files stay links.
 */
export function teamsReplyContext(db: Db, caseId: string, messageId?: string): TeamsConversationContext {
  const theCase = db.select({ accountId: cases.accountId, channelId: cases.channelId, threadId: cases.threadId }).from(cases).where(eq(cases.id, caseId)).get();
  if (!theCase) return {};
  const row = db.select({ serviceUrl: teamsConversations.serviceUrl, conversationType: teamsConversations.conversationType }).from(teamsConversations)
    .where(and(eq(teamsConversations.channelId, theCase.channelId), eq(teamsConversations.conversationId, theCase.threadId))).get();
  if (!row) return {};
  const context: TeamsConversationContext = { serviceUrl: row.serviceUrl, ...(row.conversationType ? { conversationType: row.conversationType } : {}) };
  if (!messageId || !canAskFileConsent(row.conversationType, theCase.threadId)) return context;
  const consentFiles: Record<string, ConsentFile> = {};
  for (const a of db.select().from(attachments).where(eq(attachments.messageId, messageId)).all()) {
    if (!a.url || a.mime.startsWith('image/')) continue;
    const stored = storedFileOf(db, theCase.accountId, a.url);
    if (stored) consentFiles[a.url] = { attachmentId: a.id, name: stored.name, sizeInBytes: stored.size };
  }
  return Object.keys(consentFiles).length > 0 ? { ...context, consentFiles } : context;
}
