// The loop every rich renderer runs: each block of the message becomes zero or more provider
// payloads plus one report entry. Blocks that fall back get their own fallback text, numbered as in
// fallbackOptions(message), so a typed "3" means the same option whichever blocks were native.
import { blockFallback, fallbackOptions, type FallbackOption } from '../../../model/content/fallback';
import { customerWords } from '../../../model/i18n/customer-words';
import { contentBlocks, richContentTypeOf, type ContentBlock, type ContentMessage } from '../../../model/content/model';
import type { RichContentType } from '../../../model/content/types';
import type { RenderContext, RenderOutcome, RenderReportEntry, RenderResult } from '../../render';
import { indexToken } from '../answer/resolve-answer';
import { utf8Bytes } from '../text/measure';

export interface BlockScope<B extends ContentBlock = ContentBlock> {
  block: B;
  /** Position in contentBlocks(message). */
  index: number;
  /** `content` or `content.<index>`, as validation issues name the block. */
  path: string;
  type: RichContentType;
  message: ContentMessage;
  context: RenderContext;
  /**
   * This block's plain-text fallback with the message-wide numbering, plus the reply hint when it
   * numbers options, in the customer's language (context.locale).
   */
  fallbackText(): string;
  /** What to put in a provider's callback field for an option: its id, or "#<n>" when the id is longer than `maxBytes`. */
  token(optionId: string, maxBytes?: number): string;
}

export interface BlockOutput<P> {
  payloads: P[];
  outcome: RenderOutcome;
  detail: string;
}

export function renderBlocks<P>(
  message: ContentMessage,
  context: RenderContext,
  renderBlock: (scope: BlockScope) => BlockOutput<P>,
): RenderResult<P> {
  const blocks = contentBlocks(message);
  const options = fallbackOptions(message, localeOf(context));
  const single = !Array.isArray(message.content);
  const payloads: P[] = [];
  const report: RenderReportEntry[] = [];
  blocks.forEach((block, index) => {
    const scope = blockScope(message, context, block, index, single ? 'content' : `content.${index}`, options);
    const output = renderBlock(scope);
    payloads.push(...output.payloads);
    report.push({ block: scope.path, type: scope.type, outcome: output.outcome, detail: output.detail });
  });
  return { payloads, report };
}

function blockScope(
  message: ContentMessage,
  context: RenderContext,
  block: ContentBlock,
  index: number,
  path: string,
  options: FallbackOption[],
): BlockScope {
  const firstIndex = options.filter((o) => o.blockIndex < index).length + 1;
  return {
    block,
    index,
    path,
    type: richContentTypeOf(block),
    message,
    context,
    fallbackText() {
      const { text, options: numbered } = blockFallback(block, { firstIndex, blockIndex: index, ...localeOf(context) });
      return numbered.length > 0 ? `${text}\n\n${customerWords(context.locale).replyHint}` : text;
    },
    token(optionId, maxBytes = Infinity) {
      if (utf8Bytes(optionId) <= maxBytes) return optionId;
      const option = options.find((o) => o.id === optionId && o.blockIndex === index) ?? options.find((o) => o.id === optionId);
      if (!option) throw new Error(`No option "${optionId}" in the message`);
      return indexToken(option.index);
    },
  };
}

export const native = <P>(payloads: P[], detail: string): BlockOutput<P> => ({ payloads, outcome: 'native', detail });
export const degraded = <P>(payloads: P[], detail: string): BlockOutput<P> => ({ payloads, outcome: 'degraded', detail });
export const fellBack = <P>(payloads: P[], detail: string): BlockOutput<P> => ({ payloads, outcome: 'fallback', detail });

/** The fallback options for the customer's locale; none given keeps the defaults (English, en-US dates). */
function localeOf(context: RenderContext): { locale?: string } {
  return context.locale ? { locale: context.locale } : {};
}
