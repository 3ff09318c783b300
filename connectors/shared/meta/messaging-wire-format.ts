// The Messenger Platform webhook (channels.md §6c, §7c), shared by Messenger (`object: "page"`) and
// Instagram Direct (`object: "instagram"`): `entry[].messaging[]` events carrying a message, a
// postback, a delivery or a read. Loose objects: Meta adds fields over time, and fields Parley does
// not read must not break a delivery. Only what Parley reads is required.
import { z } from 'zod';

const idRef = (what: string) => z.object({ id: z.string({ error: `${what}.id is required` }).min(1, `${what}.id must not be empty`) }, { error: `${what} must be an object like {"id": "..."}` });

export const messagingAttachmentSchema = z.looseObject({
  type: z.string({ error: 'attachment type is required' }),
  payload: z.looseObject({ url: z.string().optional(), title: z.string().optional() }).nullish(),
});

export const messagingMessageSchema = z.looseObject({
  mid: z.string({ error: 'message.mid is required' }).min(1),
  text: z.string().optional(),
  is_echo: z.boolean().optional(),
  is_deleted: z.boolean().optional(),
  is_unsupported: z.boolean().optional(),
  quick_reply: z.looseObject({ payload: z.string() }).optional(),
  attachments: z.array(messagingAttachmentSchema).optional(),
});

export const messagingPostbackSchema = z.looseObject({
  mid: z.string().optional(),
  title: z.string().optional(),
  payload: z.string({ error: 'postback.payload is required' }),
});

export const messagingDeliverySchema = z.looseObject({
  mids: z.array(z.string()).optional(),
  watermark: z.number().optional(),
});

export const messagingReadSchema = z.looseObject({
  /** Instagram names the message read; Messenger only gives a watermark (everything before it). */
  mid: z.string().optional(),
  watermark: z.number().optional(),
});

export const messagingEventSchema = z.looseObject({
  sender: idRef('sender'),
  recipient: idRef('recipient'),
  timestamp: z.number({ error: 'timestamp must be milliseconds since epoch' }),
  message: messagingMessageSchema.optional(),
  postback: messagingPostbackSchema.optional(),
  delivery: messagingDeliverySchema.optional(),
  read: messagingReadSchema.optional(),
});

export function messagingWebhookSchema(object: 'page' | 'instagram') {
  return z.looseObject({
    object: z.literal(object, { error: `object must be "${object}"` }),
    entry: z.array(
      z.looseObject({
        id: z.string().optional(),
        time: z.number().optional(),
        // Absent for field changes (feed, comments) and handover `standby` deliveries, which are skipped.
        // Events are checked one by one (messagingEventSchema) once their kind is known to be handled.
        messaging: z.array(z.unknown()).optional(),
      }),
      { error: 'entry must be an array' },
    ),
  });
}

export type MessagingEvent = z.output<typeof messagingEventSchema>;
export type MessagingAttachment = z.output<typeof messagingAttachmentSchema>;
