// How each outbound message of a case reached the customer. The delivery activity stores the
// channel renderer's report when it sends a message (messages.rendering: native, degraded or sent
// as text per block, and the plain text the customer got), so what the console shows is what was
// sent, whatever the channel's renderer does later. Rows sent before that was kept are rendered
// again on read (renderers are pure: the same content gives the report the send path had then).
// The console draws native blocks as the customer saw them and the fallback text otherwise.
import { getRendering, type ChannelRendering } from '../../connectors/renderers';
import type { RenderReportEntry } from '../../connectors/render';
import { fallbackText } from '../../model/content/fallback';
import { parseContentMessage, type ContentMessage } from '../../model/content/model';
import type { SentRendering } from '../db/schema';

export interface MessageRendering {
  messageId: string;
  /** The whole message: native when every block was, fallback when every block went as text. */
  outcome: 'native' | 'degraded' | 'fallback';
  report: RenderReportEntry[];
  /** The plain text the customer got for the blocks sent as text, when it was stored at send; else null. */
  text: string | null;
  /** `sent`: stored when the message was sent; `rendered`: an older row, rendered again now. */
  source: 'sent' | 'rendered';
}

/** The whole message's outcome from its blocks'. */
function overall(report: RenderReportEntry[]): SentRendering['outcome'] {
  const outcomes = new Set(report.map((r) => r.outcome));
  return outcomes.size === 1 ? [...outcomes][0] : outcomes.has('fallback') || outcomes.has('degraded') ? 'degraded' : 'native';
}

/** The stored content as the connector reads it (connectors/shared/outbound-content.ts). */
function contentOf(content: unknown, text: string): ContentMessage {
  const parsed = parseContentMessage(content);
  return parsed.ok ? parsed.value : { content: { type: 'text', text, format: 'plain' } };
}

/**
 * The rendering of a message being sent, for messages.rendering: the channel's renderer run on the
 * content and the recipient the connector's send gets, in the customer's language. Null when the
 * channel type has no renderer or the content does not render (the connector's send decides then).
 */
export function renderAsSent(
  channelType: string,
  message: { content: unknown; text: string },
  to: { recipientId: string; threadId: string; locale?: string; answerLinks?: unknown },
  renderings: (type: string) => ChannelRendering | undefined = getRendering,
): SentRendering | null {
  const rendering = renderings(channelType);
  if (!rendering) return null;
  const content = contentOf(message.content, message.text);
  try {
    const { report } = rendering.render(content, {
      recipientId: to.recipientId, threadId: to.threadId, senderName: 'Parley', ...(to.locale ? { locale: to.locale } : {}), ...answerLinkOf(to.answerLinks),
    });
    const sentAsText = report.some((r) => r.outcome === 'fallback');
    return { outcome: overall(report), report, text: sentAsText ? fallbackText(content, to.locale ? { locale: to.locale } : {}) : null };
  } catch {
    return null;
  }
}

/**
 * Email's tracked answer links (the outbound context's `answerLinks`, by option id), as its send
 * passes them to the renderer: with them, buttons and pickers are links rather than numbered text.
 */
function answerLinkOf(links: unknown): { answerLink?: (optionId: string) => string } {
  if (!links || typeof links !== 'object' || Object.keys(links).length === 0) return {};
  const byOption = links as Record<string, string>;
  return { answerLink: (optionId) => byOption[optionId] ?? '' };
}

/** Renders an older outbound row again (its rendering was not stored when it was sent). */
function renderAgain(rendering: ChannelRendering, content: unknown): { outcome: SentRendering['outcome']; report: RenderReportEntry[] } | undefined {
  const parsed = parseContentMessage(content);
  if (!parsed.ok) return undefined;
  try {
    const { report } = rendering.render(parsed.value, { recipientId: 'recipient', threadId: 'thread', senderName: 'Parley' });
    return { outcome: overall(report), report };
  } catch {
    // A message that no longer renders (a renderer's limit changed) is drawn from its stored content.
    return undefined;
  }
}

/** Whether the provider took the message (a queued or failed one was never shown to the customer). */
const wasSent = (status: string) => status === 'sent' || status === 'delivered' || status === 'read';

/**
 * A message's rendering for the API (GET /cases/{id}, the live stream): the stored one, else, for an
 * older sent row, its content rendered again; null for inbound, unsent and unrenderable messages.
 */
export function messageRendering(channelType: string | undefined, m: { direction: string; deliveryStatus: string; content: unknown; rendering?: SentRendering | null }): SentRendering | null {
  if (m.rendering) return m.rendering;
  if (m.direction !== 'out' || !channelType || !wasSent(m.deliveryStatus)) return null;
  const rendering = getRendering(channelType);
  const again = rendering && renderAgain(rendering, m.content);
  return again ? { ...again, text: null } : null;
}

/** The workspace's list: one entry per outbound message, stored at send or (older rows) rendered again. */
export function renderingOf(
  channelType: string,
  messages: { id: string; direction: string; content: unknown; rendering?: SentRendering | null }[],
): MessageRendering[] {
  const rendering = getRendering(channelType);
  const out: MessageRendering[] = [];
  for (const m of messages) {
    if (m.direction !== 'out') continue;
    if (m.rendering) {
      out.push({ messageId: m.id, ...m.rendering, source: 'sent' });
      continue;
    }
    const again = rendering && renderAgain(rendering, m.content);
    if (again) out.push({ messageId: m.id, ...again, text: null, source: 'rendered' });
  }
  return out;
}
