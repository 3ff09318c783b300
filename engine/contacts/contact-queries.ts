// The customer card: a contact with every channel identity and the cases they had.
import { and, desc, eq, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { cases, channels, contactIdentities, contacts } from '../db/schema';
import { containsPattern } from '../db/contains-pattern';
import { notFound } from '../errors';
import { caseView } from '../cases/case-queries';
import { storedLanguage } from './language-tag-schema';
import { contactSearchIds } from './contact-search';

type ContactRow = typeof contacts.$inferSelect;

const contactView = (c: ContactRow) => ({
  id: c.id, name: c.name, email: c.email, phone: c.phone, language: c.language, customFields: c.customFields,
  createdAt: new Date(c.createdAt).toISOString(), updatedAt: new Date(c.updatedAt).toISOString(),
});

export function listContacts(db: Db, accountId: string, q: string | undefined, page: { limit: number; cursor?: string }) {
  const where: (SQL | undefined)[] = [eq(contacts.accountId, accountId)];
  const byIndex = q ? contactSearchIds(db, accountId, q) : undefined;
  if (byIndex) where.push(sql`${contacts.id} IN (SELECT value FROM json_each(${JSON.stringify(byIndex)}))`);
  else if (q) {
    // Short text, LIKE wildcards or a very common term: walk the contacts newest first.
    const pattern = containsPattern(q);
    where.push(or(
      sql`${contacts.name} LIKE ${pattern} ESCAPE '\\'`,
      sql`${contacts.email} LIKE ${pattern} ESCAPE '\\'`,
      sql`${contacts.phone} LIKE ${pattern} ESCAPE '\\'`,
      sql`EXISTS (SELECT 1 FROM ${contactIdentities} WHERE ${contactIdentities.contactId} = ${contacts.id} AND (${contactIdentities.externalId} LIKE ${pattern} ESCAPE '\\' OR ${contactIdentities.name} LIKE ${pattern} ESCAPE '\\'))`,
    ));
  }
  if (page.cursor) where.push(lt(contacts.id, page.cursor));
  const rows = db.select().from(contacts).where(and(...where)).orderBy(desc(contacts.id)).limit(page.limit + 1).all();
  const items = rows.slice(0, page.limit);
  return { items: items.map(contactView), nextCursor: rows.length > page.limit ? items[items.length - 1].id : null };
}

export function getCustomerCard(db: Db, accountId: string, id: string) {
  const contact = db.select().from(contacts).where(and(eq(contacts.id, id), eq(contacts.accountId, accountId))).get();
  if (!contact) throw notFound('contact', id);
  const identities = db
    .select({ id: contactIdentities.id, channelId: contactIdentities.channelId, channelType: channels.type, channelName: channels.name,
      externalId: contactIdentities.externalId, name: contactIdentities.name, createdAt: contactIdentities.createdAt })
    .from(contactIdentities).innerJoin(channels, eq(channels.id, contactIdentities.channelId))
    .where(eq(contactIdentities.contactId, id)).all();
  const caseRows = db.select().from(cases).where(eq(cases.contactId, id)).orderBy(desc(cases.id)).all();
  const types = new Map(identities.map((i) => [i.channelId, i.channelType]));
  return {
    ...contactView(contact),
    identities: identities.map((i) => ({ ...i, createdAt: new Date(i.createdAt).toISOString() })),
    cases: caseRows.map((c) => caseView(c, { channelType: types.get(c.channelId), contactName: contact.name })),
  };
}



export interface ContactPatch {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  /** BCP 47, validated by the route; stored canonical. null clears it (the channel's or account's default applies). */
  language?: string | null;
  /** Merged into the existing custom fields; a null value removes that field. */
  customFields?: Record<string, unknown>;
}

export function updateContact(db: Db, accountId: string, id: string, patch: ContactPatch) {
  const contact = db.select().from(contacts).where(and(eq(contacts.id, id), eq(contacts.accountId, accountId))).get();
  if (!contact) throw notFound('contact', id);
  const customFields = { ...contact.customFields };
  for (const [key, value] of Object.entries(patch.customFields ?? {})) {
    if (value === null) delete customFields[key];
    else customFields[key] = value;
  }
  db.update(contacts).set({
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.email !== undefined ? { email: patch.email } : {}),
    ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
    ...(patch.language !== undefined ? { language: storedLanguage(patch.language) } : {}),
    customFields,
    updatedAt: Date.now(),
  }).where(eq(contacts.id, id)).run();
  return getCustomerCard(db, accountId, id);
}
