// The parts of Slack's Events API envelopes and interactivity payloads Parley reads
// (docs.slack.dev: Events API, url_verification, message event, block_actions). Loose objects:
// Slack adds fields, and an unknown one must not fail a webhook.
import { z } from 'zod';

const fileSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  mimetype: z.string().optional(),
  size: z.number().optional(),
  url_private: z.string().optional(),
});

export const slackMessageEventSchema = z.looseObject({
  type: z.literal('message'),
  subtype: z.string().optional(),
  channel: z.string(),
  channel_type: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().optional(),
  ts: z.string(),
  thread_ts: z.string().optional(),
  files: z.array(fileSchema).optional(),
});

export const slackEnvelopeSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('url_verification'), challenge: z.string() }),
  z.looseObject({
    type: z.literal('event_callback'),
    team_id: z.string().optional(),
    event_id: z.string({ error: 'event_id is required on an event_callback' }),
    event_time: z.number().optional(),
    event: z.looseObject({ type: z.string() }),
  }),
  z.looseObject({ type: z.literal('app_rate_limited') }),
], { error: 'type must be "url_verification", "event_callback" or "app_rate_limited"' });

const optionSchema = z.looseObject({ value: z.string(), text: z.looseObject({ text: z.string() }).optional() });

export const slackBlockActionsSchema = z.looseObject({
  type: z.string(),
  user: z.looseObject({ id: z.string(), name: z.string().optional(), username: z.string().optional() }),
  channel: z.looseObject({ id: z.string() }).optional(),
  container: z.looseObject({ channel_id: z.string().optional(), message_ts: z.string().optional(), thread_ts: z.string().optional() }).optional(),
  message: z.looseObject({ ts: z.string().optional(), thread_ts: z.string().optional() }).optional(),
  actions: z.array(z.looseObject({
    action_id: z.string(),
    action_ts: z.string().optional(),
    value: z.string().optional(),
    text: z.looseObject({ text: z.string() }).optional(),
    selected_option: optionSchema.optional(),
  })).optional(),
});

export type SlackMessageEvent = z.output<typeof slackMessageEventSchema>;
export type SlackEnvelope = z.output<typeof slackEnvelopeSchema>;
export type SlackBlockActions = z.output<typeof slackBlockActionsSchema>;

/** Every Web API answer: `{ok: true, …}` or `{ok: false, error: "channel_not_found", …}`. */
export interface SlackApiAnswer {
  ok: boolean;
  error?: string;
  warning?: string;
  [key: string]: unknown;
}
