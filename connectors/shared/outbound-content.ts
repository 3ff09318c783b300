// The content message an OutboundMessage carries, ready for a channel renderer. Messages are stored
// as `{ content, fallbackText?, …extras }` (model/content); anything that does not read as a content
// message (an old row, a bare string) goes out as its plain-text fallback.
import { parseContentMessage, type ContentMessage } from '../../model/content/model';
import type { OutboundMessage } from '../connector';

export function contentMessageOf(message: OutboundMessage): ContentMessage {
  const parsed = parseContentMessage(message.content);
  return parsed.ok ? parsed.value : { content: { type: 'text', text: message.text, format: 'plain' } };
}
