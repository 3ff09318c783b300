// Web messaging through Parley's own website snippet (issue #8). Visitors' messages arrive through
// the snippet's endpoints (/w/{siteId}/messages, origin-checked), not a provider webhook; replies
// are "sent" by being stored — the visitor's connection streams them — so sending only signals.
import { z } from 'zod';
import type { Connector } from '../connector';
import { webchatDelivered } from './delivery-signal';
import { webchatManifest } from './manifest';

export const webchatConfigSchema = z.object({
  /** The website (sites table) whose snippet carries this channel's conversations. */
  siteId: z.string().min(1),
});
export type WebchatConfig = z.infer<typeof webchatConfigSchema>;

export const webchatConnector: Connector<WebchatConfig> = {
  manifest: webchatManifest,
  configSchema: webchatConfigSchema,
  secretFields: [],
  verify: () => ({ ok: false, reason: 'Web chat messages arrive through the website snippet (/w/{siteId}/messages), not a webhook.' }),
  parse: () => [],
  async send(message, channel) {
    webchatDelivered(channel.id);
    return { providerMessageId: message.id };
  },
};

export { onWebchatDelivery } from './delivery-signal';
