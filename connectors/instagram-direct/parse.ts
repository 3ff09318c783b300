// Turns a verified Instagram webhook into Parley events (connectors/shared/meta/messaging-parse.ts):
// IGSID as sender and thread, `mid` as de-duplication key; comments (`changes[]`) belong to the
// `instagram` channel type and are skipped here.
import type { ChannelContext, InboundEvent, RawRequest } from '../connector';
import { parseMessagingWebhook } from '../shared/meta/messaging-parse';
import type { InstagramDirectConfig } from './config';
import { INSTAGRAM_WEBHOOK_OBJECT } from './wire-format';

export function parseInstagramDirectRequest(req: RawRequest, channel?: ChannelContext<InstagramDirectConfig>): InboundEvent[] {
  return parseMessagingWebhook(req.body, INSTAGRAM_WEBHOOK_OBJECT, 'Instagram', channel?.config.instagramAccountId);
}
