// The connector contract every channel implements. See connectors/README.md.
import type { z } from 'zod';
import type { ChannelManifest, ReplyWindow } from './manifest';

/** The raw HTTP request a provider sent, exactly as received (signatures cover the raw bytes). */
export interface RawRequest {
  method: string;
  /** Full URL as the provider called it (scheme, host, path and query). */
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** A channel instance as the connector sees it: decrypted config and its id. */
export interface ChannelContext<Config = Record<string, unknown>> {
  id: string;
  accountId: string;
  config: Config;
}

export type VerifyResult =
  | { ok: true }
  | { ok: false; reason: string };

/** A provider's verification handshake (Meta hub.challenge, X CRC, ...): answered directly. */
export interface HandshakeResponse {
  status: number;
  body: string;
  contentType?: string;
}

export interface InboundAttachment {
  url?: string;
  mime: string;
  name?: string;
  size?: number;
}

/** Normalized inbound events. `eventId` is the provider's id used to de-duplicate retries. */
export type InboundEvent =
  | {
      kind: 'message';
      eventId: string;
      providerMessageId: string;
      /** Provider's thread/conversation id; the case is found by contact + thread. */
      threadId: string;
      /** `language`: the customer's BCP 47 language when the provider's profile gives one (Telegram language_code, Teams locale). */
      sender: { externalId: string; name?: string; language?: string };
      text: string;
      attachments: InboundAttachment[];
      /** Milliseconds since epoch, as the provider stamped it. */
      occurredAt: number;
      raw?: unknown;
    }
  | {
      kind: 'postback';
      eventId: string;
      providerMessageId: string;
      threadId: string;
      /** `language`: the customer's BCP 47 language when the provider's profile gives one (Telegram language_code, Teams locale). */
      sender: { externalId: string; name?: string; language?: string };
      /** The option chosen (button / quick reply / list item / time slot). */
      payload: string;
      text: string;
      occurredAt: number;
      raw?: unknown;
    }
  | {
      /**
       * The customer answered a file-consent request (Teams' FileConsentCard in a personal chat): the
       * engine checks that `messageId` / `attachmentId` name a file Parley sent in this thread, then
       * uploads it on `accept` (engine/teams/file-consent-answers.ts).
       */
      kind: 'fileConsent';
      eventId: string;
      threadId: string;
      /** Parley's message and attachment row the request was about, as the connector read them back. */
      messageId: string;
      attachmentId: string;
      action: 'accept' | 'decline';
      /** On accept: where and how the provider takes the bytes (Teams: uploadUrl, contentUrl, name, uniqueId, fileType). */
      upload?: Record<string, string>;
      occurredAt: number;
      raw?: unknown;
    }
  | {
      kind: 'receipt';
      eventId: string;
      /** Parley's message id when the provider echoes it, else the provider's message id. */
      messageId?: string;
      providerMessageId?: string;
      status: 'delivered' | 'read' | 'failed';
      reason?: string;
      occurredAt: number;
    };

/** A message Parley sends, in channel-neutral form. */
export interface OutboundMessage {
  /** Parley's message id; also the idempotency key towards the provider. */
  id: string;
  caseId: string;
  threadId: string;
  recipient: { externalId: string; name?: string };
  /** Channel-neutral content (model/content model) and its plain-text fallback. */
  content: unknown;
  text: string;
  attachments: InboundAttachment[];
  /**
   * What only Parley's records know and the provider needs, by channel type (e.g. email's subject,
   * In-Reply-To and References). Filled by the engine's outbound-context providers.
   */
  context?: Record<string, unknown>;
  /**
   * The customer's BCP 47 locale, resolved once by the engine (contact's language, else the channel's,
   * else the account's default): pass it to the renderer as RenderContext.locale.
   */
  locale?: string;
}

export type SendResult = { providerMessageId: string };

/** An inbound file's bytes as the provider served them (`mime` as declared; Parley sniffs its own). */
export interface FetchedMedia {
  bytes: Uint8Array;
  mime: string;
  name?: string;
}

/**
 * A send failure. `transient` errors (timeouts, 408/429/5xx) are retried with backoff;
 * permanent ones (4xx, rejected payload) fail the message at once.
 */
export class SendError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    readonly status?: number,
    /**
     * How long the provider asked Parley to wait before the next attempt (HTTP `Retry-After`,
     * Telegram `parameters.retry_after`, …). The send activity waits exactly this long instead of
     * its own backoff. Only meaningful on a transient error.
     */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

export interface ConnectorDeps {
  fetch: typeof fetch;
  now: () => number;
  /** Given to `send` by the delivery activity: progress a long send keeps across its attempts (SendProgress). */
  progress?: SendProgress;
}

/**
 * What a long `send` (X's chunked video upload) keeps across its attempts, which may run on other
 * workers: the delivery activity carries it in Temporal's heartbeat details, so connectors need no
 * Temporal import. Plain JSON only; the connector owns its shape.
 */
export interface SendProgress {
  /** What the previous attempt of this same delivery saved last; undefined on the first attempt. */
  readonly saved: unknown;
  /** Replaces what is saved; it rides on the attempt's heartbeats and reaches the next attempt. */
  save(details: unknown): void;
}

/**
 * A provider's published outbound rate, as a token bucket: `burst` requests at once, refilled at
 * `perSecond`. The send activity takes one token per OutboundMessage before calling `send`.
 */
export interface RateLimit {
  /** Sustained messages per second for the whole channel (one bot, app or number). */
  perSecond: number;
  /** How many may go at once after a quiet spell. */
  burst: number;
  /** A tighter limit per conversation (OutboundMessage.threadId), e.g. Telegram's 1 message/s per chat. */
  perConversation?: { perSecond: number; burst: number };
}

/** One thing the person must still do in the provider's console. Shown by the API and the console. */
export interface NextStep {
  /** What to do and where, in a sentence. */
  text: string;
  /** The exact value to paste (webhook URL, verify token), when there is one. Never a secret field. */
  value?: string;
}

export interface SetupContext {
  /** Where the provider must post: `{PARLEY_PUBLIC_URL}/webhooks/{channelId}`. */
  webhookUrl: string;
  /** `create` on POST /channels; `update` when PATCH /channels/{id} changes the config. */
  reason: 'create' | 'update';
}

export interface SetupResult<Config> {
  /** Values learned from the provider (a bot's username, a workspace id), merged into the stored config. */
  config?: Partial<Config>;
}

/**
 * The provider refused the channel's credentials or its webhook registration. The channel is not
 * created (or not changed); the API answers 422 `channel_setup_failed` with this message, which
 * should quote the provider's own reason.
 */
export class SetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SetupError';
  }
}

