// Instagram Direct webhooks: the hub.challenge handshake and X-Hub-Signature-256 (connectors/shared/meta).
import type { ChannelContext, HandshakeResponse, RawRequest, VerifyResult } from '../connector';
import { answerHubChallenge } from '../shared/meta/hub-handshake';
import { verifyHubSignature } from '../shared/meta/hub-signature';
import type { InstagramDirectConfig } from './config';

export const instagramDirectHandshake = (req: RawRequest, channel: ChannelContext<InstagramDirectConfig>): HandshakeResponse | null =>
  answerHubChallenge(req, channel.config.verifyToken);

export const verifyInstagramDirectRequest = (req: RawRequest, channel: ChannelContext<InstagramDirectConfig>): VerifyResult =>
  verifyHubSignature(req, channel.config.appSecret);
