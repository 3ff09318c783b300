// What the website snippet reports about a visitor, batched (sendBeacon): page views, interactions
// with mapped elements, proactive offers shown / clicked / dismissed, the chat window opened, and
// the site's own events (`Parley.track(name, data)`). A batch is accepted whole or refused whole
// with the event and field that are wrong: nothing is stored half.
import { z } from 'zod';

export const MAX_EVENTS_PER_BATCH = 50;
/** Events older than this (a tab left asleep) or further in the future (a wrong clock) are refused. */
export const EVENT_AGE_LIMIT_MS = 24 * 3_600_000;
export const EVENT_FUTURE_LIMIT_MS = 5 * 60_000;

const Url = z.string().url().max(2_000);
const At = z.number().int().nonnegative();
const Name = z.string().regex(/^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/, { message: 'A letter, then letters, digits, _ . : or - (max 64)' });
const Scalar = z.union([z.string().max(500), z.number().finite(), z.boolean(), z.null()]);

export const VisitorEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('page_view'), at: At, url: Url, title: z.string().max(300).optional(), referrer: z.string().max(2_000).optional() }),
  z.object({
    type: z.literal('element'), at: At, url: Url, elementId: z.string().min(1).max(64),
    interaction: z.enum(['click', 'hover', 'visible', 'abandoned']),
    /** Hover and visible: how long it lasted. */
    ms: z.number().int().min(0).max(3_600_000).optional(),
  }),
  z.object({ type: z.literal('offer'), at: At, url: Url, ruleId: z.string().min(1).max(64), offerId: z.string().min(1).max(64), outcome: z.enum(['shown', 'clicked', 'dismissed']) }),
  z.object({ type: z.literal('chat_opened'), at: At, url: Url }),
  z.object({
    type: z.literal('custom'), at: At, url: Url, name: Name,
    data: z.record(z.string().max(64), Scalar).refine((d) => Object.keys(d).length <= 20, { message: 'At most 20 fields' }).optional(),
  }),
]);
export type VisitorEvent = z.infer<typeof VisitorEventSchema>;

export const VisitorEventBatchSchema = z.object({
  /** The snippet's visitor id (random, kept in the visitor's browser after consent). */
  visitorId: z.string().regex(/^v_[A-Za-z0-9_-]{16,64}$/, { message: 'A visitor id issued by the snippet' }),
  events: z.array(VisitorEventSchema).min(1).max(MAX_EVENTS_PER_BATCH),
  /** The visitor's tags (Guide rules set them in the browser): rules on visitor events can test them. */
  tags: z.array(z.string().min(1).max(64)).max(50).optional(),
  /** A signed-in visitor's identity token (Parley.identify): Parley verifies it and finds their web chat case by it. */
  identity: z.string().min(1).max(4_000).optional(),
});
export type VisitorEventBatch = z.infer<typeof VisitorEventBatchSchema>;

export interface BatchIssue { path: string; message: string }

/** Parses a batch and checks its times against the server's clock; issues name the event and field. */
export function parseVisitorEvents(body: unknown, now: number): { ok: true; batch: VisitorEventBatch } | { ok: false; issues: BatchIssue[] } {
  const parsed = VisitorEventBatchSchema.safeParse(body);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  const issues: BatchIssue[] = [];
  parsed.data.events.forEach((e, i) => {
    if (e.at < now - EVENT_AGE_LIMIT_MS) issues.push({ path: `events.${i}.at`, message: 'Older than 24 hours' });
    if (e.at > now + EVENT_FUTURE_LIMIT_MS) issues.push({ path: `events.${i}.at`, message: 'In the future: check the device clock' });
  });
  return issues.length ? { ok: false, issues } : { ok: true, batch: parsed.data };
}
