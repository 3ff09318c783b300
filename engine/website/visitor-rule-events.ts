// Visitor events as rule events: each event a snippet reports is stored (visitor_events) and, in
// the same transaction, recorded as a rule event (visitor.page_view, visitor.element,
// visitor.offer, visitor.chat_opened, visitor.custom) for rules drawn in the editor. An element
// event carries its element's name and how often this visitor did the same with it in the last
// 1–60 minutes (counted here, so a rule's condition reads a number). When the visitor has an open
// web chat case (their visitor id is the webchat contact identity's external id; for a signed-in
// visitor, whose batch carries their verified identity token, their user's), the event carries that
// case, its contact and channel, so case actions apply to it.
import type { Db } from '../db/open-database';
import { visitorEvents } from '../db/schema-website';
import { recordRuleEvent } from '../rules/events/record-event';
import { readCaseContext, type CaseContextSnapshot } from '../rules/events/snapshots';
import { statement, type DbOrTx } from '../rules/events/sql-handle';
import type { TriggerType } from '../../model/rules/trigger-types';
import type { VisitorEvent, VisitorEventBatch } from '../../model/website/visitor-events';
import type { SiteRow } from './site-store';

/** The windows "interactions in the last N minutes" is counted over. */
export const COUNT_WINDOWS_MINUTES = [1, 2, 5, 10, 15, 30, 60] as const;

const OPEN_CASE = `select c.id from contact_identities ci
  join cases c on c.channel_id = ci.channel_id and c.contact_id = ci.contact_id
  where ci.channel_id = ? and ci.external_id = ? and c.status in ('new', 'open', 'pending', 'escalated')
  order by c.created_at desc limit 1`;

const ELEMENT_TIMES = `select at from visitor_events
  where visitor_id = ? and site_id = ? and type = 'element' and at > ? and at <= ?
    and json_extract(detail, '$.elementId') = ? and json_extract(detail, '$.interaction') = ?`;

const ELEMENT_NAMES = 'select id, name from mapped_elements where site_id = ?';

const TRIGGER_OF: Record<VisitorEvent['type'], TriggerType> = {
  page_view: 'visitor.page_view', element: 'visitor.element', offer: 'visitor.offer', chat_opened: 'visitor.chat_opened', custom: 'visitor.custom',
};

/** The visitor's open web chat case on the site, with its contact and channel, if any. */
export function visitorCase(handle: DbOrTx, site: SiteRow, visitorId: string): CaseContextSnapshot | undefined {
  if (!site.webchatChannelId) return undefined;
  const row = statement(handle, OPEN_CASE).get(site.webchatChannelId, visitorId) as { id: string } | undefined;
  return row ? readCaseContext(handle, row.id) : undefined;
}

/** Per window: how many of `times` (this visitor's same interactions with the element) fall in the last N minutes before `at`. */
export function countInWindows(times: number[], at: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const minutes of COUNT_WINDOWS_MINUTES) counts[String(minutes)] = times.filter((t) => t > at - minutes * 60_000).length;
  return counts;
}

function payloadOf(event: VisitorEvent, base: Record<string, unknown>, names: Map<string, string>, counts: Record<string, number> | null): Record<string, unknown> {
  switch (event.type) {
    case 'page_view': return { ...base, ...(event.title !== undefined ? { title: event.title } : {}) };
    case 'element': return {
      ...base, element: { id: event.elementId, name: names.get(event.elementId) ?? null }, interaction: event.interaction,
      ...(event.ms !== undefined ? { ms: event.ms } : {}), countInLast: counts,
    };
    case 'offer': return { ...base, offer: { ruleId: event.ruleId, offerId: event.offerId, outcome: event.outcome } };
    case 'chat_opened': return base;
    case 'custom': return { ...base, name: event.name, data: event.data ?? {} };
  }
}

/**
 * Stores a batch and its rule events in one transaction (all or nothing); returns how many were stored.
 * `signedIn`: the visitor's verified identity (the batch's token): their web chat case is keyed by their
 * user (`u:<sub>`), else (not adopted yet) by the anonymous visitor id.
 */
export function recordVisitorBatch(db: Db, site: SiteRow, batch: VisitorEventBatch, now = Date.now(), signedIn?: { externalId: string }): number {
  db.transaction((tx) => {
    const context = (signedIn ? visitorCase(tx, site, signedIn.externalId) : undefined) ?? visitorCase(tx, site, batch.visitorId);
    const names = batch.events.some((e) => e.type === 'element')
      ? new Map((statement(tx, ELEMENT_NAMES).all(site.id) as { id: string; name: string }[]).map((r) => [r.id, r.name]))
      : new Map<string, string>();
    for (const event of batch.events) {
      const { type, at, url, ...detail } = event;
      tx.insert(visitorEvents).values({ siteId: site.id, visitorId: batch.visitorId, type, url, detail, at, receivedAt: now }).run();
      let counts: Record<string, number> | null = null;
      if (event.type === 'element') {
        const window = COUNT_WINDOWS_MINUTES.at(-1)! * 60_000;
        const times = (statement(tx, ELEMENT_TIMES).all(batch.visitorId, site.id, at - window, at, event.elementId, event.interaction) as { at: number }[]).map((r) => r.at);
        counts = countInWindows(times, at);
      }
      const base = { siteId: site.id, visitorId: batch.visitorId, url, tags: batch.tags ?? [] };
      recordRuleEvent(tx, {
        type: TRIGGER_OF[type], accountId: site.accountId, occurredAt: at,
        ...(context ? { case: context.case, ...(context.contact ? { contact: context.contact } : {}), ...(context.channel ? { channel: context.channel } : {}) } : {}),
        payload: payloadOf(event, base, names, counts),
      }, now);
    }
  });
  return batch.events.length;
}
