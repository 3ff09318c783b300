// The parts of Viber's callbacks Parley reads (developers.viber.com/docs/api/rest-bot-api/#callbacks,
// channels.md §19c). One event per POST. Objects are loose: unknown fields must not fail a webhook.
// message_token is a 64-bit integer that JSON.parse would round, so it is read from the raw text.
import { z } from 'zod';

const userSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  avatar: z.string().optional(),
  country: z.string().optional(),
  language: z.string().optional(),
  api_version: z.number().optional(),
});

export const viberMessageSchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  media: z.string().optional(),
  thumbnail: z.string().optional(),
  file_name: z.string().optional(),
  size: z.number().optional(),
  duration: z.number().optional(),
  location: z.looseObject({ lat: z.number(), lon: z.number() }).optional(),
  contact: z.looseObject({ name: z.string().optional(), phone_number: z.string().optional() }).optional(),
  tracking_data: z.string().optional(),
});

export const viberCallbackSchema = z.looseObject({
  event: z.string({ error: 'event is required: the body is not a Viber callback' }),
  timestamp: z.number({ error: 'timestamp is required on every Viber callback' }),
  message_token: z.union([z.number(), z.string()]).optional(),
  sender: userSchema.optional(),
  user: userSchema.optional(),
  user_id: z.string().optional(),
  message: viberMessageSchema.optional(),
  desc: z.string().optional(),
});

export type ViberCallback = z.output<typeof viberCallbackSchema>;
export type ViberMessage = z.output<typeof viberMessageSchema>;

/** Every API answer: `{status: 0, status_message: "ok", …}`; any other status is an error, even with HTTP 200. */
export interface ViberApiAnswer {
  status?: number;
  status_message?: string;
  [key: string]: unknown;
}

/** The exact digits of `message_token` in a raw JSON text (a 64-bit integer JSON.parse would round). */
export function messageTokenOf(rawJson: string): string | undefined {
  return /"message_token"\s*:\s*"?(\d+)/.exec(rawJson)?.[1];
}
