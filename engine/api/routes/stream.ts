// Live inbox updates over Server-Sent Events: `case` and `message` events as they change, for the
// agent workspace and integrations. Reconnecting with Last-Event-ID (or ?since=) resumes.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { Db } from '../../db/open-database';
import { readInboxChanges, type ChangeCursor } from '../../cases/inbox-changes';
import type { AuthEnv } from '../auth';
import { problemResponses } from '../schemas';

const POLL_MS = 500;
const HEARTBEAT_MS = 15_000;

export function streamRoutes(db: Db) {
  const app = new OpenAPIHono<AuthEnv>();
  app.openapi(
    createRoute({
      method: 'get', path: '/stream', tags: ['Live updates'],
      summary: 'Server-Sent Events: `case` and `message` events for this account as they change',
      description: 'Each event carries the case or message as the REST API returns it. The event id is a cursor: reconnect with Last-Event-ID (browsers do this) or ?since= to resume without gaps.',
      request: { query: z.object({ since: z.coerce.number().int().nonnegative().optional().openapi({ description: 'ms since epoch; default: now' }) }) },
      responses: { 200: { description: 'An event stream', content: { 'text/event-stream': { schema: z.string() } } }, ...problemResponses(401) },
    }),
    (c) => {
      const accountId = c.get('principal').accountId;
      const lastEventId = Number(c.req.header('last-event-id'));
      const since = c.req.valid('query').since ?? (Number.isFinite(lastEventId) && lastEventId > 0 ? lastEventId : Date.now());
      return streamSSE(c, async (stream) => {
        let cursor: ChangeCursor = { at: since, seen: new Set() };
        let lastWrite = Date.now();
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ since }), id: String(since) });
        while (!stream.aborted && !stream.closed) {
          const read = readInboxChanges(db, accountId, cursor);
          cursor = read.cursor;
          for (const change of read.changes) {
            await stream.writeSSE({ event: change.type, data: JSON.stringify(change.data), id: String(cursor.at) });
            lastWrite = Date.now();
          }
          if (Date.now() - lastWrite > HEARTBEAT_MS) {
            await stream.writeSSE({ event: 'heartbeat', data: '{}', id: String(cursor.at) });
            lastWrite = Date.now();
          }
          await stream.sleep(POLL_MS);
        }
      });
    },
  );
  return app;
}
