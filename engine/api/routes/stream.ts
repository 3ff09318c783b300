// Live inbox updates over Server-Sent Events: `case` and `message` events as they change (and
// `case_hidden` for a case the reader may no longer see), for the
// agent workspace and integrations. Events come from the change log (engine/cases/inbox-changes.ts),
// polled every 500 ms, so changes made by any process arrive; the event id is the change's seq, so
// reconnecting with Last-Event-ID resumes strictly after it (no repeat, no gap).
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { Db } from '../../db/open-database';
import { readInboxChanges, resumeAfter, startAt, startNow, type StreamStart } from '../../cases/inbox-changes';
import type { AuthEnv } from '../auth';
import { visibilityCache } from '../../routing/case-visibility';
import { problemResponses } from '../schemas';

const POLL_MS = 500;
const HEARTBEAT_MS = 15_000;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const cursorData = (description: string) => ({
  type: 'object', required: ['cursor'], properties: { cursor: { type: 'integer', minimum: 0, description } },
});

/** Each event type of the stream and the JSON schema of its `data`. */
export const STREAM_EVENTS = {
  ready: { description: 'First event: the stream is open. Its id is the cursor it starts after.', data: cursorData('The seq the stream starts after.') },
  case: { description: 'A case was created or changed: the case as GET /api/v1/cases returns it.', data: ref('Case') },
  message: { description: 'A message was added or changed (delivery status, attachments): the message as the case thread returns it.', data: ref('Message') },
  case_hidden: {
    description: 'A case changed that this reader may not see: reassigned away from an agent, moved out of their skills, or erased. Only its id is sent, so a list still showing the case can drop it. Sent for every such change (the reader may never have seen that case); its content never is. Each change is judged by the case\'s current assignee and skill; the reader\'s own skills are read when the stream opens and again every 5 s, so a change of them applies within that time.',
    data: { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'string' } } },
  },
  reset: {
    description: 'The changes after the client\'s Last-Event-ID (or since) are no longer kept (the log keeps 24 hours), or the id is unknown: reload the inbox over REST; the stream goes on from now.',
    data: { type: 'object', required: ['reason', 'cursor'], properties: { reason: { type: 'string', enum: ['pruned', 'unknown_cursor'] }, cursor: { type: 'integer', minimum: 0 } } },
  },
  heartbeat: { description: 'Sent after 15 s without events; its id is the current cursor.', data: { type: 'object', additionalProperties: false } },
};

/**
 * One event of the stream, as OpenAPI 3.1 describes an item of `text/event-stream` (3.2 calls this
 * `itemSchema`): the fields `event`, `id` and `data`, with `data` JSON whose schema the event type
 * picks (contentMediaType / contentSchema), so a schema checker validates every event it reads.
 */
const EVENT_SCHEMA = {
  description: 'One server-sent event: `event` (its type), `id` (the cursor: a change seq) and `data` (JSON).',
  type: 'object',
  required: ['event', 'id', 'data'],
  properties: {
    event: { type: 'string', enum: Object.keys(STREAM_EVENTS) },
    id: { type: 'string', pattern: '^[0-9]+$' },
    data: { type: 'string', contentMediaType: 'application/json' },
  },
  oneOf: Object.entries(STREAM_EVENTS).map(([name, e]) => ({
    description: e.description,
    properties: { event: { const: name }, data: { type: 'string', contentMediaType: 'application/json', contentSchema: e.data } },
  })),
};

const DESCRIPTION = [
  'A `text/event-stream` that stays open. Each event has `event:` (its type), `id:` (a cursor: the seq of the change, monotonic across processes) and `data:` (one line of JSON); the response schema describes one event.',
  'Several changes of one row between two polls come as one event with the row\'s latest state. Reconnect with `Last-Event-ID` (browsers do this) to get every change after that id exactly once; `?since=<ms>` starts at the first change committed at or after that time; with neither, the stream starts now. Last-Event-ID wins over since.',
  'Event types:',
  ...Object.entries(STREAM_EVENTS).map(([name, e]) => `- \`${name}\`: ${e.description}`),
].join('\n\n');

export function streamRoutes(db: Db) {
  const app = new OpenAPIHono<AuthEnv>();
  app.openapi(
    createRoute({
      method: 'get', path: '/stream', tags: ['Live updates'],
      summary: 'Server-Sent Events: `case` and `message` events for this account as they change',
      description: DESCRIPTION,
      request: {
        query: z.object({
          since: z.coerce.number().int().nonnegative().optional().openapi({ description: 'ms since epoch (≥ 0): start at the first change committed at or after it. A negative or non-integer value is a 400.' }),
        }),
        headers: z.object({
          'last-event-id': z.string().regex(/^\d{1,16}$/).optional().openapi({ description: 'The id of the last event the client has: resume strictly after it.' }),
        }),
      },
      responses: {
        200: {
          description: 'An event stream; the schema describes one event (see the description).',
          // `as any`: contentSchema (JSON Schema 2020-12, valid in OpenAPI 3.1) is missing from the generator's SchemaObject type.
          content: { 'text/event-stream': { schema: EVENT_SCHEMA as any } },
        },
        ...problemResponses(400, 401),
      },
    }),
    (c) => {
      const principal = c.get('principal');
      const accountId = principal.accountId;
      const lastEventId = c.req.valid('header')['last-event-id'];
      const since = c.req.valid('query').since;
      const start: StreamStart = lastEventId !== undefined ? resumeAfter(db, Number(lastEventId))
        : since !== undefined ? startAt(db, since) : startNow(db);
      // What this reader may see: read once per connection, refreshed every few seconds (not every poll).
      const visibility = visibilityCache(db, principal);
      return streamSSE(c, async (stream) => {
        let cursor = start.cursor;
        let lastWrite = Date.now();
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ cursor }), id: String(cursor) });
        if (start.reset) await stream.writeSSE({ event: 'reset', data: JSON.stringify({ reason: start.reset, cursor }), id: String(cursor) });
        while (!stream.aborted && !stream.closed) {
          const read = readInboxChanges(db, accountId, cursor, visibility.current());
          cursor = read.cursor;
          for (const change of read.changes) {
            await stream.writeSSE({ event: change.type, data: JSON.stringify(change.data), id: String(change.seq) });
            lastWrite = Date.now();
          }
          if (Date.now() - lastWrite > HEARTBEAT_MS) {
            await stream.writeSSE({ event: 'heartbeat', data: '{}', id: String(cursor) });
            lastWrite = Date.now();
          }
          // A full page means more is waiting: read on at once.
          if (!read.more) await stream.sleep(POLL_MS);
        }
      });
    },
  );
  return app;
}
