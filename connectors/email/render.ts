// Email: one message `{html, text, attachments?}` for nodemailer (channels.md §2d–e). HTML carries
// the formatting; buttons become links — tracked answer links when the context provides them,
// otherwise numbered options answered by reply; cards stack; files are real attachments. The text
// part is always the plain-text fallback (the author's own when given).
import { fallbackText } from '../../model/content/fallback';
import type { AttachmentBlock, Button, Card, ContentMessage, FormBlock, ListPickerBlock, QuickRepliesBlock, RichLinkBlock, TimePickerBlock } from '../../model/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import { degraded, fellBack, native, renderBlocks, type BlockOutput, type BlockScope } from '../shared/render/block-loop';
import { durationLabel, slotLabel } from '../shared/render/slot-label';
import { parseTextBlock } from '../shared/rich-text/parse-rich-text';
import { escapeHtml, isSafeHref, toHtml } from '../shared/rich-text/to-html';

// channels.md §2 documents no size limit of Parley's own; the manifest says null as well.
export const EMAIL_CHANNEL_LIMITS: ChannelLimits = { maxTextLength: null, richContent: {} };

export interface EmailAttachment {
  filename?: string;
  /** A URL nodemailer fetches when sending. */
  path: string;
  contentType: string;
}

export interface EmailBody {
  html: string;
  text: string;
  attachments?: EmailAttachment[];
}

const BUTTON_STYLE = 'display:inline-block;margin:4px 8px 4px 0;padding:8px 14px;border:1px solid #888;border-radius:6px;text-decoration:none';
const CARD_STYLE = 'margin:12px 0;padding:12px;border:1px solid #ddd;border-radius:8px;max-width:480px';

const paragraphs = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');

const link = (href: string, label: string, style = BUTTON_STYLE) =>
  isSafeHref(href) ? `<a href="${escapeHtml(href)}" style="${style}">${escapeHtml(label)}</a>` : escapeHtml(`${label}: ${href}`);

