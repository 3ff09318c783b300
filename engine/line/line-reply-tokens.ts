// LINE's reply tokens: remembered from each inbound event (its `raw` webhook event), and handed to
// the next reply in that conversation once — a token works a single time, so reading takes it.
import { and, eq } from 'drizzle-orm';
import type { InboundEvent } from '../../connectors/connector';
import type { LineReplyContext } from '../../connectors/line/send';
import type { Db } from '../db/open-database';
import { cases } from '../db/schema';
import { lineReplyTokens } from '../db/schema-line';

export function rememberLineReplyToken(db: Db, channelId: string, event: InboundEvent, now: number): void {
  if (event.kind === 'receipt') return;
  const replyToken = (event.raw as { replyToken?: unknown } | undefined)?.replyToken;
  if (typeof replyToken !== 'string' || !replyToken) return;
  db.insert(lineReplyTokens).values({ channelId, conversationId: event.threadId, replyToken, receivedAt: now })
    .onConflictDoUpdate({ target: [lineReplyTokens.channelId, lineReplyTokens.conversationId], set: { replyToken, receivedAt: now } }).run();
}

export function takeLineReplyToken(db: Db, caseId: string): LineReplyContext {
  const theCase = db.select({ channelId: cases.channelId, threadId: cases.threadId }).from(cases).where(eq(cases.id, caseId)).get();
  if (!theCase) return {};
  const where = and(eq(lineReplyTokens.channelId, theCase.channelId), eq(lineReplyTokens.conversationId, theCase.threadId));
  const row = db.delete(lineReplyTokens).where(where).returning().get();
  return row ? { replyToken: row.replyToken, receivedAt: row.receivedAt } : {};
}
