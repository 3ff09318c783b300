// A small formatted-text tree that Markdown and HTML are both parsed into, so that each channel's
// dialect (WhatsApp, Telegram MarkdownV2, Slack mrkdwn, email HTML, Teams Markdown) has one emitter
// instead of one per source format. Only what chat channels can show is modelled.

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong' | 'emphasis' | 'strike'; children: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; children: Inline[] }
  | { kind: 'break' };

export interface ListItem {
  /** 0 for a top-level item, 1 for an item of a list nested in it, … */
  depth: number;
  children: Inline[];
}

export type Block =
  | { kind: 'paragraph'; children: Inline[] }
  | { kind: 'heading'; level: number; children: Inline[] }
  | { kind: 'list'; ordered: boolean; start: number; items: ListItem[] }
  | { kind: 'quote'; children: Inline[] }
  | { kind: 'codeBlock'; text: string };

export type RichText = Block[];

/** The visible characters of inline content (what a reader sees once markup is applied). */
export function inlineText(inlines: Inline[]): string {
  return inlines
    .map((node) => {
      switch (node.kind) {
        case 'text':
        case 'code':
          return node.text;
        case 'break':
          return '\n';
        default:
          return inlineText(node.children);
      }
    })
    .join('');
}

/** Merges adjacent text nodes and drops empty ones, so emitters see tidy input. */
export function normalizeInlines(inlines: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const node of inlines) {
    if (node.kind === 'text') {
      if (!node.text) continue;
      const last = out[out.length - 1];
      if (last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + node.text };
      else out.push(node);
    } else if (node.kind === 'strong' || node.kind === 'emphasis' || node.kind === 'strike' || node.kind === 'link') {
      const children = normalizeInlines(node.children);
      if (children.length > 0 || node.kind === 'link') out.push({ ...node, children });
    } else {
      out.push(node);
    }
  }
  return out;
}
