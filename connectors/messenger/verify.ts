// Messenger webhooks: the hub.challenge handshake and X-Hub-Signature-256 (connectors/shared/meta).
import type { ChannelContext, HandshakeResponse, RawRequest, VerifyResult } from '../connector';
import { answerHubChallenge } from '../shared/meta/hub-handshake';
import { verifyHubSignature } from '../shared/meta/hub-signature';
import type { MessengerConfig } from './config';

export const messengerHandshake = (req: RawRequest, channel: ChannelContext<MessengerConfig>): HandshakeResponse | null =>
  answerHubChallenge(req, channel.config.verifyToken);

export const verifyMessengerRequest = (req: RawRequest, channel: ChannelContext<MessengerConfig>): VerifyResult =>
  verifyHubSignature(req, channel.config.appSecret);
