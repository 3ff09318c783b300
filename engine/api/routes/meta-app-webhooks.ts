// The app-level Meta webhook: `/webhooks/meta/{appId}`. A Meta app has one callback URL per webhook
// object, so the Pages, Instagram accounts and WhatsApp numbers of one app (channels whose config names
// that `appId`) share this URL. GET answers the hub.challenge handshake with the verify token of any
// of the app's channels; POST is verified once with the app secret on the raw body, split by entry
// owner (engine/ingest/meta-app-dispatch.ts) and ingested per channel exactly like
// POST /webhooks/{channelId} (same parser, same de-duplication). Entries no channel owns are skipped
// and logged. Like the per-channel webhooks, it sits outside the documented /api/v1 API.
import { Hono } from 'hono';
import type { RawRequest } from '../../../connectors/connector';
import { answerHubChallenge } from '../../../connectors/shared/meta/hub-handshake';
import type { ChannelStore } from '../../channels/channel-store';
import { metaAppChannels } from '../../channels/meta-app-channels';
import type { Db } from '../../db/open-database';
import { ParleyError } from '../../errors';
import { planDispatch, verifyForApp } from '../../ingest/meta-app-dispatch';
import type { WebhookDeps } from './webhooks';

export interface MetaAppWebhookDeps extends WebhookDeps {
  db: Db;
  /** Where skipped entries are reported (an operator reading the log sees which ids are not connected). */
  warn?: (message: string) => void;
}

const APP_ID = /^\d{5,25}$/;

async function rawRequest(req: Request): Promise<RawRequest> {
  const headers: Record<string, string> = {};
  req.headers.forEach((v, k) => { headers[k] = v; });
  return { method: req.method, url: req.url, headers, body: Buffer.from(await req.arrayBuffer()) };
}

export function metaAppWebhookRoutes(deps: MetaAppWebhookDeps) {
  const app = new Hono();
  const warn = deps.warn ?? ((message: string) => console.warn(`[parley] ${message}`));

  const appChannels = (appId: string) => {
    const found = APP_ID.test(appId) ? metaAppChannels(deps.db, deps.channels, appId) : [];
    if (found.length === 0) {
      throw new ParleyError(404, 'meta_app_not_found', `No enabled Messenger, Instagram Direct or WhatsApp channel names the Meta app ${appId.slice(0, 40)} in its appId.`);
    }
    return found;
  };

  app.get('/webhooks/meta/:appId', async (c) => {
    const appId = c.req.param('appId');
    const channels = appChannels(appId);
    const raw = await rawRequest(c.req.raw);
    const tokens = [...new Set(channels.map((ch) => ch.ctx.config.verifyToken as string | undefined))];
    const answers = tokens.map((token) => answerHubChallenge(raw, token));
    const accepted = answers.find((a) => a?.status === 200);
    if (accepted) return c.body(accepted.body, 200, { 'content-type': accepted.contentType ?? 'text/plain' });
    const first = answers[0];
    if (!first) throw new ParleyError(400, 'not_a_handshake', 'This endpoint expects POSTed events; the GET is not a hub.challenge handshake.');
    const body = first.status === 403 ? `hub.verify_token does not match the verify token of any channel of Meta app ${appId}.` : first.body;
    return c.body(body, first.status as 400 | 403, { 'content-type': 'text/plain' });
  });

  app.post('/webhooks/meta/:appId', async (c) => {
    const appId = c.req.param('appId');
    const channels = appChannels(appId);
    const raw = await rawRequest(c.req.raw);
    const verdict = verifyForApp(raw, channels);
    if (!verdict.ok) throw new ParleyError(401, 'invalid_signature', `Webhook refused: ${verdict.reason}`);
    const plan = planDispatch(raw, verdict.channels, { fetch, now: Date.now });
    for (const id of plan.skipped) warn(`Meta app ${appId}: skipped the webhook entry for ${id}: no enabled channel of this app owns it.`);

    const total = { accepted: 0, duplicates: 0, caseIds: [] as string[] };
    const perChannel = plan.deliveries.map(({ channel, events }) => {
      const result = deps.ingest({ id: channel.ctx.id, accountId: channel.ctx.accountId, type: channel.type }, events);
      total.accepted += result.accepted;
      total.duplicates += result.duplicates;
      total.caseIds.push(...result.caseIds);
      return { channelId: channel.ctx.id, accepted: result.accepted, duplicates: result.duplicates, caseIds: result.caseIds };
    });
    return c.json({ ...total, channels: perChannel, skipped: plan.skipped }, 200);
  });

  return app;
}
