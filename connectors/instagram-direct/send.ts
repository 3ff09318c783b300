// Sends one Instagram direct message: `POST /{version}/{ig-id}/messages` (channels.md §7d), no
// messaging_type unless a person answers after 24 h (`MESSAGE_TAG` + `HUMAN_AGENT`). Files Parley
// stores go as signed public links (Meta fetches them).
import type { ChannelContext, ConnectorDeps, OutboundMessage, SendResult } from '../connector';
import { sendMessagingPlatform } from '../shared/meta/messaging-send';
import { withPublicMediaLinks } from '../shared/public-media';
import type { InstagramDirectConfig } from './config';
import { renderInstagramDirect } from './render';

export async function sendInstagramDirectMessage(message: OutboundMessage, channel: ChannelContext<InstagramDirectConfig>, deps: ConnectorDeps): Promise<SendResult> {
  const { config } = channel;
  return sendMessagingPlatform(
    withPublicMediaLinks(message, 'Instagram'),
    { config, token: config.accessToken, path: `${config.instagramAccountId}/messages`, product: 'Instagram', render: renderInstagramDirect },
    deps,
  );
}
