// Live web chat for the snippet: `GET /w/:siteId/live` upgrades to a WebSocket (protocol in
// engine/website/visitor-live-socket.ts) after the same checks as the event stream — allowed
// origin, web chat on, a visitor id the snippet issued, a verified identity token when given —
// refused before the upgrade with the usual problem answer (403, 401, …). `POST /w/:siteId/typing`
// is the visitor's typing signal when the widget fell back to server-sent events.
import { upgradeWebSocket } from '@hono/node-server';
import { Hono } from 'hono';
import type { Db } from '../../db/open-database';
import { ParleyError } from '../../errors';
import type { SecretBox } from '../../security/secret-box';
import { RateLimiter } from '../../website/rate-limit';
import { liveVisitorAccess } from '../../website/visitor-live-access';
import { visitorLiveSocket, type LiveSocketDeps } from '../../website/visitor-live-socket';
import { typingRegistry } from '../../website/visitor-live-typing';
import { openVisitorCase } from '../../website/visitor-conversation';

export interface WebchatLiveDeps extends LiveSocketDeps { box: SecretBox; db: Db }

export function webchatLiveRoutes(deps: WebchatLiveDeps) {
  const app = new Hono();
  const visitorOf = liveVisitorAccess(deps);
  const typing = deps.typing ?? typingRegistry;
  const now = deps.now ?? Date.now;
  // The widget signals typing every 2 s at most: bursts of 10, one a second sustained.
  const typingLimit = new RateLimiter(10, 1);

  app.get('/w/:siteId/live', async (c, next) => {
    const visitor = await visitorOf(c);
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
      throw new ParleyError(426, 'upgrade_required', 'This endpoint speaks WebSocket; without one, use GET /w/{siteId}/stream (server-sent events).');
    }
    return upgradeWebSocket(() => visitorLiveSocket(deps, visitor))(c, next);
  });

  app.post('/w/:siteId/typing', async (c) => {
    // A simple request (text/plain, no preflight), like the snippet's events.
    const text = await c.req.text();
    if (text.length > 8 * 1024) throw new ParleyError(413, 'payload_too_large', 'At most 8 KB.');
    let body: { visitorId?: unknown; identity?: unknown; active?: unknown };
    try { body = JSON.parse(text) ?? {}; } catch { throw new ParleyError(400, 'invalid_json', 'The body is not JSON.'); }
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const visitor = await visitorOf(c, { visitorId: str(body.visitorId), identity: str(body.identity) || undefined });
    if (!typingLimit.take(`${visitor.site.id}:${visitor.visitorId}`, 1, now())) throw new ParleyError(429, 'rate_limited', 'Too many typing signals; one every 2 s is plenty.');
    const open = openVisitorCase(deps.db, visitor.channelId, visitor.who);
    if (open) typing.customerTyping(open.id, body.active !== false);
    return c.json({ shown: Boolean(open) }, 200, visitor.cors);
  });

  return app;
}
