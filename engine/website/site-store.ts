// Websites the snippet runs on: create, read, change, delete, and the public configuration the
// snippet loads. Each site gets an identity secret (HS256) that its backend signs visitors with.
import { randomBytes } from 'node:crypto';
import { and, asc, eq, gt, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { mappedElements, siteMapperKeys, sites, visitorEvents } from '../db/schema-website';
import { apiKeys } from '../db/schema';
import { ParleyError } from '../errors';
import { newId } from '../ids';
import type { SecretBox } from '../security/secret-box';
import type { PublicSiteConfig, SiteSettings } from '../../model/website/site-settings';

export type SiteRow = typeof sites.$inferSelect;

export interface SiteView extends SiteSettings {
  id: string;
  /** The channel web chat conversations become cases on (null until web chat is an entry point). */
  webchatChannelId: string | null;
  createdAt: string;
  updatedAt: string;
}

export const siteView = (row: SiteRow): SiteView => ({
  id: row.id, ...row.settings, webchatChannelId: row.webchatChannelId, createdAt: new Date(row.createdAt).toISOString(), updatedAt: new Date(row.updatedAt).toISOString(),
});

export function createSite(db: Db, box: SecretBox, accountId: string, settings: SiteSettings, now = Date.now()): SiteRow {
  const row: SiteRow = {
    id: newId('site', now), accountId, settings, identitySecret: box.seal(randomBytes(32).toString('base64url')), webchatChannelId: null, createdAt: now, updatedAt: now,
  };
  db.insert(sites).values(row).run();
  return row;
}

export function listSites(db: Db, accountId: string): SiteRow[] {
  return db.select().from(sites).where(eq(sites.accountId, accountId)).orderBy(asc(sites.id)).all();
}

export function getSite(db: Db, accountId: string, siteId: string): SiteRow {
  const row = db.select().from(sites).where(and(eq(sites.id, siteId), eq(sites.accountId, accountId))).get();
  if (!row) throw new ParleyError(404, 'site_not_found', `No site ${siteId} in this account.`);
  return row;
}

/** A site by id alone, for the public snippet routes (the site id is public; the origin check guards it). */
export function findSite(db: Db, siteId: string): SiteRow | undefined {
  return db.select().from(sites).where(eq(sites.id, siteId)).get();
}

export function updateSite(db: Db, accountId: string, siteId: string, settings: SiteSettings, now = Date.now()): SiteRow {
  getSite(db, accountId, siteId);
  db.update(sites).set({ settings, updatedAt: now }).where(eq(sites.id, siteId)).run();
  return getSite(db, accountId, siteId);
}

export function deleteSite(db: Db, accountId: string, siteId: string) {
  getSite(db, accountId, siteId);
  db.transaction((tx) => {
    tx.delete(visitorEvents).where(eq(visitorEvents.siteId, siteId)).run();
    tx.delete(mappedElements).where(eq(mappedElements.siteId, siteId)).run();
    tx.delete(siteMapperKeys).where(eq(siteMapperKeys.siteId, siteId)).run();
    tx.delete(sites).where(eq(sites.id, siteId)).run();
  });
}

/** Links the site to its web chat channel (made by the caller through the channel store). */
export function setWebchatChannel(db: Db, siteId: string, channelId: string) {
  db.update(sites).set({ webchatChannelId: channelId }).where(eq(sites.id, siteId)).run();
}

export function identitySecret(box: SecretBox, row: SiteRow): string {
  return box.open<string>(row.identitySecret);
}

/** A new identity secret: identities signed with the old one are refused from now on. */
export function rotateIdentitySecret(db: Db, box: SecretBox, accountId: string, siteId: string, now = Date.now()): string {
  getSite(db, accountId, siteId);
  const secret = randomBytes(32).toString('base64url');
  db.update(sites).set({ identitySecret: box.seal(secret), updatedAt: now }).where(eq(sites.id, siteId)).run();
  return secret;
}

/** Until routing exists, chat is online while any person of the account is signed in (a live login session). */
function anyoneSignedIn(db: Db, accountId: string, now: number): boolean {
  return db.select({ id: apiKeys.id }).from(apiKeys)
    .where(and(eq(apiKeys.accountId, accountId), isNotNull(apiKeys.userId), isNull(apiKeys.revokedAt), gt(apiKeys.expiresAt, now)))
    .limit(1).all().length > 0;
}

export function publicSiteConfig(db: Db, row: SiteRow, now = Date.now()): PublicSiteConfig {
  const s = row.settings;
  return {
    siteId: row.id, entryPoints: s.entryPoints, branding: s.branding, language: s.language, requireConsent: s.requireConsent,
    preChat: s.preChat ?? { enabled: false, requireEmail: false }, offlineForm: s.offlineForm ?? true, offlineByEmail: Boolean(s.offlineReplyChannelId),
    guideRules: s.guideRules.filter((r) => r.enabled), chatOnline: anyoneSignedIn(db, row.accountId, now),
    mappedElements: db.select({ id: mappedElements.id, locator: mappedElements.locator, pageUrlPattern: mappedElements.pageUrlPattern })
      .from(mappedElements).where(eq(mappedElements.siteId, row.id)).orderBy(asc(mappedElements.id)).all(),
  };
}
