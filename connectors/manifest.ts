// A channel's manifest: the single source of truth for what a channel type can do. Connectors,
// the rule engine, the editor and the agent workspace all read capabilities from here.
import type { RichContentType } from '../model/content/types';

export type ChannelKind = 'messaging' | 'social' | 'collaboration' | 'chat' | 'email' | 'sms' | 'custom';

/** A reply window: how long after the customer's last inbound message the business may answer. */
export interface ReplyWindow {
  /** Standard window in hours after the customer's last message; null = no window. */
  hours: number | null;
  /** A longer window open only to human agents (Messenger/Instagram HUMAN_AGENT tag: 7 days). */
  humanAgentHours?: number;
  /** What may still be sent once the window has closed. */
  outsideWindow: 'nothing' | 'templates' | 'tagged' | 'anything';
  source?: string;
}

export interface AttachmentRules {
  inbound: boolean;
  outbound: boolean;
  /** MIME types or families ('image/*'); empty = any. */
  types: string[];
  /** Largest outbound file in bytes; null = no documented limit. */
  maxBytes: number | null;
  maxPerMessage?: number;
  /** Per-family limits where the provider documents them, e.g. { 'image/*': 5_000_000 }; maxBytes is the largest. */
  maxBytesByType?: Record<string, number>;
  source?: string;
}

export interface RichContentSupport {
  type: RichContentType;
  /** native: sent as the channel's own structure; degraded: sent in a simpler native form; fallback: plain text. */
  level: 'native' | 'degraded' | 'fallback';
  /** Native limits the renderer enforces, e.g. { buttons: 3, titleChars: 20 }. */
  limits?: Record<string, number>;
  note?: string;
  /** Where the level and limits come from (seed matrix, channels.md section, provider docs). */
  source?: string;
}

export interface ChannelManifest {
  type: string;
  displayName: string;
  kind: ChannelKind;
  status: 'active' | 'retired';
  retiredOn?: string;
  /** Set-up facts an admin needs (the seed's "set-up and details" column). */
  setupNotes?: string[];
  /**
   * How customers' messages reach Parley: `webhook` (the provider posts to /webhooks/{channelId}; the
   * default), `mail` (SMTP endpoint or IMAP, no webhook URL) or `widget` (Parley's own web chat).
   */
  inbound?: 'webhook' | 'mail' | 'widget';
  /** Where a person connects one: Settings → Channels (the default) or Websites (the snippet carries web chat). */
  connectFrom?: 'settings' | 'websites';
  capabilities: {
    inbound: boolean;
    outbound: boolean;
    reply: boolean;
    publishing: boolean;
    proactiveOutbound: boolean;
    attachments: AttachmentRules;
    replyWindow: ReplyWindow;
    /** Longest text the provider accepts in one message; null = no documented limit. */
    maxTextLength: number | null;
    richContent: RichContentSupport[];
    /** What agents can do on this channel (the seed's "what agents can do" column). */
    agentActions: string[];
  };
}

/** How a channel type receives, with the default filled in. */
export const inboundOf = (m: Pick<ChannelManifest, 'inbound'>): 'webhook' | 'mail' | 'widget' => m.inbound ?? 'webhook';

/** Where a channel type is connected, with the default filled in. */
export const connectFromOf = (m: Pick<ChannelManifest, 'connectFrom'>): 'settings' | 'websites' => m.connectFrom ?? 'settings';
