// Sends one Instagram direct message: `POST /{version}/{ig-id}/messages` (channels.md §7d), no
// messaging_type unless a person answers after 24 h (`MESSAGE_TAG` + `HUMAN_AGENT`).
import type { ChannelContext, ConnectorDeps, OutboundMessage, SendResult } from '../connector';
import { sendMessagingPlatform } from '../shared/meta/messaging-send';
import type { InstagramDirectConfig } from './config';
import { renderInstagramDirect } from './render';

export function sendInstagramDirectMessage(message: OutboundMessage, channel: ChannelContext<InstagramDirectConfig>, deps: ConnectorDeps): Promise<SendResult> {
  const { config } = channel;
  return sendMessagingPlatform(
    message,
    { config, token: config.accessToken, path: `${config.instagramAccountId}/messages`, product: 'Instagram', render: renderInstagramDirect },
    deps,
  );
}
