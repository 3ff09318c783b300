// Who may open a live web chat connection, checked before anything is upgraded or streamed: a
// request from one of the site's allowed origins (browsers always send Origin with a WebSocket
// handshake), a site whose entry points include web chat, a visitor id the snippet issued, and,
// when given, a signed-in visitor's identity token that verifies (forged or expired: refused).
import type { Context } from 'hono';
import type { Db } from '../db/open-database';
import { ParleyError } from '../errors';
import type { SecretBox } from '../security/secret-box';
import { siteAccess } from './site-access';
import { identitySecret, type SiteRow } from './site-store';
import { verifyVisitorIdentity } from './visitor-identity';

export const VISITOR_ID = /^v_[A-Za-z0-9_-]{16,64}$/;

export interface LiveVisitor {
  site: SiteRow;
  cors: Record<string, string>;
  channelId: string;
  /** The visitor as the channel knows them: their visitor id, or `u:<sub>` when signed in. */
  who: string;
  visitorId: string;
}

export function liveVisitorAccess(deps: { db: Db; box: SecretBox; now?: () => number }) {
  const { siteFor } = siteAccess(deps.db);
  const now = deps.now ?? Date.now;

  /** The visitor of a live request (query: visitorId, identity); throws a ParleyError when refused. */
  return async (c: Context, input: { visitorId?: string; identity?: string } = { visitorId: c.req.query('visitorId'), identity: c.req.query('identity') }): Promise<LiveVisitor> => {
    const { site, cors } = siteFor(c);
    if (!site.webchatChannelId || !site.settings.entryPoints.some((e) => e.type === 'webchat')) {
      throw new ParleyError(409, 'webchat_off', 'Web chat is not an entry point of this site.');
    }
    if (!input.visitorId || !VISITOR_ID.test(input.visitorId)) {
      throw new ParleyError(400, 'validation_failed', 'visitorId is missing or not one the snippet issued.', [{ path: 'visitorId', message: 'A visitor id issued by the snippet' }]);
    }
    if (input.identity !== undefined && input.identity.length > 4_000) throw new ParleyError(400, 'validation_failed', 'The identity token is too long.', [{ path: 'identity', message: 'At most 4,000 characters' }]);
    const who = input.identity ? (await verifyVisitorIdentity(identitySecret(deps.box, site), input.identity, now())).externalId : input.visitorId;
    return { site, cors, channelId: site.webchatChannelId, who, visitorId: input.visitorId };
  };
}
