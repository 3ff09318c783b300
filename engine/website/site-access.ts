// Who may use a site's public snippet endpoints: requests from one of the site's allowed origins
// (CORS answers name that origin only). Refusals stay readable by the page so the snippet can say
// why in the browser console; they carry no data.
import type { Context, MiddlewareHandler } from 'hono';
import type { Db } from '../db/open-database';
import { ParleyError } from '../errors';
import { findSite, type SiteRow } from './site-store';

export function siteAccess(db: Db) {
  /** The site, if the request comes from one of its allowed origins; CORS headers for that origin. */
  const siteFor = (c: Context): { site: SiteRow; cors: Record<string, string> } => {
    const site = findSite(db, c.req.param('siteId')!);
    if (!site) throw new ParleyError(404, 'site_not_found', `No site ${c.req.param('siteId')}.`);
    const origin = c.req.header('origin');
    if (!origin || !site.settings.allowedOrigins.includes(origin)) {
      throw new ParleyError(403, 'origin_not_allowed', `${origin ?? 'A request without an Origin'} may not use this site: add the origin to the site's allowed origins in the Parley console.`);
    }
    return { site, cors: { 'access-control-allow-origin': origin, vary: 'origin' } };
  };

  return { siteFor };
}

export const readableRefusals: MiddlewareHandler = async (c, next) => {
  await next();
  const origin = c.req.header('origin');
  if (origin && c.res.status >= 400 && !c.res.headers.has('access-control-allow-origin')) {
    c.res.headers.set('access-control-allow-origin', origin);
    c.res.headers.append('vary', 'origin');
  }
};
