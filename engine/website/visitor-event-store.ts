// Visitor events the snippet reported: stored in one transaction per batch (all or nothing), read
// back for the console (offers shown / clicked / dismissed per rule), pruned after the retention.
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { visitorEvents } from '../db/schema-website';
import type { VisitorEventBatch } from '../../model/website/visitor-events';

export const VISITOR_EVENT_RETENTION_MS = 30 * 24 * 3_600_000;

export function recordVisitorEvents(db: Db, siteId: string, batch: VisitorEventBatch, now = Date.now()): number {
  db.transaction((tx) => {
    for (const event of batch.events) {
      const { type, at, url, ...detail } = event;
      tx.insert(visitorEvents).values({ siteId, visitorId: batch.visitorId, type, url, detail, at, receivedAt: now }).run();
    }
  });
  return batch.events.length;
}

export interface OfferStats { ruleId: string; offerId: string; shown: number; clicked: number; dismissed: number }

/** Per rule and offer: how often it was shown, clicked and dismissed since `since` (the conversion view). */
export function offerStats(db: Db, siteId: string, since: number): OfferStats[] {
  const rows = db.select({
    ruleId: sql<string>`json_extract(${visitorEvents.detail}, '$.ruleId')`,
    offerId: sql<string>`json_extract(${visitorEvents.detail}, '$.offerId')`,
    outcome: sql<string>`json_extract(${visitorEvents.detail}, '$.outcome')`,
    n: sql<number>`count(*)`,
  }).from(visitorEvents)
    .where(and(eq(visitorEvents.siteId, siteId), eq(visitorEvents.type, 'offer'), gte(visitorEvents.at, since)))
    .groupBy(sql`1`, sql`2`, sql`3`).all();
  const stats = new Map<string, OfferStats>();
  for (const r of rows) {
    const key = `${r.ruleId}\u0000${r.offerId}`;
    const s = stats.get(key) ?? { ruleId: r.ruleId, offerId: r.offerId, shown: 0, clicked: 0, dismissed: 0 };
    if (r.outcome === 'shown' || r.outcome === 'clicked' || r.outcome === 'dismissed') s[r.outcome] += r.n;
    stats.set(key, s);
  }
  return [...stats.values()].sort((a, b) => b.shown - a.shown);
}

export function pruneVisitorEvents(db: Db, now = Date.now()): number {
  return db.delete(visitorEvents).where(lt(visitorEvents.at, now - VISITOR_EVENT_RETENTION_MS)).run().changes;
}
