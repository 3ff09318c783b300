// What rules ask a visitor's page to do (website actions): the snippet fetches its visitor's pending
// commands at load, shortly after it sends events, and every minute. Public like the other /w
// routes: the site's allowed origins only (CORS names that origin). Each command is handed out once
// and only before it expires (engine/website/visitor-commands.ts). A greeting the visitor answered
// (website_open_chat without a case) is kept in the case their answer started (POST …/greetings).
import { Hono } from 'hono';
import { z } from 'zod';
import type { Db } from '../../db/open-database';
import { ParleyError } from '../../errors';
import { RateLimiter } from '../../website/rate-limit';
import { siteAccess } from '../../website/site-access';
import { takeVisitorCommands } from '../../website/visitor-commands';
import { keepGreeting } from '../../website/visitor-commands-greeting';
import { identitySecret } from '../../website/site-store';
import { verifyVisitorIdentity } from '../../website/visitor-identity';
import type { SecretBox } from '../../security/secret-box';

const VisitorId = z.string().regex(/^v_[A-Za-z0-9_-]{16,64}$/, { message: 'A visitor id issued by the snippet' });
const KeepGreetingSchema = z.object({
  visitorId: VisitorId,
  commandId: z.string().regex(/^vc_[a-f0-9]{24}$/, { message: 'A greeting id Parley sent' }),
  /** A signed-in visitor's identity token: their case is keyed by their user. */
  identity: z.string().min(1).max(4_000).optional(),
});

export interface VisitorCommandsPublicDeps {
  db: Db;
  /** Opens the site's identity secret (signed-in visitors). */
  box: SecretBox;
  now?: () => number;
}

export function visitorCommandsPublicRoutes(deps: VisitorCommandsPublicDeps) {
  const app = new Hono();
  const now = deps.now ?? Date.now;
  const { siteFor } = siteAccess(deps.db);
  // Per visitor: bursts of 30 fetches, one every 2 s sustained (the snippet needs far fewer).
  const perVisitor = new RateLimiter(30, 0.5);

  app.get('/w/:siteId/commands', (c) => {
    const { site, cors } = siteFor(c);
    const visitorId = VisitorId.safeParse(c.req.query('visitorId'));
    if (!visitorId.success) {
      throw new ParleyError(400, 'validation_failed', 'visitorId is missing or not one the snippet issued; nothing was delivered.', [{ path: 'visitorId', message: visitorId.error.issues[0].message }]);
    }
    if (!perVisitor.take(`${site.id}:${visitorId.data}`, 1, now())) throw new ParleyError(429, 'rate_limited', 'Too many requests for commands; try again in a moment.');
    return c.json({ items: takeVisitorCommands(deps.db, site.id, visitorId.data, now()) }, 200, { ...cors, 'cache-control': 'no-store' });
  });

  // The visitor answered a rule's greeting: it joins the case their message started. Sent as text/plain
  // (a simple request, no preflight) with a JSON body.
  app.post('/w/:siteId/greetings', async (c) => {
    const { site, cors } = siteFor(c);
    const text = await c.req.text();
    if (text.length > 8 * 1024) throw new ParleyError(413, 'payload_too_large', 'At most 8 KB.');
    let body: unknown;
    try { body = JSON.parse(text); } catch { throw new ParleyError(400, 'invalid_json', 'The body is not JSON.'); }
    const parsed = KeepGreetingSchema.safeParse(body);
    if (!parsed.success) throw new ParleyError(400, 'validation_failed', 'The request is not valid; nothing was kept.', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    const { visitorId, commandId, identity } = parsed.data;
    if (!perVisitor.take(`${site.id}:${visitorId}`, 1, now())) throw new ParleyError(429, 'rate_limited', 'Too many requests; try again in a moment.');
    const externalId = identity ? (await verifyVisitorIdentity(identitySecret(deps.box, site), identity, now())).externalId : visitorId;
    return c.json(keepGreeting(deps.db, site, visitorId, externalId, commandId, now()), 200, cors);
  });

  return app;
}
