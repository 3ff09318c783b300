// The formatted text of a text block, whatever its authored format.
import type { TextBlock } from '../../../model/content/model';
import type { RichText } from './ast';
import { parseHtml } from './parse-html';
import { parseMarkdown } from './parse-markdown';

export function parseTextBlock(block: TextBlock): RichText {
  if (block.format === 'html') return parseHtml(block.text);
  if (block.format === 'markdown') return parseMarkdown(block.text);
  // Plain text: paragraphs and line breaks only, no markup interpreted.
  return block.text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .filter((p) => p.trim().length > 0)
    .map((p) => ({
      kind: 'paragraph' as const,
      children: p.split('\n').flatMap((line, i) => [...(i > 0 ? [{ kind: 'break' as const }] : []), { kind: 'text' as const, text: line }]),
    }));
}
