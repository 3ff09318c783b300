// The parts of LINE's webhook body Parley reads (developers.line.biz/en/reference/messaging-api/#webhook-event-objects,
// channels.md §16c). Objects are loose: LINE adds fields and event types over time, and unknown ones
// must not fail a webhook.
import { z } from 'zod';

const sourceSchema = z.looseObject({
  type: z.string(),
  userId: z.string().optional(),
  groupId: z.string().optional(),
  roomId: z.string().optional(),
});

export const lineMessageSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  text: z.string().optional(),
  fileName: z.string().optional(),
  fileSize: z.number().optional(),
  duration: z.number().optional(),
  title: z.string().optional(),
  address: z.string().optional(),
  latitude: z.number().optional(),
  longitude: z.number().optional(),
  contentProvider: z.looseObject({ type: z.string(), originalContentUrl: z.string().optional() }).optional(),
});

export const lineEventSchema = z.looseObject({
  type: z.string(),
  mode: z.string().optional(),
  timestamp: z.number(),
  webhookEventId: z.string({ error: 'webhookEventId is required on every LINE webhook event' }),
  deliveryContext: z.looseObject({ isRedelivery: z.boolean() }).optional(),
  source: sourceSchema.optional(),
  replyToken: z.string().optional(),
  message: lineMessageSchema.optional(),
  postback: z.looseObject({ data: z.string(), params: z.record(z.string(), z.unknown()).optional() }).optional(),
});

export const lineWebhookSchema = z.looseObject({
  destination: z.string().optional(),
  events: z.array(lineEventSchema, { error: 'events is required: the body is not a LINE webhook' }),
});

export type LineEvent = z.output<typeof lineEventSchema>;
export type LineWebhookMessage = z.output<typeof lineMessageSchema>;
export type LineWebhook = z.output<typeof lineWebhookSchema>;

/** An error answer of the Messaging API: `{message, details?: [{message, property}]}`. */
export interface LineApiError {
  message?: string;
  details?: { message?: string; property?: string }[];
}