export interface Connector<Config = any> {
  manifest: ChannelManifest;
  /** Validates a channel's config on create/update. */
  configSchema: z.ZodType<Config>;
  /** Config keys that hold secrets: encrypted at rest, never returned by the API. */
  secretFields: readonly string[];
  /** Fills in generated values (e.g. a signing secret) when a channel is created. */
  prepareConfig?(config: Config): Config;
  /** The reply window of one channel instance, when its config changes the manifest's. */
  replyWindow?(config: Config): ReplyWindow;
  /** Answers a GET verification handshake, or null when the request is not one. */
  handshake?(req: RawRequest, channel: ChannelContext<Config>): HandshakeResponse | null;
  verify(req: RawRequest, channel: ChannelContext<Config>, deps: ConnectorDeps): VerifyResult | Promise<VerifyResult>;
  /** `deps.now()` stamps events the provider sends without a time of their own (a button tap). */
  parse(req: RawRequest, channel: ChannelContext<Config>, deps?: ConnectorDeps): InboundEvent[];
  /**
   * The answer to a verified, ingested POST when the provider expects more than Parley's default
   * JSON summary: Slack's url_verification challenge, a Telegram method call in the webhook reply.
   * Null keeps the default.
   */
  webhookResponse?(req: RawRequest, channel: ChannelContext<Config>): HandshakeResponse | null;
  send(message: OutboundMessage, channel: ChannelContext<Config>, deps: ConnectorDeps): Promise<SendResult>;
  /**
   * Runs when a channel is created and when its config changes, before anything is stored: checks
   * the credentials against the provider (Telegram getMe, Slack auth.test) and registers the
   * webhook where the provider allows it (Telegram setWebhook). Throw SetupError to refuse.
   */
  setup?(channel: ChannelContext<Config>, context: SetupContext, deps: ConnectorDeps): Promise<SetupResult<Config> | void>;
  /**
   * What the person must still do in the provider's console (paste the webhook URL, subscribe to
   * events, …). Pure: computed from the config with secret fields redacted, on every channel view.
   */
  nextSteps?(config: Config, context: { webhookUrl: string }): NextStep[];
  /**
   * The URL the provider should call, when it is not the channel's own `/webhooks/{channelId}` (Meta
   * channels that name their app share `/webhooks/meta/{appId}`). The channel's own URL keeps working.
   */
  providerWebhookUrl?(config: Config, channelWebhookUrl: string): string;
  /** The provider's published outbound rate; the send activity waits for a token before `send`. */
  rateLimit?: RateLimit;
  /**
   * Downloads an inbound file the provider only referenced (a Telegram file_id, Slack's url_private,
   * Twilio's MediaUrl): `ref` is the attachment's stored `url` as `parse` wrote it. Uses the channel's
   * credentials, which never leave the server. Throws SendError with the provider's reason.
   */
  fetchMedia?(config: Config, ref: string, deps: ConnectorDeps): Promise<FetchedMedia>;
  /**
   * The customer's name and BCP 47 language from the provider's profile call, for channels whose
   * webhooks carry only an id (Messenger, Instagram, LINE, WeChat). Asked after ingest, off the
   * webhook's path; fields the provider does not give are left out. Throws with the provider's reason.
   */
  fetchProfile?(config: Config, externalId: string, deps: ConnectorDeps): Promise<ContactProfile>;
}

/** What a provider's profile tells about a customer (connector.fetchProfile). */
export interface ContactProfile {
  name?: string;
  /** BCP 47 ("es-ES"). */
  language?: string;
}
