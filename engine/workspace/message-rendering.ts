// How each outbound message of a case reached the customer: the channel's renderer is pure, so
// rendering the stored content again gives the report the send path had (native, degraded, or
// sent as text per block). The console draws native blocks as the customer saw them and the
// fallback text otherwise.
import { getRendering } from '../../connectors/renderers';
import type { RenderReportEntry } from '../../connectors/render';
import { parseContentMessage } from '../../model/content/model';

export interface MessageRendering {
  messageId: string;
  /** The whole message: native when every block was, fallback when every block went as text. */
  outcome: 'native' | 'degraded' | 'fallback';
  report: RenderReportEntry[];
}

export function renderingOf(channelType: string, messages: { id: string; direction: string; content: unknown }[]): MessageRendering[] {
  const rendering = getRendering(channelType);
  if (!rendering) return [];
  const out: MessageRendering[] = [];
  for (const m of messages) {
    if (m.direction !== 'out') continue;
    const parsed = parseContentMessage(m.content);
    if (!parsed.ok) continue;
    try {
      const { report } = rendering.render(parsed.value, { recipientId: 'recipient', threadId: 'thread', senderName: 'Parley' });
      const outcomes = new Set(report.map((r) => r.outcome));
      const outcome = outcomes.size === 1 ? [...outcomes][0] : outcomes.has('fallback') || outcomes.has('degraded') ? 'degraded' : 'native';
      out.push({ messageId: m.id, outcome, report });
    } catch {
      // A message that no longer renders (a renderer's limit changed) is drawn from its stored content.
    }
  }
  return out;
}
