// Tables of the website snippet (issue #8): the sites it runs on, and what it reports about visitors.
import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { SiteSettings } from '../../model/website/site-settings';
import type { ElementLocator } from '../../model/website/element-locator';

export const sites = sqliteTable(
  'sites',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    /** SiteSettings (model/website/site-settings.ts) as saved. */
    settings: text('settings', { mode: 'json' }).$type<SiteSettings>().notNull(),
    /** The HS256 secret the site's backend signs visitor identities with, sealed like channel secrets. */
    identitySecret: text('identity_secret').notNull(),
    /** The web chat channel its visitors' conversations belong to (created with the webchat entry point). */
    webchatChannelId: text('webchat_channel_id'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('sites_account').on(t.accountId)],
);

/** Visitor events the snippet reported (page views, mapped elements, offers, custom), kept for a while. */
export const visitorEvents = sqliteTable(
  'visitor_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: text('site_id').notNull(),
    visitorId: text('visitor_id').notNull(),
    type: text('type').notNull(),
    url: text('url').notNull(),
    /** The event's own fields (element, interaction, offer, custom name and data). */
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    at: integer('at').notNull(),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [index('visitor_events_site').on(t.siteId, t.at), index('visitor_events_visitor').on(t.visitorId, t.at)],
);

/** Engagement Mapper: elements of a site an admin mapped, found again by their locator on pages matching the pattern. */
export const mappedElements = sqliteTable(
  'mapped_elements',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').notNull(),
    accountId: text('account_id').notNull(),
    name: text('name').notNull(),
    /** ElementLocator (model/website/element-locator.ts): id, data-* attribute, CSS path, text. */
    locator: text('locator', { mode: 'json' }).$type<ElementLocator>().notNull(),
    /** The pages it is on: a path with `*` wildcards (e.g. /shop/*); empty = every page. */
    pageUrlPattern: text('page_url_pattern').notNull(),
    /** What visitors' snippets last reported: found on a matching page, or not (and where). */
    lastSeenAt: integer('last_seen_at'),
    lastMissAt: integer('last_miss_at'),
    lastMissUrl: text('last_miss_url'),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('mapped_elements_site').on(t.siteId)],
);

/** The key mapper tokens are signed with, one per site, sealed; never leaves the server. */
export const siteMapperKeys = sqliteTable('site_mapper_keys', {
  siteId: text('site_id').primaryKey(),
  sealedKey: text('sealed_key').notNull(),
  createdAt: integer('created_at').notNull(),
});

/** A small picture of a mapped element, taken in mapping mode (PNG or WebP, size-limited), shown in the console. */
export const mappedElementCrops = sqliteTable(
  'mapped_element_crops',
  {
    elementId: text('element_id').primaryKey(),
    siteId: text('site_id').notNull(),
    /** image/png or image/webp, checked by content. */
    mime: text('mime').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: blob('bytes', { mode: 'buffer' }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('mapped_element_crops_site').on(t.siteId)],
);
