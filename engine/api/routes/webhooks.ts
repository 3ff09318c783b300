// Provider webhooks: verify the signature on the raw bytes, parse, ingest in one transaction,
// acknowledge. A request that fails verification is refused before anything is written.
import { Hono } from 'hono';
import type { ChannelStore } from '../../channels/channel-store';
import type { InboundEvent, RawRequest } from '../../../connectors/connector';
import { ParleyError } from '../../errors';
import type { IngestChannel, IngestResult } from '../../ingest/ingest-events';

export interface WebhookDeps {
  channels: ChannelStore;
  ingest: (channel: IngestChannel, events: InboundEvent[]) => IngestResult;
}

async function rawRequest(req: Request): Promise<RawRequest> {
  const headers: Record<string, string> = {};
  req.headers.forEach((v, k) => { headers[k] = v; });
  return { method: req.method, url: req.url, headers, body: Buffer.from(await req.arrayBuffer()) };
}

export function webhookRoutes(routeDeps: WebhookDeps) {
  const app = new Hono();

  const channelFor = (id: string) => {
    const found = routeDeps.channels.context(id);
    if (!found) throw new ParleyError(404, 'channel_not_found', `No channel with id ${id}.`);
    if (!found.row.enabled) throw new ParleyError(403, 'channel_disabled', 'This channel is disabled; its events are not accepted.');
    return found;
  };

  // Verification handshakes (Meta hub.challenge, WeChat echostr, ...).
  app.get('/webhooks/:channelId', async (c) => {
    const { connector, ctx } = channelFor(c.req.param('channelId'));
    const answer = connector.handshake?.(await rawRequest(c.req.raw), ctx);
    if (!answer) throw new ParleyError(400, 'not_a_handshake', 'This channel expects POSTed events; the GET is not a verification handshake it knows.');
    return c.body(answer.body, answer.status as 200, { 'content-type': answer.contentType ?? 'text/plain' });
  });

  app.post('/webhooks/:channelId', async (c) => {
    const { connector, ctx } = channelFor(c.req.param('channelId'));
    const raw = await rawRequest(c.req.raw);
    const deps = { fetch, now: Date.now };
    const verdict = await connector.verify(raw, ctx, deps);
    if (!verdict.ok) throw new ParleyError(401, 'invalid_signature', `Webhook refused: ${verdict.reason}`);
    let events;
    try {
      events = connector.parse(raw, ctx, deps);
    } catch (err) {
      // Connectors throw a ParleyError (400 with field issues) for a body they cannot read.
      if (err instanceof SyntaxError) throw new ParleyError(400, 'malformed_json', 'The request body is not valid JSON.');
      throw err;
    }
    const result = routeDeps.ingest({ id: ctx.id, accountId: ctx.accountId, type: connector.manifest.type }, events);
    // Some providers expect a specific answer (Slack's url_verification challenge, a Telegram method call).
    const answer = connector.webhookResponse?.(raw, ctx);
    if (answer) return c.body(answer.body, answer.status as 200, { 'content-type': answer.contentType ?? 'text/plain' });
    return c.json({ accepted: result.accepted, duplicates: result.duplicates, caseIds: result.caseIds }, 200);
  });

  return app;
}
