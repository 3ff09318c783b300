// The WhatsApp Cloud API webhook (channels.md §8c): `entry[].changes[]` with `field: "messages"` and
// a value holding the business number's metadata, the senders' profiles (`contacts`), `messages` and
// `statuses`. Loose objects: Meta adds fields, and only what Parley reads is required.
import { z } from 'zod';

const media = z.looseObject({
  id: z.string(),
  mime_type: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  /** Not in the documented payload (media are fetched by id); read when Meta includes it. */
  url: z.string().optional(),
});

export const whatsappMessageSchema = z.looseObject({
  from: z.string({ error: 'from is required' }).min(1),
  id: z.string({ error: 'id (the wamid) is required' }).min(1),
  timestamp: z.union([z.string().regex(/^\d+$/, 'timestamp must be Unix seconds'), z.number()], { error: 'timestamp must be Unix seconds' }),
  type: z.string({ error: 'type is required' }),
  text: z.looseObject({ body: z.string() }).optional(),
  image: media.optional(),
  video: media.optional(),
  audio: media.optional(),
  document: media.optional(),
  sticker: media.optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.looseObject({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
    })
    .optional(),
  button: z.looseObject({ payload: z.string(), text: z.string().optional() }).optional(),
  location: z.looseObject({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional() }).optional(),
});

export const whatsappStatusSchema = z.looseObject({
  id: z.string({ error: 'id (the wamid) is required' }).min(1),
  status: z.string({ error: 'status is required' }),
  timestamp: z.union([z.string().regex(/^\d+$/, 'timestamp must be Unix seconds'), z.number()], { error: 'timestamp must be Unix seconds' }),
  recipient_id: z.string().optional(),
  /** What Parley put in `biz_opaque_callback_data` when sending: its own message id. */
  biz_opaque_callback_data: z.string().optional(),
  errors: z
    .array(z.looseObject({ code: z.number().optional(), title: z.string().optional(), message: z.string().optional(), error_data: z.looseObject({ details: z.string().optional() }).optional() }))
    .optional(),
});

export const whatsappValueSchema = z.looseObject({
  metadata: z.looseObject({ phone_number_id: z.string().optional(), display_phone_number: z.string().optional() }).optional(),
  contacts: z.array(z.looseObject({ wa_id: z.string().optional(), profile: z.looseObject({ name: z.string().optional() }).optional() })).optional(),
  // Checked one by one once their kind is known (whatsappMessageSchema / whatsappStatusSchema).
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
});

export const whatsappWebhookSchema = z.looseObject({
  object: z.literal('whatsapp_business_account', { error: 'object must be "whatsapp_business_account"' }),
  entry: z.array(
    z.looseObject({
      id: z.string().optional(),
      changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })).optional(),
    }),
    { error: 'entry must be an array' },
  ),
});

export type WhatsAppInboundMessage = z.output<typeof whatsappMessageSchema>;
export type WhatsAppStatus = z.output<typeof whatsappStatusSchema>;
export type { WhatsAppSendBody } from './render';

/** The Cloud API's answer to `POST /{phone-number-id}/messages`. */
export interface WhatsAppSendAnswer {
  messaging_product?: 'whatsapp';
  contacts?: { input: string; wa_id: string }[];
  messages?: { id: string; message_status?: string }[];
}
