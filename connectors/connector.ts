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
      sender: { externalId: string; name?: string };
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
      sender: { externalId: string; name?: string };
      /** The option chosen (button / quick reply / list item / time slot). */
      payload: string;
      text: string;
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
}

export type SendResult = { providerMessageId: string };

/**
 * A send failure. `transient` errors (timeouts, 408/429/5xx) are retried with backoff;
 * permanent ones (4xx, rejected payload) fail the message at once.
 */
export class SendError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

export interface ConnectorDeps {
  fetch: typeof fetch;
  now: () => number;
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
  parse(req: RawRequest, channel: ChannelContext<Config>): InboundEvent[];
  send(message: OutboundMessage, channel: ChannelContext<Config>, deps: ConnectorDeps): Promise<SendResult>;
}
