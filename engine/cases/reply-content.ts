// Turns an agent's reply body into stored content plus its plain-text fallback. Plain text is
// stored as a one-block text message, so every message has the same content shape.
import { fallbackText } from '../../model/content/fallback';
import { parseContentMessage, type ContentMessage } from '../../model/content/model';
import { ParleyError } from '../errors';
import type { ReplyInput } from './case-commands';

export interface ReplyBody {
  text?: string;
  /** One content block, or several sent in order. */
  content?: unknown;
  attachments?: ReplyInput['attachments'];
}

export function toReply(body: ReplyBody): ReplyInput {
  if (body.content === undefined) {
    const text = body.text ?? '';
    const message: ContentMessage = { content: { type: 'text', text: text || ' ', format: 'plain' } } as ContentMessage;
    return { content: message, text, attachments: body.attachments };
  }
  const parsed = parseContentMessage({ content: body.content, ...(body.text ? { fallbackText: body.text } : {}) });
  if (!parsed.ok) {
    throw new ParleyError(400, 'invalid_content', 'The rich content is not valid.', parsed.issues);
  }
  return { content: parsed.value, text: fallbackText(parsed.value), attachments: body.attachments };
}
