// Turns a verified Messenger webhook into Parley events (connectors/shared/meta/messaging-parse.ts):
// PSID as sender and thread, `mid` as de-duplication key, quick replies and postbacks as taps.
import type { ChannelContext, InboundEvent, RawRequest } from '../connector';
import { parseMessagingWebhook } from '../shared/meta/messaging-parse';
import type { MessengerConfig } from './config';
import { MESSENGER_WEBHOOK_OBJECT } from './wire-format';

export function parseMessengerRequest(req: RawRequest, channel?: ChannelContext<MessengerConfig>): InboundEvent[] {
  return parseMessagingWebhook(req.body, MESSENGER_WEBHOOK_OBJECT, 'Messenger', channel?.config.pageId);
}
