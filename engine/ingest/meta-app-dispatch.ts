// Splitting one Meta app's webhook among the Parley channels of that app. Meta posts every Page's,
// Instagram account's and phone number's events of an app to the app's single callback URL; each
// `entry` names its owner (entry.id: the Page or Instagram account; for WhatsApp each change's
// `metadata.phone_number_id`). The signature is checked once, on the raw bytes, with the app secret;
// then every owning channel parses the body with its own connector — whose parser keeps only its
// own entries — exactly as the per-channel webhook does. Nothing here writes: the route ingests.
import type { ConnectorDeps, InboundEvent, RawRequest, VerifyResult } from '../../connectors/connector';
import { verifyHubSignature } from '../../connectors/shared/meta/hub-signature';
import { META_APP_CHANNEL_TYPES, type MetaWebhookObject } from '../../connectors/shared/meta/meta-app';
import { MetaPayloadError, readJsonBody } from '../../connectors/shared/meta/payload-error';
import type { MetaAppChannel } from '../channels/meta-app-channels';

/** The id in a channel's config that Meta names as an entry's owner. */
const OWNER_FIELD: Record<string, string> = { messenger: 'pageId', 'instagram-direct': 'instagramAccountId', whatsapp: 'phoneNumberId' };

export const ownerIdOf = (channel: MetaAppChannel): string | undefined => {
  const value = channel.ctx.config[OWNER_FIELD[channel.type]];
  return typeof value === 'string' ? value : undefined;
};

/**
 * Verifies X-Hub-Signature-256 against the app secret. Channels of one app normally hold the same
 * secret; while a rotated secret is being typed into each of them they may not, so each distinct
 * secret is tried once and only the channels holding the one that matched receive the events.
 */
export function verifyForApp(req: RawRequest, channels: MetaAppChannel[]): { ok: true; channels: MetaAppChannel[] } | { ok: false; reason: string } {
  const secrets = [...new Set(channels.map((c) => String(c.ctx.config.appSecret ?? '')))];
  let first: VerifyResult | undefined;
  for (const secret of secrets) {
    const verdict = verifyHubSignature(req, secret || undefined);
    if (verdict.ok) return { ok: true, channels: channels.filter((c) => String(c.ctx.config.appSecret ?? '') === secret) };
    first ??= verdict;
  }
  return { ok: false, reason: first && !first.ok ? first.reason : 'no channel of this app has an appSecret' };
}

/** The webhook object and the owner ids its entries address, in order, each once. */
export function addressedOwners(body: Buffer): { object: MetaWebhookObject; ownerIds: string[] } {
  const json = readJsonBody(body) as { object?: unknown; entry?: unknown };
  const object = typeof json === 'object' && json !== null ? json.object : undefined;
  if (typeof object !== 'string' || !(object in META_APP_CHANNEL_TYPES)) {
    throw new MetaPayloadError('The request body is not a Meta webhook this endpoint handles.', [
      { path: 'object', message: `must be one of ${Object.keys(META_APP_CHANNEL_TYPES).join(', ')}` },
    ]);
  }
  if (!Array.isArray(json.entry)) throw new MetaPayloadError('The request body is not a Meta webhook.', [{ path: 'entry', message: 'must be an array' }]);
  const ids: string[] = [];
  for (const entry of json.entry as { id?: unknown; changes?: { value?: { metadata?: { phone_number_id?: unknown } } }[] }[]) {
    if (object === 'whatsapp_business_account') {
      // A WhatsApp Business Account holds several numbers: each change names its own.
      const numbers = (Array.isArray(entry?.changes) ? entry.changes : [])
        .map((c) => c?.value?.metadata?.phone_number_id)
        .filter((id): id is string => typeof id === 'string');
      // Template or account updates name no number: nothing any channel ingests, so nothing to skip.
      ids.push(...numbers);
    } else if (entry?.id !== undefined) {
      ids.push(String(entry.id));
    }
  }
  return { object: object as MetaWebhookObject, ownerIds: [...new Set(ids)] };
}

export interface ChannelDelivery {
  channel: MetaAppChannel;
  events: InboundEvent[];
}

export interface DispatchPlan {
  deliveries: ChannelDelivery[];
  /** Owner ids no channel of this app (of the webhook's type) owns: skipped, not fatal. */
  skipped: string[];
}

/**
 * Which channels get which events. Every channel's parse runs before anything is ingested, so a body
 * one of them cannot read refuses the whole request (400) with nothing written, as the per-channel
 * route does; Meta then retries the same bytes.
 */
export function planDispatch(req: RawRequest, verified: MetaAppChannel[], deps: ConnectorDeps): DispatchPlan {
  const { object, ownerIds } = addressedOwners(req.body);
  const type = META_APP_CHANNEL_TYPES[object];
  const candidates = verified.filter((c) => c.type === type);
  const owning: MetaAppChannel[] = [];
  const skipped: string[] = [];
  for (const id of ownerIds) {
    const owners = candidates.filter((c) => ownerIdOf(c) === id);
    if (owners.length === 0) skipped.push(id);
    for (const owner of owners) if (!owning.includes(owner)) owning.push(owner);
  }
  const deliveries = owning.map((channel) => ({ channel, events: channel.connector.parse(req, channel.ctx, deps) }));
  return { deliveries, skipped };
}
