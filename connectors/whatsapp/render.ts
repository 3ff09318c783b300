// WhatsApp Cloud API: `POST /{phone-number-id}/messages` bodies (channels.md §8d–e) — text with
// WhatsApp formatting and link previews, interactive reply buttons / list / CTA URL messages, media
// by link, and approved templates.
import type {
  AttachmentBlock,
  Button,
  Card,
  ContentMessage,
  FormBlock,
  ListPickerBlock,
  RichLinkBlock,
  TemplateBlock,
  TemplateParameter,
  TimePickerBlock,
} from '../../model/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import { degraded, fellBack, native, renderBlocks, type BlockOutput, type BlockScope } from '../shared/render/block-loop';
import { chunk } from '../shared/render/chunk';
import { FitLog } from '../shared/render/fit-log';
import { durationLabel, slotLabel } from '../shared/render/slot-label';
import { parseTextBlock } from '../shared/rich-text/parse-rich-text';
import { toWhatsApp } from '../shared/rich-text/to-whatsapp';
import { splitText } from '../shared/text/split-text';
import { ELLIPSIS, truncate } from '../shared/text/truncate';

const MB = 1024 * 1024;

export const WHATSAPP_LIMITS = {
  // Text message body ≤4096 characters (manifest maxTextLength).
  textChars: 4096,
  // channels.md §8e: reply buttons ≤3, title ≤20, id ≤256; body ≤1024, header/footer ≤60.
  replyButtons: 3,
  buttonTitleChars: 20,
  buttonIdChars: 256,
  bodyChars: 1024,
  headerChars: 60,
  footerChars: 60,
  // channels.md §8e: list ≤10 rows in all, button label ≤20, row title ≤24, description ≤72.
  // Cloud API list messages: ≤10 sections, section title ≤24, row id ≤200.
  listRows: 10,
  listSections: 10,
  listButtonChars: 20,
  rowTitleChars: 24,
  rowDescriptionChars: 72,
  sectionTitleChars: 24,
  rowIdChars: 200,
  // CTA URL button display_text ≤20 (same as reply-button titles).
  ctaTextChars: 20,
  // Media captions ≤1024 characters.
  captionChars: 1024,
  // Cloud API media by type (manifest attachments.maxBytesByType).
  imageBytes: 5 * MB,
  videoBytes: 16 * MB,
  audioBytes: 16 * MB,
  documentBytes: 100 * MB,
} as const;

const L = WHATSAPP_LIMITS;

export const WHATSAPP_CHANNEL_LIMITS: ChannelLimits = {
  maxTextLength: L.textChars,
  richContent: {
    buttons: { buttons: L.replyButtons, titleChars: L.buttonTitleChars, payloadChars: L.buttonIdChars, bodyChars: L.bodyChars, headerChars: L.headerChars, footerChars: L.footerChars },
    quickReplies: { replies: L.listRows, buttons: L.replyButtons, titleChars: L.buttonTitleChars, itemTitleChars: L.rowTitleChars, bodyChars: L.bodyChars },
    listPicker: {
      items: L.listRows,
      sections: L.listSections,
      titleChars: L.listButtonChars,
      itemTitleChars: L.rowTitleChars,
      itemDescriptionChars: L.rowDescriptionChars,
      headerChars: L.headerChars,
      bodyChars: L.bodyChars,
      footerChars: L.footerChars,
    },
    card: { buttonsPerCard: L.replyButtons, titleChars: L.headerChars, bodyChars: L.bodyChars },
    carousel: { buttonsPerCard: L.replyButtons },
    timePicker: { slots: L.listRows, itemTitleChars: L.rowTitleChars },
  },
};

/** Label of the button that opens a list Parley built itself (no author text to use; language-neutral). */
const LIST_BUTTON_LABEL = '☰';

type Header = { type: 'text'; text: string } | { type: 'image'; image: { link: string } };
interface ListRow {
  id: string;
  title: string;
  description?: string;
}
interface ListSection {
  title?: string;
  rows: ListRow[];
}

