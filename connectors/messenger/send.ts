// Sends one message to a Messenger user: `POST /{version}/me/messages` with the Page access token
// (channels.md §6d), `messaging_type: RESPONSE`, or `MESSAGE_TAG` + `HUMAN_AGENT` when a person
// answers after the 24 h window. Files Parley stores go as signed public links (Meta fetches them).
// One attempt; the send activity retries transient failures.
import type { ChannelContext, ConnectorDeps, OutboundMessage, SendResult } from '../connector';
import { sendMessagingPlatform } from '../shared/meta/messaging-send';
import { withPublicMediaLinks } from '../shared/public-media';
import type { MessengerConfig } from './config';
import { renderMessenger } from './render';

export async function sendMessengerMessage(message: OutboundMessage, channel: ChannelContext<MessengerConfig>, deps: ConnectorDeps): Promise<SendResult> {
  return sendMessagingPlatform(withPublicMediaLinks(message, 'Facebook Messenger'), { config: channel.config, token: channel.config.pageAccessToken, path: 'me/messages', product: 'Messenger', render: renderMessenger }, deps);
}
