// Answer links: email has no buttons, so each option of a reply (buttons, quick replies, list items,
// time slots) becomes a link with a random token, and following it answers as a tap would. The same
// message and option always get the same link (a retried send shows the customer the same mail).
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { fallbackOptions } from '../../model/content/fallback';
import { parseContentMessage, type ContentMessage } from '../../model/content/model';
import type { Db } from '../db/open-database';
import { cases, contactIdentities, messages } from '../db/schema';
import { emailAnswerLinks } from '../db/schema-email';

export type AnswerLink = typeof emailAnswerLinks.$inferSelect;

/** Option id → the link that answers it, for every option of the stored message's content. */
export function answerLinksFor(db: Db, publicUrl: string, messageId: string, content: unknown, now = Date.now()): Record<string, string> {
  const parsed = parseContentMessage(content);
  if (!parsed.ok) return {};
  const links: Record<string, string> = {};
  for (const option of fallbackOptions(parsed.value as ContentMessage)) {
    const existing = db.select({ token: emailAnswerLinks.token }).from(emailAnswerLinks)
      .where(and(eq(emailAnswerLinks.messageId, messageId), eq(emailAnswerLinks.optionId, option.id))).get();
    const token = existing?.token ?? randomBytes(18).toString('base64url');
    if (!existing) db.insert(emailAnswerLinks).values({ token, messageId, optionId: option.id, title: option.title, createdAt: now }).run();
    links[option.id] = `${publicUrl}/a/${token}`;
  }
  return links;
}

export function findAnswerLink(db: Db, token: string): AnswerLink | undefined {
  if (!/^[A-Za-z0-9_-]{20,40}$/.test(token)) return undefined;
  return db.select().from(emailAnswerLinks).where(eq(emailAnswerLinks.token, token)).get();
}

/** Who answers through a link, and where: the reply's channel, thread and the customer's identity on it. */
export function answerLinkTarget(db: Db, link: AnswerLink): { channelId: string; accountId: string; threadId: string; externalId: string } | undefined {
  const row = db.select({ channelId: messages.channelId, accountId: messages.accountId, threadId: cases.threadId, externalId: contactIdentities.externalId })
    .from(messages)
    .innerJoin(cases, eq(cases.id, messages.caseId))
    .innerJoin(contactIdentities, and(eq(contactIdentities.contactId, cases.contactId), eq(contactIdentities.channelId, messages.channelId)))
    .where(eq(messages.id, link.messageId)).get();
  return row ?? undefined;
}
