// The BYOC wire format, both directions (documented with examples in connectors/README.md).
// Inbound: what the integrator's middleware POSTs to Parley. Outbound: what Parley POSTs to it.
import { z } from 'zod';
import type { InboundAttachment } from '../connector';
import { canonicalLocale } from '../../model/i18n/locale-tag';

/** Events per request; larger batches must be split so one request stays quick to acknowledge. */
export const MAX_EVENTS_PER_BATCH = 100;

// Below this a number is almost certainly Unix seconds, not milliseconds (1e11 ms is in 1973).
const MIN_PLAUSIBLE_MS = 1e11;
const isoDateTime = z.iso.datetime({ offset: true });

/** ISO 8601 date-time with a zone, or milliseconds since epoch; parsed to milliseconds. */
const timestampSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  if (typeof value === 'string') {
    if (isoDateTime.safeParse(value).success) return Date.parse(value);
    ctx.addIssue({ code: 'custom', message: 'timestamp must be an ISO 8601 date-time with a zone, e.g. "2026-03-01T12:00:00Z"' });
    return z.NEVER;
  }
  if (!Number.isInteger(value) || value < MIN_PLAUSIBLE_MS) {
    ctx.addIssue({ code: 'custom', message: 'timestamp must be whole milliseconds since epoch (this looks like seconds)' });
    return z.NEVER;
  }
  return value;
});

// Ids are kept byte-exact (no trimming): they are de-duplication and correlation keys.
const id = (what: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be a string`) })
    .regex(/\S/, `${what} must not be empty`);

const senderSchema = z.object(
  {
    externalId: id('sender.externalId'),
    name: z.string().optional(),
    /** The customer's language (BCP 47) when the middleware knows it: fills in the contact's language when it has none. */
    language: z.string().refine((tag) => canonicalLocale(tag) !== null, 'sender.language must be a BCP 47 language tag such as "es" or "pt-BR"').optional(),
  },
  { error: 'sender must be an object like {"externalId": "...", "name": "..."}' },
);

const attachmentSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: 'url must be an http(s) URL' }),
  mime: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'mime must be a MIME type such as "image/png"'),
  name: z.string().optional(),
  size: z.number().int().nonnegative().optional(),
});

const messageEventSchema = z
  .object({
    type: z.literal('message'),
    externalMessageId: id('externalMessageId'),
    externalConversationId: id('externalConversationId'),
    sender: senderSchema,
    text: z.string().optional(),
    attachments: z.array(attachmentSchema).optional(),
    timestamp: timestampSchema,
  })
  .refine((event) => Boolean(event.text?.trim()) || Boolean(event.attachments?.length), {
    message: 'a message needs non-empty text or at least one attachment',
    path: ['text'],
  });

const postbackEventSchema = z.object({
  type: z.literal('postback'),
  externalMessageId: id('externalMessageId'),
  externalConversationId: id('externalConversationId'),
  sender: senderSchema,
  /** The chosen option's payload (button, quick reply, list item, time slot). */
  payload: id('payload'),
  /** What the customer saw and picked; defaults to the payload. */
  text: z.string().optional(),
  timestamp: timestampSchema,
});

const deliveryEventSchema = z
  .object({
    type: z.literal('delivery'),
    /** Parley's message id, as sent in the outbound body's messageId. */
    messageId: id('messageId').optional(),
    /** The middleware's id, as returned from the outbound POST. */
    externalMessageId: id('externalMessageId').optional(),
    status: z.enum(['delivered', 'read', 'failed'], { error: 'status must be "delivered", "read" or "failed"' }),
    reason: z.string().optional(),
    timestamp: timestampSchema,
  })
  .refine((event) => event.messageId !== undefined || event.externalMessageId !== undefined, {
    message: 'a delivery event needs messageId or externalMessageId',
    path: ['messageId'],
  });

export const byocEventSchema = z.discriminatedUnion('type', [messageEventSchema, postbackEventSchema, deliveryEventSchema], {
  error: 'type must be "message", "postback" or "delivery"',
});

export const byocBatchSchema = z.strictObject({
  events: z
    .array(byocEventSchema)
    .min(1, 'events must hold at least one event')
    .max(MAX_EVENTS_PER_BATCH, `events may hold at most ${MAX_EVENTS_PER_BATCH} events; split larger batches`),
});

export type ByocEvent = z.output<typeof byocEventSchema>;

/** The JSON body Parley POSTs to config.outboundUrl for every outbound message. */
export interface ByocOutboundMessage {
  type: 'message';
  /** Parley's message id: also webhook-id and Idempotency-Key, and the id delivery callbacks echo. */
  messageId: string;
  caseId: string;
  externalConversationId: string;
  recipient: { externalId: string; name?: string };
  /**
   * The customer's language as a BCP 47 tag ("es", "pt-BR"): the contact's language, else the
   * channel's default, else the account's (engine/contacts/customer-locale.ts), the same choice
   * every other connector's renderer makes. `text` is written in it (reply hint, dates and times);
   * the middleware can use it for its own words. Absent when none is set anywhere (Parley's English).
   */
  locale?: string;
  /** Plain-text rendering of `content`, in `locale`; always present, for channels that only take text. */
  text: string;
  /** The channel-neutral rich content model, unchanged. */
  content: unknown;
  attachments: InboundAttachment[];
}

/** What the middleware may answer to an outbound POST (any 2xx; the body is optional). */
export interface ByocOutboundAnswer {
  externalMessageId?: string;
}
