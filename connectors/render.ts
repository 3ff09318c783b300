// The shared vocabulary of channel renderers (content message → provider request bodies) and answer
// parsers (a customer's reply → the option chosen). Each channel implements both in its own folder;
// connectors/renderers.ts registers them by channel type.
import type { ContentMessage } from '../model/content/model';
import type { RichContentType } from '../model/content/types';

/** Who and where a message goes, in the provider's own identifiers. */
export interface RenderContext {
  /** The customer's id on the provider: PSID/IGSID, wa_id, Telegram chat id, LINE userId, Slack channel, … */
  recipientId: string;
  /** The provider's thread: comment/review/tweet id replied to, Slack thread_ts, Teams conversation id, … */
  threadId: string;
  /** LINE's single-use reply token; without it LINE messages are pushed (which costs quota). */
  replyToken?: string;
  /** Display name Viber requires as `sender.name` on every message. */
  senderName?: string;
  /**
   * A tracked link that records a postback when followed (email has no buttons). Without it email
   * postback buttons become numbered "reply with" options.
   */
  answerLink?: (optionId: string) => string;
  /**
   * The customer's BCP 47 locale (OutboundMessage.locale): the words Parley adds (reply hint, labels)
   * and dates follow it (model/i18n). Absent: English, and the renderers' default date formats.
   */
  locale?: string;
}

/**
 * native: the channel's own structure for the content, nothing the author wrote is lost.
 * degraded: a native but simpler form — split, truncated, fields dropped, another structure standing in.
 * fallback: the customer gets the plain-text fallback (model/content/fallback.ts).
 */
export type RenderOutcome = 'native' | 'degraded' | 'fallback';

export const OUTCOME_RANK: Record<RenderOutcome, number> = { fallback: 0, degraded: 1, native: 2 };

export interface RenderReportEntry {
  /** The block's path in the message, as validation issues name it: `content` or `content.2`. */
  block: string;
  /** The conformance-matrix type of the block (a text block's format decides markdown/html). */
  type: RichContentType;
  outcome: RenderOutcome;
  /** What the renderer did, in a sentence: which structure, what was split, cut or dropped. */
  detail: string;
}

export interface RenderResult<Payload = unknown> {
  /** Provider request bodies, to be sent in this order. */
  payloads: Payload[];
  /** One entry per block of the message, in order. */
  report: RenderReportEntry[];
}

/**
 * The native limits a renderer enforces, in the shape of a manifest's capabilities (maxTextLength and
 * per-type `limits`), so a test can check that code and manifest agree.
 */
export interface ChannelLimits {
  maxTextLength: number | null;
  richContent: Partial<Record<RichContentType, Readonly<Record<string, number>>>>;
}

export type Renderer<Payload = unknown> = (message: ContentMessage, context: RenderContext) => RenderResult<Payload>;

/** The option a customer chose, however they chose it (tap, typed number, typed title). */
export interface AnswerPostback {
  /** The option's id in the content model (for an Adaptive Card action: its id, else its title). */
  optionId: string;
  /** What the option carries: postback/reply/item payload, a slot's ISO start, a card action's data as JSON. */
  payload: string;
  channel: string;
  /** The inbound event the answer came from, unchanged. */
  raw: unknown;
}

/** What the engine knows about how the question was shown to the customer. */
export interface AnswerContext {
  /**
   * The locales the sent message's fallback was shown in (the customer's, as OutboundMessage.locale):
   * a typed title is matched against the options as rendered in each of them, and in English.
   * Only time-slot titles (dates) differ between locales today.
   */
  locales?: readonly string[];
}

/**
 * Maps an inbound event to the option of `sent` it answers, or null when it answers none. `inbound`
 * is the provider's raw event (the webhook's message/update/activity object) or a normalized
 * InboundEvent from connectors/connector.ts.
 */
export type AnswerParser = (inbound: unknown, sent: ContentMessage, context?: AnswerContext) => AnswerPostback | null;
