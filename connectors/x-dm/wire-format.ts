// The DM payloads X posts: the X Activity API envelope (`{data: {event_uuid, filter, event_type:
// 'dm.received', payload: {direct_message_events, users}}}`, the primary format: the Account
// Activity API ends on 2027-01-01) and the Account Activity API one (`{for_user_id,
// direct_message_events, users}`). Both carry the same v1.1 message_create events. Read receipts: AAA's
// `direct_message_mark_read_events` (documented with POST direct_messages/mark_read), and XAA's `dm.read`.
//
// `dm.read` (docs.x.com/x-api/activity/introduction, "Legacy DM events": "a user reads the filtered user's
// unencrypted DM message, or read receipt"): X's event-payloads page describes it but shows no sample. Its
// DM events carry AAA's keys inside `payload` (dm.received / dm.sent: `direct_message_events` + `users`,
// X's changelog of 2026-03-11: "brings DM event delivery from the Account Activity API into … XAA"), so
// Parley reads dm.read's payload the same way: `direct_message_mark_read_events` + `users`, each entry the
// AAA mark-read object; a payload that is that object itself is read too.
import { z } from 'zod';

export const DirectMessageEventSchema = z.object({
  type: z.string(),
  id: z.string(),
  created_timestamp: z.string().optional(),
  message_create: z.object({
    target: z.object({ recipient_id: z.string() }),
    sender_id: z.string(),
    message_data: z.object({
      text: z.string().default(''),
      quick_reply_response: z.object({ type: z.string(), metadata: z.string().optional() }).optional(),
      attachment: z.object({
        type: z.string(),
        media: z.object({ media_url_https: z.string().optional(), type: z.string().optional(), id_str: z.string().optional() }).loose(),
      }).optional(),
    }).loose(),
  }).optional(),
}).loose();

export type DirectMessageEvent = z.infer<typeof DirectMessageEventSchema>;

/** A users map: AAA has `{ id: { name, screen_name } }`, XAA `{ id: { data: { name, username } } }`. */
const UsersSchema = z.record(z.string(), z.object({ name: z.string().optional(), data: z.object({ name: z.string().optional() }).loose().optional() }).loose()).optional();

/** A read receipt: `sender_id` read the conversation up to `last_read_event_id`. */
export const MarkReadEventSchema = z.object({
  created_timestamp: z.string().optional(),
  sender_id: z.string(),
  last_read_event_id: z.string(),
  target: z.object({ recipient_id: z.string() }).loose().optional(),
}).loose();

export const XaaEnvelopeSchema = z.object({
  data: z.object({
    event_uuid: z.string(),
    event_type: z.string(),
    filter: z.object({ user_id: z.string().optional() }).loose().optional(),
    payload: z.object({
      direct_message_events: z.array(DirectMessageEventSchema).optional(),
      direct_message_mark_read_events: z.array(MarkReadEventSchema).optional(),
      users: UsersSchema,
    }).loose().optional(),
  }).loose(),
});

export const AaaPayloadSchema = z.object({
  for_user_id: z.string(),
  direct_message_events: z.array(DirectMessageEventSchema).optional(),
  direct_message_mark_read_events: z.array(MarkReadEventSchema).optional(),
  users: UsersSchema,
}).loose();

export type XUsers = z.infer<typeof UsersSchema>;
export type MarkReadEvent = z.infer<typeof MarkReadEventSchema>;