export type WhatsAppInteractive =
  | { type: 'button'; header?: Header; body: { text: string }; action: { buttons: { type: 'reply'; reply: { id: string; title: string } }[] } }
  | { type: 'list'; header?: Header; body: { text: string }; action: { button: string; sections: ListSection[] } }
  | { type: 'cta_url'; header?: Header; body: { text: string }; action: { name: 'cta_url'; parameters: { display_text: string; url: string } } };

type Media = { link: string; caption?: string; filename?: string };

export type WhatsAppMessage =
  | { type: 'text'; text: { body: string; preview_url: boolean } }
  | { type: 'interactive'; interactive: WhatsAppInteractive }
  | { type: 'image'; image: Media }
  | { type: 'video'; video: Media }
  | { type: 'audio'; audio: { link: string } }
  | { type: 'document'; document: Media }
  | { type: 'template'; template: { name: string; language: { code: string }; components?: unknown[] } };

export type WhatsAppSendBody = { messaging_product: 'whatsapp'; recipient_type: 'individual'; to: string } & WhatsAppMessage;

export function renderWhatsApp(message: ContentMessage, context: RenderContext): RenderResult<WhatsAppSendBody> {
  const send = (m: WhatsAppMessage): WhatsAppSendBody => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to: context.recipientId, ...m });
  const texts = (text: string, preview = false) =>
    splitText(text, L.textChars).map((part) => send({ type: 'text', text: { body: part, preview_url: preview } }));
  const interactive = (i: WhatsAppInteractive) => send({ type: 'interactive', interactive: i });

  /** An interactive body: text over 1024 goes first as text messages and the body becomes "…". */
  const bodyFor = (text: string, log: FitLog, out: WhatsAppSendBody[]): string => {
    if (text.length <= L.bodyChars) return text;
    log.note(`text over ${L.bodyChars} characters sent as its own message first`);
    out.push(...texts(text));
    return ELLIPSIS;
  };

  /** Choices as reply buttons (≤3 with distinct titles that fit) or list messages of ≤10 rows. */
  const choices = (text: string, items: { id: string; title: string; description?: string }[], log: FitLog, listButton: string): WhatsAppSendBody[] => {
    const out: WhatsAppSendBody[] = [];
    const body = bodyFor(text, log, out);
    const fitButtons =
      items.length <= L.replyButtons &&
      items.every((i) => i.title.length <= L.buttonTitleChars && !i.description) &&
      new Set(items.map((i) => i.title)).size === items.length;
    if (fitButtons) {
      out.push(interactive({ type: 'button', body: { text: body }, action: { buttons: items.map((i) => ({ type: 'reply', reply: { id: i.id, title: i.title } })) } }));
      return out;
    }
    if (!items.some((i) => i.description)) log.note(`${items.length} choices sent as list rows (reply buttons take ≤${L.replyButtons} distinct titles of ≤${L.buttonTitleChars} characters)`);
    const groups = chunk(items, L.listRows);
    if (groups.length > 1) log.note(`split over ${groups.length} list messages of ${L.listRows} rows`);
    groups.forEach((group, g) => {
      out.push(
        interactive({
          type: 'list',
          body: { text: g === 0 ? body : ELLIPSIS },
          action: { button: listButton, sections: [{ rows: group.map((i) => row(i, log)) }] },
        }),
      );
    });
    return out;
  };

  const row = (item: { id: string; title: string; description?: string }, log: FitLog): ListRow => {
    const r: ListRow = { id: item.id, title: log.cut(item.title, L.rowTitleChars, 'row titles') };
    if (item.description) r.description = log.cut(item.description, L.rowDescriptionChars, 'row descriptions');
    return r;
  };

  const buttonsOf = (text: string, buttons: Button[], scope: BlockScope, log: FitLog, header?: Header): WhatsAppSendBody[] => {
    const out: WhatsAppSendBody[] = [];
    const postbacks = buttons.filter((b) => b.action.type === 'postback');
    const urls = buttons.filter((b): b is Button & { action: { type: 'url'; url: string } } => b.action.type === 'url');
    const calls = buttons.filter((b): b is Button & { action: { type: 'call'; phone: string } } => b.action.type === 'call');
    if (postbacks.length === 0 && urls.length === 1 && calls.length === 0) {
      const body = bodyFor(text, log, out);
      out.push(
        interactive({
          type: 'cta_url',
          ...(header ? { header } : {}),
          body: { text: body },
          action: { name: 'cta_url', parameters: { display_text: log.cut(urls[0].title, L.ctaTextChars, 'button titles'), url: urls[0].action.url } },
        }),
      );
      return out;
    }
    if (postbacks.length > 0) {
      const items = postbacks.map((b) => ({ id: scope.token(b.id, L.rowIdChars), title: b.title }));
      const cutTitles = items.map((i) => truncate(i.title, L.buttonTitleChars));
      if (items.length <= L.replyButtons && new Set(cutTitles).size === items.length) {
        const body = bodyFor(text, log, out);
        out.push(
          interactive({
            type: 'button',
            ...(header ? { header } : {}),
            body: { text: body },
            action: { buttons: items.map((i) => ({ type: 'reply', reply: { id: i.id, title: log.cut(i.title, L.buttonTitleChars, 'button titles') } })) },
          }),
        );
      } else {
        if (header?.type === 'image') log.note('image left out (list messages take text headers only)');
        out.push(...choices(text, items, log, LIST_BUTTON_LABEL));
      }
    } else {
      out.push(...(header?.type === 'image' ? [send({ type: 'image', image: { link: header.image.link, caption: cutCaption(text, log) } })] : texts(text)));
    }
    if (urls.length > 0 && !(postbacks.length === 0 && urls.length === 1 && calls.length === 0)) {
      log.note('URL buttons sent as separate CTA URL messages');
      for (const b of urls) {
        out.push(
          interactive({
            type: 'cta_url',
            body: { text: b.title.length <= L.bodyChars ? b.title : log.cut(b.title, L.bodyChars, 'bodies') },
            action: { name: 'cta_url', parameters: { display_text: log.cut(b.title, L.ctaTextChars, 'button titles'), url: b.action.url } },
          }),
        );
      }
    }
    if (calls.length > 0) {
      log.note('call buttons spelled out as text (no call buttons outside templates)');
      out.push(...texts(calls.map((b) => `${b.title}: ${b.action.phone}`).join('\n')));
    }
    return out;
  };

  const cutCaption = (text: string, log: FitLog) => log.cut(text, L.captionChars, 'captions');

  const card = (c: Card, scope: BlockScope, log: FitLog): WhatsAppSendBody[] => {
    const described = [`*${c.title}*`, c.subtitle].filter(Boolean).join('\n');
    if (!c.buttons || c.buttons.length === 0) {
      return c.imageUrl ? [send({ type: 'image', image: { link: c.imageUrl, caption: cutCaption(described, log) } })] : texts(described);
    }
    if (c.imageUrl) return buttonsOf(described, c.buttons, scope, log, { type: 'image', image: { link: c.imageUrl } });
    if (c.subtitle && c.title.length <= L.headerChars) {
      return buttonsOf(c.subtitle, c.buttons, scope, log, { type: 'text', text: c.title });
    }
    return buttonsOf(described, c.buttons, scope, log);
  };

  return renderBlocks(message, context, (scope): BlockOutput<WhatsAppSendBody> => {
    const { block } = scope;
    switch (block.type) {
      case 'text': {
        const body = block.format === 'markdown' || block.format === 'html' ? toWhatsApp(parseTextBlock(block)) : block.text;
        const payloads = texts(body);
        const how = block.format === 'markdown' || block.format === 'html' ? 'Text message in WhatsApp formatting (links spelled out)' : 'Text message';
        return payloads.length > 1 ? degraded(payloads, `${how}; split into ${payloads.length} messages of at most ${L.textChars} characters`) : native(payloads, how);
      }
      case 'buttons': {
        const log = new FitLog();
        return log.output(buttonsOf(block.text, block.buttons, scope, log), 'Interactive reply buttons / CTA URL message');
      }
      case 'card': {
        const log = new FitLog();
        return log.output(card(block, scope, log), 'Interactive message with the image as header');
      }
      case 'carousel': {
        const log = new FitLog();
        const out = block.cards.flatMap((c) => card(c, scope, log));
        return log.output(out, 'One interactive message per card (carousels exist only in templates)', block.cards.length > 1);
      }
      case 'richLink':
        return richLink(block);
      case 'quickReplies': {
        const log = new FitLog();
        const items = block.replies.map((r) => ({ id: scope.token(r.id, L.rowIdChars), title: r.title }));
        return log.output(choices(block.text, items, log, LIST_BUTTON_LABEL), 'Interactive reply buttons');
      }
      case 'listPicker':
        return listPicker(block, scope);
      case 'timePicker':
        return timePicker(block, scope);
      case 'attachment':
        return attachment(block, scope);
      case 'template':
        return native([send({ type: 'template', template: templatePayload(block) })], 'Approved template message');
      case 'form':
        return form(block, scope);
      case 'adaptiveCard':
        return fellBack(texts(scope.fallbackText()), 'Plain-text fallback: no Adaptive Cards on WhatsApp');
    }
  });

  function richLink(block: RichLinkBlock): BlockOutput<WhatsAppSendBody> {
    const log = new FitLog();
    if (block.imageUrl) log.note("image replaced by the page's own link preview");
    const body = [`*${block.title}*`, block.description, block.url].filter(Boolean).join('\n');
    // The preview is of the first URL in the text: the link goes last so nothing precedes it but prose.
    const payloads = texts(body, true);
    if (payloads.length > 1) log.note('text split');
    return log.output(payloads, 'Text message with preview_url');
  }

  function listPicker(block: ListPickerBlock, scope: BlockScope): BlockOutput<WhatsAppSendBody> {
    const log = new FitLog();
    if (block.multipleSelection) log.note('one item per answer (no multiple selection)');
    if (block.sections.some((s) => s.items.some((i) => i.imageUrl))) log.note('item images left out');
    const titled = block.sections.length === 1 || block.sections.every((s) => s.title);
    if (!titled) log.note('sections merged (WhatsApp needs a title on each of several sections)');
    const sections: { title?: string; items: ListPickerBlock['sections'][number]['items'] }[] = titled
      ? block.sections.map((s) => ({ title: s.title, items: s.items }))
      : [{ items: block.sections.flatMap((s) => s.items) }];
    // Pages of ≤10 rows in all (so also ≤10 sections), keeping section boundaries.
    const pages: ListSection[][] = [];
    let rows: number = L.listRows;
    sections.forEach((section) => {
      let current: ListSection | undefined;
      for (const item of section.items) {
        if (rows === L.listRows) {
          pages.push([]);
          rows = 0;
          current = undefined;
        }
        if (!current) {
          current = section.title ? { title: log.cut(section.title, L.sectionTitleChars, 'section titles'), rows: [] } : { rows: [] };
          pages[pages.length - 1].push(current);
        }
        current.rows.push(row({ id: scope.token(item.id, L.rowIdChars), title: item.title, description: item.subtitle }, log));
        rows++;
      }
    });
    if (pages.length > 1) log.note(`split over ${pages.length} list messages of ${L.listRows} rows`);
    const out: WhatsAppSendBody[] = [];
    const headerText = block.subtitle ? log.cut(block.title, L.headerChars, 'header') : undefined;
    const body = bodyFor(block.subtitle ?? block.title, log, out);
    const button = log.cut(block.title, L.listButtonChars, 'list button label');
    pages.forEach((page, i) => {
      out.push(
        interactive({
          type: 'list',
          ...(headerText && i === 0 ? { header: { type: 'text' as const, text: headerText } } : {}),
          body: { text: i === 0 ? body : ELLIPSIS },
          action: { button, sections: page },
        }),
      );
    });
    return log.output(out, 'List message');
  }

  function timePicker(block: TimePickerBlock, scope: BlockScope): BlockOutput<WhatsAppSendBody> {
    const log = new FitLog();
    log.note('no time picker: slots offered as list rows');
    const location = block.location ? [block.location.title, block.location.address].filter(Boolean).join(', ') : undefined;
    const text = [block.title, location, `(${block.timezone})`].filter(Boolean).join('\n');
    const items = block.slots.map((slot) => ({ id: scope.token(slot.id, L.rowIdChars), title: slotLabel(slot, block.timezone, scope.context.locale), description: durationLabel(slot.durationMinutes) }));
    return log.output(choices(text, items, log, LIST_BUTTON_LABEL), 'List message of slots');
  }

  function attachment(block: AttachmentBlock, scope: BlockScope): BlockOutput<WhatsAppSendBody> {
    const mime = block.mime.toLowerCase();
    const kind =
      block.kind === 'image' && (mime === 'image/jpeg' || mime === 'image/png')
        ? 'image'
        : block.kind === 'video' && (mime === 'video/mp4' || mime === 'video/3gpp')
          ? 'video'
          : block.kind === 'audio'
            ? 'audio'
            : 'document';
    const maxBytes = { image: L.imageBytes, video: L.videoBytes, audio: L.audioBytes, document: L.documentBytes }[kind];
    if (block.size !== undefined && block.size > maxBytes) {
      return fellBack(texts(scope.fallbackText()), `Link: larger than the ${maxBytes / MB} MB WhatsApp takes for this type`);
    }
    const log = new FitLog();
    if (kind === 'document' && block.kind !== 'file') log.note(`${block.mime} sent as a document`);
    const out: WhatsAppSendBody[] = [];
    let caption = block.caption;
    if (caption && (kind === 'audio' || caption.length > L.captionChars)) {
      out.push(...texts(caption));
      caption = undefined;
    }
    const media: Media = { link: block.url, ...(caption ? { caption } : {}) };
    if (kind === 'image') out.push(send({ type: 'image', image: media }));
    else if (kind === 'video') out.push(send({ type: 'video', video: media }));
    else if (kind === 'audio') out.push(send({ type: 'audio', audio: { link: block.url } }));
    else out.push(send({ type: 'document', document: { ...media, ...(block.name ? { filename: block.name } : {}) } }));
    return log.output(out, `${kind[0].toUpperCase()}${kind.slice(1)} message by link`);
  }

  function form(block: FormBlock, scope: BlockScope): BlockOutput<WhatsAppSendBody> {
    if (!block.url) return fellBack(texts(scope.fallbackText()), 'Plain-text questions: Flows must be built in advance and no hosted form URL is given');
    const log = new FitLog();
    const out: WhatsAppSendBody[] = [];
    const body = bodyFor(block.title, log, out);
    out.push(
      interactive({
        type: 'cta_url',
        body: { text: body },
        action: { name: 'cta_url', parameters: { display_text: log.cut(block.submitLabel ?? block.title, L.ctaTextChars, 'button title'), url: block.url } },
      }),
    );
    return degraded(out, 'CTA URL message linking to the hosted form');
  }
}

/** The template message's `template` object; components map one to one onto the Cloud API's. */
function templatePayload(block: TemplateBlock): { name: string; language: { code: string }; components?: unknown[] } {
  const components = block.components?.map((c) => ({
    type: c.type,
    ...(c.subType ? { sub_type: c.subType } : {}),
    ...(c.index !== undefined ? { index: String(c.index) } : {}),
    parameters: c.parameters.map(templateParameter),
  }));
  return { name: block.name, language: { code: block.language }, ...(components && components.length > 0 ? { components } : {}) };
}

function templateParameter(p: TemplateParameter): unknown {
  switch (p.type) {
    case 'text':
      return { type: 'text', text: p.text };
    case 'currency':
      return { type: 'currency', currency: { fallback_value: p.fallback, code: p.code, amount_1000: p.amount1000 } };
    case 'date_time':
      return { type: 'date_time', date_time: { fallback_value: p.fallback } };
    case 'image':
      return { type: 'image', image: { link: p.url } };
    case 'video':
      return { type: 'video', video: { link: p.url } };
    case 'document':
      return { type: 'document', document: { link: p.url, ...(p.filename ? { filename: p.filename } : {}) } };
    case 'payload':
      return { type: 'payload', payload: p.payload };
  }
}