export function renderEmail(message: ContentMessage, context: RenderContext): RenderResult<EmailBody> {
  const attachments: EmailAttachment[] = [];
  const answerLink = context.answerLink;

  /** Postback options: tracked links when available, else the block's numbered fallback. */
  const options = (scope: BlockScope, intro: string, choices: { id: string; title: string }[], extra: string[] = []): BlockOutput<string> => {
    if (answerLink) {
      const html = [paragraphs(intro), `<p>${[...choices.map((c) => link(answerLink(c.id), c.title)), ...extra].join('\n')}</p>`].join('\n');
      return degraded([html], 'HTML with a tracked answer link per option');
    }
    return fellBack([paragraphs(scope.fallbackText())], 'Numbered options answered by reply (no answer links configured)');
  };

  const buttons = (scope: BlockScope, intro: string, list: Button[]): BlockOutput<string> => {
    const postbacks = list.filter((b) => b.action.type === 'postback');
    const links = list.flatMap((b) =>
      b.action.type === 'url' ? [link(b.action.url, b.title)] : b.action.type === 'call' ? [link(`tel:${b.action.phone}`, `${b.title}: ${b.action.phone}`)] : [],
    );
    if (postbacks.length === 0) return degraded([[paragraphs(intro), `<p>${links.join('\n')}</p>`].join('\n')], 'HTML with the buttons as links');
    return options(scope, intro, postbacks, links);
  };

  const cardHtml = (c: Card): string =>
    [
      `<div style="${CARD_STYLE}">`,
      c.imageUrl ? `<img src="${escapeHtml(c.imageUrl)}" alt="${escapeHtml(c.title)}" style="max-width:100%">` : '',
      `<h3 style="margin:8px 0 4px">${escapeHtml(c.title)}</h3>`,
      c.subtitle ? `<p style="margin:0 0 8px;color:#555">${escapeHtml(c.subtitle)}</p>` : '',
      '</div>',
    ]
      .filter(Boolean)
      .join('\n');

  const cards = (scope: BlockScope, list: Card[]): BlockOutput<string> => {
    const all = list.flatMap((c) => c.buttons ?? []);
    const postbacks = all.filter((b) => b.action.type === 'postback');
    // Links belong to their card; postbacks need answer links or the numbered fallback.
    if (postbacks.length > 0 && !answerLink) {
      return fellBack([paragraphs(scope.fallbackText())], 'Numbered options answered by reply (no answer links configured)');
    }
    const html = list
      .map((c) => {
        const links = (c.buttons ?? []).map((b) =>
          b.action.type === 'url' ? link(b.action.url, b.title) : b.action.type === 'call' ? link(`tel:${b.action.phone}`, `${b.title}: ${b.action.phone}`) : link(answerLink!(b.id), b.title),
        );
        return cardHtml(c).replace(/<\/div>$/, `${links.length > 0 ? `<p>${links.join('\n')}</p>\n` : ''}</div>`);
      })
      .join('\n');
    return degraded([html], list.length > 1 ? 'Cards stacked as HTML blocks, buttons as links' : 'HTML card, buttons as links');
  };

  const result = renderBlocks(message, context, (scope): BlockOutput<string> => {
    const { block } = scope;
    switch (block.type) {
      case 'text':
        if (block.format === 'markdown' || block.format === 'html') return native([toHtml(parseTextBlock(block))], 'HTML (sanitised), with the plain-text part');
        return native([paragraphs(block.text)], 'Text');
      case 'buttons':
        return buttons(scope, block.text, block.buttons);
      case 'card':
        return cards(scope, [block]);
      case 'carousel':
        return cards(scope, block.cards);
      case 'richLink':
        return richLink(block);
      case 'quickReplies':
        return quickReplies(block, scope);
      case 'listPicker':
        return listPicker(block, scope);
      case 'timePicker':
        return timePicker(block, scope);
      case 'attachment':
        return attachment(block);
      case 'form':
        return form(block, scope);
      case 'adaptiveCard':
      case 'template':
        return fellBack([paragraphs(scope.fallbackText())], 'Plain-text fallback');
    }
  });

  function richLink(block: RichLinkBlock): BlockOutput<string> {
    const html = [
      `<div style="${CARD_STYLE}">`,
      block.imageUrl ? `<a href="${escapeHtml(block.url)}"><img src="${escapeHtml(block.imageUrl)}" alt="${escapeHtml(block.title)}" style="max-width:100%"></a>` : '',
      `<h3 style="margin:8px 0 4px"><a href="${escapeHtml(block.url)}">${escapeHtml(block.title)}</a></h3>`,
      block.description ? `<p style="margin:0;color:#555">${escapeHtml(block.description)}</p>` : '',
      '</div>',
    ]
      .filter(Boolean)
      .join('\n');
    return native([html], 'HTML link preview card');
  }

  // The product document's matrix says email quick replies use alternative text: numbered options
  // the customer answers by replying (buttons, cards and pickers get answer links).
  function quickReplies(_block: QuickRepliesBlock, scope: BlockScope): BlockOutput<string> {
    return fellBack([paragraphs(scope.fallbackText())], 'Numbered options answered by reply (the product document asks for alternative text)');
  }

  function listPicker(block: ListPickerBlock, scope: BlockScope): BlockOutput<string> {
    if (!answerLink) return fellBack([paragraphs(scope.fallbackText())], 'Numbered list answered by reply (no answer links configured)');
    const sections = block.sections
      .map((s) => {
        const items = s.items.map((i) => `<li>${link(answerLink(i.id), i.title, '')}${i.subtitle ? ` – ${escapeHtml(i.subtitle)}` : ''}</li>`).join('');
        return `${s.title ? `<h4>${escapeHtml(s.title)}</h4>` : ''}<ul>${items}</ul>`;
      })
      .join('\n');
    return degraded([[paragraphs([block.title, block.subtitle].filter(Boolean).join('\n')), sections].join('\n')], 'HTML list with a tracked answer link per item');
  }

  function timePicker(block: TimePickerBlock, scope: BlockScope): BlockOutput<string> {
    if (!answerLink) return fellBack([paragraphs(scope.fallbackText())], 'Numbered slots answered by reply (no answer links configured)');
    const location = block.location ? [block.location.title, block.location.address].filter(Boolean).join(', ') : undefined;
    const slots = block.slots.map((s) => `<li>${link(answerLink(s.id), `${slotLabel(s, block.timezone, scope.context.locale)} · ${durationLabel(s.durationMinutes)}`, '')}</li>`).join('');
    return degraded([[paragraphs([block.title, location, `(${block.timezone})`].filter(Boolean).join('\n')), `<ul>${slots}</ul>`].join('\n')], 'HTML list of slots with tracked answer links');
  }

  function attachment(block: AttachmentBlock): BlockOutput<string> {
    attachments.push({ path: block.url, contentType: block.mime, ...(block.name ? { filename: block.name } : {}) });
    return native(block.caption ? [paragraphs(block.caption)] : [], 'Email attachment');
  }

  function form(block: FormBlock, scope: BlockScope): BlockOutput<string> {
    if (!block.url) return fellBack([paragraphs(scope.fallbackText())], 'Plain-text questions answered by reply (no hosted form URL)');
    return degraded([`${paragraphs(block.title)}\n<p>${link(block.url, block.submitLabel ?? block.title)}</p>`], 'Link to the hosted form');
  }

  const body: EmailBody = {
    html: result.payloads.join('\n'),
    text: fallbackText(message, context.locale ? { locale: context.locale } : {}),
    ...(attachments.length > 0 ? { attachments } : {}),
  };
  return { payloads: [body], report: result.report };
}
