// Renderer for channels that take nothing but text (SMS, comments, review replies): the whole
// message becomes its fallback text — the author's own `fallbackText` when given — sent as one
// payload, or several when the channel allows splitting.
import { fallbackText } from '../../../model/content/fallback';
import { contentBlocks, richContentTypeOf, type ContentMessage } from '../../../model/content/model';
import type { RenderContext, RenderResult } from '../../render';
import { splitText } from '../text/split-text';
import { exceeds, truncate } from '../text/truncate';

export interface TextOnlyOptions<P> {
  /** Longest text the provider accepts in one payload; null = no documented limit. */
  maxChars: number | null;
  /** How the provider counts (default UTF-16 code units). */
  measure?: (text: string) => number;
  /** split: several payloads (SMS, DMs); truncate: a single reply is all there is (reviews). */
  overflow: 'split' | 'truncate';
  /** Describes the payload in the report, e.g. "Twilio message Body". */
  what: string;
  payload: (text: string, context: RenderContext) => P;
}

export function renderTextOnly<P>(message: ContentMessage, context: RenderContext, options: TextOnlyOptions<P>): RenderResult<P> {
  // The customer's locale decides the reply hint, labels and date formats (model/i18n).
  const text = fallbackText(message, context.locale ? { locale: context.locale } : {});
  const { maxChars, measure } = options;
  let parts = [text];
  let fitNote = '';
  if (maxChars !== null && exceeds(text, maxChars, measure)) {
    if (options.overflow === 'split') {
      parts = splitText(text, maxChars, measure);
      fitNote = `; split into ${parts.length} messages of at most ${maxChars} characters`;
    } else {
      parts = [truncate(text, maxChars, measure)];
      fitNote = `; cut to ${maxChars} characters`;
    }
  }
  const single = !Array.isArray(message.content);
  const report = contentBlocks(message).map((block, index) => {
    const type = richContentTypeOf(block);
    const plain = type === 'text';
    return {
      block: single ? 'content' : `content.${index}`,
      type,
      outcome: plain ? (fitNote ? ('degraded' as const) : ('native' as const)) : ('fallback' as const),
      detail: `${plain ? 'Plain text' : 'Plain-text fallback'} in the ${options.what}${fitNote}`,
    };
  });
  return { payloads: parts.map((part) => options.payload(part, context)), report };
}
