// Fills a contact's missing name and language from the provider's profile (connector.fetchProfile),
// for channels whose webhooks carry only an id (Messenger, Instagram, LINE, WeChat). Runs after the
// ingest transaction committed, off the webhook's path: the caller fires it and forgets. Each contact
// is asked about at most once a day (contacts.profile_checked_at, claimed before the call so two
// webhooks at once make one call); only empty fields are filled, so an agent's edit is never
// overwritten. A provider failure is logged and changes nothing.
import { and, asc, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import type { ConnectorDeps, ContactProfile } from '../../connectors/connector';
import type { ChannelStore } from '../channels/channel-store';
import type { Db } from '../db/open-database';
import { cases, channels, contactIdentities, contacts } from '../db/schema';
import { canonicalLocale } from '../../model/i18n/locale-tag';
import { getConnector } from '../../connectors/registry';

export const PROFILE_CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;

export interface ProfileEnrichmentDeps {
  db: Db;
  channels: Pick<ChannelStore, 'context'>;
  fetch?: typeof fetch;
  now?: () => number;
  log?: (msg: string) => void;
}

/** The contacts of these cases (on the ingesting channel) that lack a name or a language. */
function contactsToAsk(db: Db, channelId: string, caseIds: string[], now: number) {
  if (caseIds.length === 0) return [];
  const rows = db.selectDistinct({ contactId: cases.contactId }).from(cases)
    .innerJoin(contacts, eq(contacts.id, cases.contactId))
    .where(and(
      inArray(cases.id, [...new Set(caseIds)]),
      or(isNull(contacts.name), eq(contacts.name, ''), isNull(contacts.language)),
      or(isNull(contacts.profileCheckedAt), lt(contacts.profileCheckedAt, now - PROFILE_CHECK_INTERVAL_MS)),
    )).all();
  return rows.flatMap(({ contactId }) => {
    const identity = db.select({ externalId: contactIdentities.externalId }).from(contactIdentities)
      .where(and(eq(contactIdentities.contactId, contactId), eq(contactIdentities.channelId, channelId)))
      .orderBy(asc(contactIdentities.createdAt)).limit(1).get();
    return identity ? [{ contactId, externalId: identity.externalId }] : [];
  });
}

/** Marks the attempt; false when another process claimed it since (or the contact is complete now). */
function claim(db: Db, contactId: string, now: number): boolean {
  const claimed = db.update(contacts).set({ profileCheckedAt: now })
    .where(and(
      eq(contacts.id, contactId),
      or(isNull(contacts.profileCheckedAt), lt(contacts.profileCheckedAt, now - PROFILE_CHECK_INTERVAL_MS)),
    )).returning({ id: contacts.id }).all();
  return claimed.length > 0;
}

/** Writes only the fields still empty (an agent may have filled one while the provider answered). */
export function fillEmptyProfileFields(db: Db, contactId: string, profile: ContactProfile, now: number): void {
  const name = profile.name?.trim() || null;
  const language = canonicalLocale(profile.language);
  db.transaction((tx) => {
    if (name) {
      tx.update(contacts).set({ name, updatedAt: now })
        .where(and(eq(contacts.id, contactId), or(isNull(contacts.name), eq(contacts.name, '')))).run();
      tx.update(contactIdentities).set({ name })
        .where(and(eq(contactIdentities.contactId, contactId), isNull(contactIdentities.name))).run();
    }
    if (language) {
      tx.update(contacts).set({ language, updatedAt: now })
        .where(and(eq(contacts.id, contactId), isNull(contacts.language))).run();
    }
    // The inbox shows the contact's name on its cases: touch them so the live stream sends them again
    // (the inbox orders by last_activity_at, which enrichment leaves alone).
    if (name || language) {
      tx.update(cases).set({ updatedAt: now }).where(eq(cases.contactId, contactId)).run();
    }
  });
}

/**
 * Asks the channel's provider about the contacts of the cases that just received a message. Never
 * throws: every failure is logged. Resolves when all calls are done (tests await it; Parley does not).
 */
export async function enrichContactProfiles(deps: ProfileEnrichmentDeps, channel: { id: string; type?: string }, caseIds: string[]): Promise<void> {
  const log = deps.log ?? (() => {});
  // Most channels have no profile call (or carry the name in the webhook): nothing to read or decrypt.
  try {
    const type = channel.type ?? deps.db.select({ type: channels.type }).from(channels).where(eq(channels.id, channel.id)).get()?.type;
    if (!type || !getConnector(type)?.fetchProfile) return;
    const now = deps.now ?? Date.now;
    const wanted = contactsToAsk(deps.db, channel.id, caseIds, now());
    if (wanted.length === 0) return;
    const context = deps.channels.context(channel.id);
    if (!context?.connector.fetchProfile) return;
    const fetchProfile = context.connector.fetchProfile.bind(context.connector);
    const connectorDeps: ConnectorDeps = { fetch: deps.fetch ?? fetch, now };
    for (const { contactId, externalId } of wanted) {
      if (!claim(deps.db, contactId, now())) continue;
      try {
        const profile = await fetchProfile(context.ctx.config, externalId, connectorDeps);
        fillEmptyProfileFields(deps.db, contactId, profile, now());
      } catch (err) {
        log(`contact profile: ${context.row.type} channel ${channel.id} could not read the profile of contact ${contactId}: ${(err as Error).message ?? String(err)}`);
      }
    }
  } catch (err) {
    log(`contact profile: ${(err as Error).message ?? String(err)}`);
  }
}
