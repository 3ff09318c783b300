// The web chat's offline form (public, the site's allowed origins): while nobody can answer, a
// visitor leaves name, email and a message; it starts an email thread on the site's email channel for
// offline messages, or opens (or joins) their web chat case, tagged `offline-form`
// (engine/website/offline-message.ts).
import { Hono } from 'hono';
import { z } from 'zod';
import type { InboundEvent } from '../../../connectors/connector';
import type { Db } from '../../db/open-database';
import { ParleyError } from '../../errors';
import type { IngestChannel, IngestResult } from '../../ingest/ingest-events';
import { leaveOfflineMessage, leaveOfflineMessageByEmail } from '../../website/offline-message';
import { RateLimiter } from '../../website/rate-limit';
import { siteAccess } from '../../website/site-access';

const OfflineFormSchema = z.object({
  visitorId: z.string().regex(/^v_[A-Za-z0-9_-]{16,64}$/, { message: 'A visitor id issued by the snippet' }),
  /** The widget's id for the submission: a resend is kept once. */
  clientMessageId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { message: 'An id the widget made for this message' }),
  name: z.string().trim().max(120).optional().transform((v) => v || undefined),
  email: z.email({ message: 'An email address such as ana@example.com' }).max(200),
  message: z.string().trim().min(1, { message: 'Write your message' }).max(4_000),
});

export interface WebchatOfflineDeps {
  db: Db;
  ingest?: (channel: IngestChannel, events: InboundEvent[]) => IngestResult;
  now?: () => number;
}

export function webchatOfflineRoutes(deps: WebchatOfflineDeps) {
  const app = new Hono();
  const now = deps.now ?? Date.now;
  const { siteFor } = siteAccess(deps.db);
  // Per visitor: 3 at once, then one a minute.
  const perVisitor = new RateLimiter(3, 1 / 60);

  app.post('/w/:siteId/offline', async (c) => {
    const { site, cors } = siteFor(c);
    if (!site.webchatChannelId || !site.settings.entryPoints.some((e) => e.type === 'webchat')) {
      throw new ParleyError(409, 'webchat_off', 'Web chat is not an entry point of this site.');
    }
    let body: unknown;
    try { body = await c.req.json(); } catch { throw new ParleyError(400, 'invalid_json', 'The body is not JSON.'); }
    const parsed = OfflineFormSchema.safeParse(body);
    if (!parsed.success) {
      throw new ParleyError(400, 'validation_failed', 'The form is not valid.', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    }
    const m = parsed.data;
    if (!perVisitor.take(`${site.id}:${m.visitorId}`, 1, now())) throw new ParleyError(429, 'rate_limited', 'Too many messages; wait a moment.');
    if (!deps.ingest) throw new ParleyError(503, 'webchat_unavailable', 'This Parley process does not take web chat messages.');
    const byEmail = site.settings.offlineReplyChannelId;
    const left = byEmail
      ? leaveOfflineMessageByEmail(deps.db, deps.ingest, { id: byEmail, accountId: site.accountId, type: 'email' },
        { id: site.id, name: site.settings.name, language: site.settings.language }, { ...m, who: m.visitorId }, now())
      : leaveOfflineMessage(deps.db, deps.ingest, { id: site.webchatChannelId, accountId: site.accountId, type: 'webchat' }, { ...m, who: m.visitorId }, now());
    return c.json({ received: true, duplicate: left.duplicate }, 202, cors);
  });

  return app;
}
