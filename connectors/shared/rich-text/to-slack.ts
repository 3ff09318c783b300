// RichText → Slack mrkdwn: *bold* _italic_ ~strike~ `code` ```block```, <url|text> links; &, < and >
// are escaped as entities. Source: https://docs.slack.dev/messaging/formatting-message-text
import type { RichText } from './ast';
import { emit, wrapTight, type Dialect } from './emit';

export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const slack: Dialect = {
  text: escapeSlack,
  strong: (s) => wrapTight('*', s),
  emphasis: (s) => wrapTight('_', s),
  strike: (s) => wrapTight('~', s),
  code: (t) => `\`${escapeSlack(t)}\``,
  // The link text may not contain "|" or ">"; the URL's own "|" / ">" are percent-encoded.
  link: (href, _inner, plain) => {
    const url = href.replace(/\|/g, '%7C').replace(/>/g, '%3E').replace(/</g, '%3C');
    const label = escapeSlack(plain.replace(/\|/g, '/').replace(/\n/g, ' '));
    return label.trim() ? `<${url}|${label}>` : `<${url}>`;
  },
  lineBreak: '\n',
  heading: (s) => wrapTight('*', s),
  listItem: (s, ordered, n, depth) => `${'    '.repeat(depth)}${ordered ? `${n}.` : '•'} ${s}`,
  quoteLine: (s) => `> ${s}`,
  codeBlock: (t) => `\`\`\`${escapeSlack(t)}\`\`\``,
  blockSeparator: '\n\n',
};

export function toSlackMrkdwn(doc: RichText): string {
  return emit(doc, slack);
}

/** Each block on its own, so long texts can be split between blocks without breaking markup. */
export function toSlackMrkdwnBlocks(doc: RichText): string[] {
  return doc.map((block) => toSlackMrkdwn([block])).filter((s) => s.length > 0);
}
