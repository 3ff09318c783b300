// A WhatsApp Business account on the Graph API stand-in, with approved templates, and its channel in
// Parley: what the WhatsApp template tests (API and console) share.
import { startMetaGraphApi, type MetaGraphApi } from '../fakes/meta-graph-api';
import { createChannel } from './channel-fixtures';
import type { Harness } from './parley-harness';

export interface WhatsAppAccount { phoneNumberId: string; businessAccountId: string; accessToken: string; appSecret: string }

/** An approved template in Meta's shape: a body, and a media header when `header` is given. */
export const approvedTemplate = (name: string, body: string, header?: 'IMAGE' | 'VIDEO' | 'DOCUMENT', category = 'MARKETING') => ({
  name, language: 'es', status: 'APPROVED' as const, category,
  components: [...(header ? [{ type: 'HEADER', format: header, example: { header_handle: ['4::aW...'] } }] : []), { type: 'BODY', text: body }],
});

/** The two templates the console tests offer: one with a text body only, one with an IMAGE header. */
export const CONSOLE_TEMPLATES = [
  approvedTemplate('order_update', 'Hola {{1}}, tu pedido ya ha salido.', undefined, 'UTILITY'),
  approvedTemplate('autumn_lookbook', 'Hola {{1}}, ya está aquí la colección de otoño.', 'IMAGE'),
];

/** The Graph API stand-in serving these accounts' numbers and templates. */
export function startWhatsAppGraph(accounts: WhatsAppAccount[], templates: ReturnType<typeof approvedTemplate>[], opts: { resolveMedia?: (url: string) => string | undefined } = {}): Promise<MetaGraphApi> {
  return startMetaGraphApi({
    tokens: [...new Set(accounts.map((a) => a.accessToken))], whatsappPhoneNumbers: accounts.map((a) => a.phoneNumberId),
    templates: Object.fromEntries(accounts.map((a) => [a.businessAccountId, templates])),
    ...(opts.resolveMedia ? { resolveMedia: opts.resolveMedia } : {}),
  });
}

/** Connects the account's number as a WhatsApp channel on the stand-in: its id. */
export async function connectWhatsApp(h: Harness, graph: MetaGraphApi, account: WhatsAppAccount, opts: { name: string; mediaDelivery: 'upload' | 'link' }): Promise<string> {
  const { phoneNumberId, businessAccountId, accessToken, appSecret } = account;
  const channel = await createChannel(h, {
    type: 'whatsapp', name: opts.name,
    config: { phoneNumberId, businessAccountId, accessToken, appSecret, verifyToken: `wa-verify-${phoneNumberId}`, mediaDelivery: opts.mediaDelivery, graphApiBaseUrl: graph.url },
  });
  return channel.id;
}
