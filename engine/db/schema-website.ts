// Tables of the website snippet (issue #8): the sites it runs on, and what it reports about visitors.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { SiteSettings } from '../../model/website/site-settings';

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
