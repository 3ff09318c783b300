// Which language the words Parley adds to a customer's messages are in (model/i18n), decided once per
// outbound message: the contact's own language (provider profile or set by an agent), else the
// channel's default, else the account's default. Nothing set anywhere: undefined, which renderers read
// as Parley's built-in English (and their default date formats).
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { cases, channels, contacts } from '../db/schema';
import { accountDefaultLanguage } from './account-language';

export interface LocaleSources {
  contactLanguage: string | null | undefined;
  channelLanguage: string | null | undefined;
  accountLanguage: string | null | undefined;
}

/** The first language set, in the order contact > channel > account. */
export function pickCustomerLocale(sources: LocaleSources): string | undefined {
  return sources.contactLanguage || sources.channelLanguage || sources.accountLanguage || undefined;
}

/** The locale for a message to this contact on this channel. */
export function customerLocale(db: Db, ids: { accountId: string; contactId: string; channelId: string }): string | undefined {
  const contact = db.select({ language: contacts.language }).from(contacts).where(eq(contacts.id, ids.contactId)).get();
  if (contact?.language) return contact.language;
  const channel = db.select({ language: channels.defaultLanguage }).from(channels).where(eq(channels.id, ids.channelId)).get();
  return pickCustomerLocale({ contactLanguage: null, channelLanguage: channel?.language, accountLanguage: accountDefaultLanguage(db, ids.accountId) });
}

/** The locale for the customer of a case (its contact, on its channel); undefined when the case is unknown. */
export function caseCustomerLocale(db: Db, caseId: string): string | undefined {
  const row = db.select({ accountId: cases.accountId, contactId: cases.contactId, channelId: cases.channelId }).from(cases).where(eq(cases.id, caseId)).get();
  return row ? customerLocale(db, row) : undefined;
}
