// RichText → the Markdown Teams renders for textFormat "markdown" (CommonMark-like: **bold**, _italic_,
// ~~strike~~, `code`, [text](url), lists, "> " quotes). Literal markup characters are escaped.
// Source: https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-format
import type { RichText } from './ast';
import { emit, wrapTight, type Dialect } from './emit';

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]~<>#|]/g, (c) => `\\${c}`);
}

const markdown: Dialect = {
  text: escapeMarkdown,
  strong: (s) => wrapTight('**', s),
  emphasis: (s) => wrapTight('_', s),
  strike: (s) => wrapTight('~~', s),
  code: (t) => (t.includes('`') ? `\`\` ${t} \`\`` : `\`${t}\``),
  link: (href, inner) => `[${inner}](${href.replace(/[()\s]/g, encodeURIComponent)})`,
  // Teams needs a hard break for a single newline to show.
  lineBreak: '  \n',
  heading: (s, level) => `${'#'.repeat(Math.min(level, 3))} ${s}`,
  listItem: (s, ordered, n, depth) => `${'   '.repeat(depth)}${ordered ? `${n}.` : '-'} ${s}`,
  quoteLine: (s) => `> ${s}`,
  codeBlock: (t) => `\`\`\`\n${t}\n\`\`\``,
  blockSeparator: '\n\n',
};

export function toMarkdown(doc: RichText): string {
  return emit(doc, markdown);
}
