// What outreach does with each inbound customer message, called once from the ingest transaction
// (engine/ingest/ingest-events.ts, storeMessage): an opt-out keyword puts the sender on the
// channel's do-not-contact list and queues the acknowledgement into the case; a reply to a campaign
// marks its recipient `replied`, and in `skill` mode routes the case to the campaign's skill.
import { and, desc, eq, inArray } from 'drizzle-orm';
import { updateRouting } from '../cases/case-commands';
import type { Db } from '../db/open-database';
import { caseEvents, cases, dispatchQueue, messages } from '../db/schema';
import { campaignRecipients, campaigns } from '../db/schema-outreach';
import { newId } from '../ids';
import { addDoNotContact } from './do-not-contact-store';
import { getOutreachSettings } from './outreach-settings-store';

export interface InboundFacts {
  channel: { id: string; accountId: string };
  sender: { externalId: string };
  caseId: string;
  /** Whether the inbound message opened the case. */
  created: boolean;
  text: string;
  now: number;
}

/** Upper case, accents and surrounding punctuation removed, inner spaces collapsed. */
export const normalizeKeyword = (text: string) =>
  text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toUpperCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** The keyword the message is (the whole message, not a word inside it), or null. */
export function matchStopKeyword(text: string, keywords: readonly string[]): string | null {
  const said = normalizeKeyword(text);
  if (!said || said.length > 40) return null;
  return keywords.find((k) => normalizeKeyword(k) === said) ?? null;
}

export function onInboundMessage(db: Db, facts: InboundFacts): void {
  const keyword = matchStopKeyword(facts.text, getOutreachSettings(db, facts.channel.accountId).stopKeywords);
  recordCampaignReply(db, facts, keyword);
  if (keyword) optOut(db, facts, keyword);
}

function optOut(db: Db, facts: InboundFacts, keyword: string) {
  const { channel, caseId, now } = facts;
  addDoNotContact(db, { accountId: channel.accountId, channelId: channel.id, identity: facts.sender.externalId, source: 'keyword', note: keyword }, now);
  const reply = getOutreachSettings(db, channel.accountId).stopReply;
  const messageId = newId('msg', now);
  // Queued like an agent's reply (same transaction as the inbound message): the case workflow delivers it.
  db.insert(messages).values({
    id: messageId, accountId: channel.accountId, caseId, channelId: channel.id, direction: 'out', authorType: 'system', authorId: 'outreach:opt-out',
    content: { content: { type: 'text', text: reply, format: 'plain' } }, fallbackText: reply, deliveryStatus: 'queued',
    occurredAt: now, createdAt: now, updatedAt: now,
  }).run();
  db.insert(dispatchQueue).values({
    accountId: channel.accountId, caseId, kind: 'agentReply', payload: { messageId, at: now, agentId: 'outreach:opt-out' }, availableAt: now, createdAt: now,
  }).run();
  db.insert(caseEvents).values({
    accountId: channel.accountId, caseId, type: 'campaign_opted_out', from: null, to: keyword, actor: 'customer', detail: { identity: facts.sender.externalId, messageId }, at: now,
  }).run();
}

function recordCampaignReply(db: Db, facts: InboundFacts, keyword: string | null) {
  const { channel, caseId, now } = facts;
  const recipient = db.select({ id: campaignRecipients.id, campaignId: campaignRecipients.campaignId }).from(campaignRecipients)
    .where(and(
      eq(campaignRecipients.channelId, channel.id), eq(campaignRecipients.identity, facts.sender.externalId),
      inArray(campaignRecipients.status, ['sent', 'delivered', 'read']),
    ))
    .orderBy(desc(campaignRecipients.sentAt)).limit(1).get();
  if (!recipient) return;
  const campaign = db.select().from(campaigns).where(eq(campaigns.id, recipient.campaignId)).get();
  if (!campaign) return;
  db.update(campaignRecipients).set({ status: 'replied', reason: keyword ? `opted out (${keyword})` : null, caseId, updatedAt: now })
    .where(eq(campaignRecipients.id, recipient.id)).run();
  const detail = { campaignId: campaign.id, campaignName: campaign.name, mode: campaign.mode };
  db.insert(caseEvents).values({
    accountId: channel.accountId, caseId, type: 'campaign_replied', from: null, to: campaign.id, actor: 'customer', detail, at: now,
  }).run();
  if (campaign.mode !== 'skill' || !campaign.skillId) return;
  const row = db.select().from(cases).where(eq(cases.id, caseId)).get();
  // Only a case the reply opened (or one nobody routed yet): an agent's routing is not overridden.
  if (row && (facts.created || row.skillId === null)) {
    updateRouting(db, row, { skillId: campaign.skillId }, { actorId: `campaign:${campaign.id}`, detail });
  }
}

const RECIPIENT_RANK: Record<string, number> = { queued: 0, sending: 0, sent: 1, delivered: 2, read: 3, replied: 4, failed: 1, skipped: 9 };

/** A delivery receipt for a campaign message (its id is the recipient's message id): never moves a recipient back. */
export function applyCampaignReceipt(db: Db, channel: { id: string }, event: { messageId?: string; providerMessageId?: string; status: 'delivered' | 'read' | 'failed'; reason?: string }, now: number) {
  const match = event.messageId ? eq(campaignRecipients.messageId, event.messageId)
    : event.providerMessageId ? eq(campaignRecipients.providerMessageId, event.providerMessageId) : undefined;
  if (!match) return;
  const target = db.select({ id: campaignRecipients.id, status: campaignRecipients.status }).from(campaignRecipients)
    .where(and(eq(campaignRecipients.channelId, channel.id), match)).get();
  if (!target || target.status === 'skipped' || target.status === 'queued' || target.status === 'sending') return;
  if (event.status === 'failed') {
    if (target.status !== 'sent') return;
  } else if (RECIPIENT_RANK[event.status] <= RECIPIENT_RANK[target.status]) return;
  db.update(campaignRecipients)
    .set({ status: event.status, reason: event.status === 'failed' ? (event.reason ?? 'reported failed by the channel') : null, updatedAt: now })
    .where(eq(campaignRecipients.id, target.id)).run();
}
