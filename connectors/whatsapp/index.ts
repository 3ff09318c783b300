// WhatsApp Cloud API: a business phone number's conversations, through Meta's webhooks (verified with
// the app secret) and the Cloud API (with a system-user token); approved templates outside 24 h.
import { metaProviderWebhookUrl } from '../shared/meta/meta-app';
import type { Connector, ConnectorDeps } from '../connector';
import { WHATSAPP_SECRET_FIELDS, whatsappConfigSchema, prepareWhatsAppConfig, type WhatsAppConfig } from './config';
import { whatsappManifest } from './manifest';
import { downloadWhatsAppMedia, type WhatsAppMedia } from './media-download';
import { parseWhatsAppRequest } from './parse';
import { sendWhatsAppMessage, whatsappTemplateProblem } from './send';
import { setupWhatsAppChannel, whatsappNextSteps } from './setup';
import { listWhatsAppTemplates, type WhatsAppTemplate } from './templates';
import { verifyWhatsAppRequest, whatsappHandshake } from './verify';

export interface WhatsAppConnector extends Connector<WhatsAppConfig> {
  /** The Business Account's approved message templates (GET /api/v1/channels/{id}/templates). */
  listTemplates(config: WhatsAppConfig, deps: ConnectorDeps): Promise<WhatsAppTemplate[]>;
  /** An inbound media file by its media id (GET /api/v1/channels/{id}/media/{mediaId}). */
  fetchMedia(config: WhatsAppConfig, mediaId: string, deps: ConnectorDeps): Promise<WhatsAppMedia>;
  /** Why content's templates would be refused (a media header without its file), before anything is queued. */
  templateProblem(config: WhatsAppConfig, content: unknown, deps: ConnectorDeps): Promise<string | undefined>;
}

export const whatsappConnector: WhatsAppConnector = {
  manifest: whatsappManifest,
  configSchema: whatsappConfigSchema,
  secretFields: WHATSAPP_SECRET_FIELDS,
  prepareConfig: prepareWhatsAppConfig,
  handshake: whatsappHandshake,
  verify: verifyWhatsAppRequest,
  parse: parseWhatsAppRequest,
  send: sendWhatsAppMessage,
  setup: setupWhatsAppChannel,
  nextSteps: whatsappNextSteps,
  providerWebhookUrl: metaProviderWebhookUrl,
  // Throughput 80 messages/s per number by default (130429); pair rate about one message per 6 s to
  // the same user (131056), with short bursts tolerated (channels.md §8d).
  rateLimit: { perSecond: 80, burst: 80, perConversation: { perSecond: 1 / 6, burst: 5 } },
  listTemplates: (config, deps) => listWhatsAppTemplates(config, deps),
  fetchMedia: downloadWhatsAppMedia,
  templateProblem: (config, content, deps) => whatsappTemplateProblem(content, config, deps),
};

export type { WhatsAppConfig } from './config';
export type { WhatsAppTemplate } from './templates';
export type { WhatsAppMedia } from './media-download';
