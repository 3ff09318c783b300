// Proactive outreach from a case: an agent writes to the case's customer first, on a channel of
// their choice (a follow-up on WhatsApp after a web chat, an SMS reminder). It is a campaign of
// one, so it gets everything a campaign has: the channel's proactive-outbound and template rules,
// the do-not-contact list, an idempotency key on the send, and replies routed to the agent's
// skill when one is given. The case's timeline says who started it.
import { caseEvents, cases, contactIdentities, contacts } from '../db/schema';
import { and, eq } from 'drizzle-orm';
import type { ChannelStore } from '../channels/channel-store';
import type { Db } from '../db/open-database';
import { ParleyError } from '../errors';
import { startCampaign, type CampaignCommandDeps } from './campaign-commands';
import { toCampaignMessage, type CampaignMessageInput } from './campaign-content';
import { createCampaign, getCampaign } from './campaign-store';
import { importContactList } from './contact-list-store';
import { identityKeyFor } from './identity-keys';
import { refuseUnsendableTemplate } from './template-check';

export interface CaseOutreachInput {
  channelId: string;
  message: CampaignMessageInput;
  /** Replies become cases routed to this skill; without it the outreach is one-way. */
  skillId?: string | null;
}

/** A CSV value: quoted, with quotes doubled. */
const csv = (v: string) => `"${v.replace(/"/g, '""')}"`;

async function* once(text: string) { yield text; }

export async function startOutreachFromCase(deps: CampaignCommandDeps & { channels: ChannelStore }, accountId: string, caseId: string, input: CaseOutreachInput, actorId: string) {
  const { db } = deps;
  const theCase = db.select({ id: cases.id, contactId: cases.contactId }).from(cases).where(and(eq(cases.id, caseId), eq(cases.accountId, accountId))).get();
  if (!theCase) throw new ParleyError(404, 'case_not_found', `No case ${caseId} in this account.`);
  const channel = deps.channels.get(accountId, input.channelId);
  const contact = db.select().from(contacts).where(eq(contacts.id, theCase.contactId)).get()!;
  const key = identityKeyFor(channel.type);
  // Where the contact is reached on that channel: their phone or email, or their id on it.
  const value = key === 'phone' ? contact.phone : key === 'email' ? contact.email
    : db.select({ externalId: contactIdentities.externalId }).from(contactIdentities)
      .where(and(eq(contactIdentities.contactId, contact.id), eq(contactIdentities.channelId, channel.id))).get()?.externalId ?? null;
  if (!value) {
    const what = key === 'phone' ? 'a phone number' : key === 'email' ? 'an email address' : `an identity on ${channel.name}`;
    throw new ParleyError(422, 'contact_unreachable', `The customer has no ${what}: Parley cannot write to them on ${channel.name}.`, [{ path: 'channelId', message: `no ${what}` }]);
  }
  // A template that cannot go out as written is refused here, where the agent sees it, not on a campaign page.
  await refuseUnsendableTemplate(deps.channels, channel.id, toCampaignMessage(input.message), 'message');
  const name = contact.name ?? '';
  const list = await importContactList(db, {
    accountId, name: `Case ${caseId}: ${name || 'customer'} on ${channel.name}`,
    source: once(`id,name,${key}\n${csv(contact.id)},${csv(name)},${csv(value)}\n`),
    mapping: { externalId: 'id', name: 'name', identities: { [key]: key } },
  });
  if (list.counts.valid !== 1) throw new ParleyError(422, 'contact_unreachable', `The customer's ${key} "${value}" cannot be used on ${channel.name}.`);
  const campaign = createCampaign(db, deps.channels, accountId, {
    name: `Follow-up to case ${caseId}`, channelId: channel.id, listId: list.id, message: input.message,
    mode: input.skillId ? 'skill' : 'agentless', skillId: input.skillId ?? null,
  }, actorId);
  await startCampaign(deps, accountId, campaign.id);
  db.insert(caseEvents).values({
    accountId, caseId, type: 'campaign_started', from: null, to: campaign.id, actor: actorId,
    detail: { campaignId: campaign.id, campaignName: campaign.name, channelId: channel.id }, at: Date.now(),
  }).run();
  return getCampaign(db, accountId, campaign.id);
}
