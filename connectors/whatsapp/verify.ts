// WhatsApp webhooks: the hub.challenge handshake and X-Hub-Signature-256 (connectors/shared/meta).
import type { ChannelContext, HandshakeResponse, RawRequest, VerifyResult } from '../connector';
import { answerHubChallenge } from '../shared/meta/hub-handshake';
import { verifyHubSignature } from '../shared/meta/hub-signature';
import type { WhatsAppConfig } from './config';

export const whatsappHandshake = (req: RawRequest, channel: ChannelContext<WhatsAppConfig>): HandshakeResponse | null =>
  answerHubChallenge(req, channel.config.verifyToken);

export const verifyWhatsAppRequest = (req: RawRequest, channel: ChannelContext<WhatsAppConfig>): VerifyResult =>
  verifyHubSignature(req, channel.config.appSecret);
