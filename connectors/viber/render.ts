// Viber REST Bot API `send_message` bodies (channels.md §19d–e): text with a keyboard of reply /
// open-url buttons (Silent, so the option token is not echoed into the chat), rich_media carousels
// of ≤6 items for cards and links, and picture / video / file messages by URL.
import type { AttachmentBlock, Button, Card, ContentMessage, FormBlock, ListPickerBlock, RichLinkBlock, TimePickerBlock } from '../../model/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import { degraded, fellBack, native, renderBlocks, type BlockOutput, type BlockScope } from '../shared/render/block-loop';
import { carryToLast } from '../shared/render/carry-to-last';
import { chunk } from '../shared/render/chunk';
import { FitLog } from '../shared/render/fit-log';
import { durationLabel, slotLabel } from '../shared/render/slot-label';
import { splitText } from '../shared/text/split-text';
import { truncate } from '../shared/text/truncate';

const MB = 1024 * 1024;

export const VIBER_LIMITS = {
  // Text message ≤7000 characters (manifest maxTextLength).
  textChars: 7000,
  // channels.md §19d: sender.name ≤28 characters.
  senderNameChars: 28,
  // channels.md §19e / manifest: rich_media carousel ≤6 items (unverified); items are a grid of
  // 6 columns × ≤7 rows.
  richMediaItems: 6,
  richMediaColumns: 6,
  richMediaRows: 7,
  // Viber keyboards: ≤24 buttons (unverified); button Text ≤250 characters.
  keyboardButtons: 24,
  buttonTextChars: 250,
  // Picture description ≤120 characters (the older, stricter of Viber's documented limits).
  pictureTextChars: 120,
  // URL message media ≤2000 characters; file_name ≤256.
  urlChars: 2000,
  fileNameChars: 256,
  // Manifest attachments.maxBytesByType: pictures 1 MB, video 26 MB, files 50 MB.
  pictureBytes: 1 * MB,
  videoBytes: 26 * MB,
  fileBytes: 50 * MB,
  // rich_media needs API version 7 clients (Silent buttons since level 4).
  richMediaApiVersion: 7,
} as const;

const L = VIBER_LIMITS;

export const VIBER_CHANNEL_LIMITS: ChannelLimits = {
  maxTextLength: L.textChars,
  richContent: { carousel: { cards: L.richMediaItems } },
};

export interface ViberButton {
  Columns: number;
  Rows: number;
  ActionType: 'reply' | 'open-url' | 'none';
  ActionBody: string;
  Text?: string;
  TextSize?: 'small' | 'regular' | 'large';
  TextVAlign?: 'top' | 'middle' | 'bottom';
  TextHAlign?: 'left' | 'center' | 'right';
  Image?: string;
  Silent?: boolean;
}

export interface ViberKeyboard {
  Type: 'keyboard';
  DefaultHeight: boolean;
  Buttons: ViberButton[];
}

type ViberContent =
  | { type: 'text'; text: string }
  | { type: 'picture'; media: string; text: string }
  | { type: 'video'; media: string; size: number }
  | { type: 'file'; media: string; size: number; file_name: string }
  | { type: 'url'; media: string }
  | {
      type: 'rich_media';
      min_api_version: number;
      alt_text: string;
      rich_media: { Type: 'rich_media'; ButtonsGroupColumns: number; ButtonsGroupRows: number; BgColor: string; Buttons: ViberButton[] };
    };

export type ViberSendBody = { receiver: string; sender: { name: string }; keyboard?: ViberKeyboard } & ViberContent;

// Viber renders a few HTML tags in rich_media text: the author's angle brackets must not read as tags.
const richText = (text: string) => text.replace(/</g, '‹').replace(/>/g, '›');

export function renderViber(message: ContentMessage, context: RenderContext): RenderResult<ViberSendBody> {
  const send = (content: ViberContent & { keyboard?: ViberKeyboard }): ViberSendBody => ({
    receiver: context.recipientId,
    sender: { name: truncate(context.senderName ?? 'Parley', L.senderNameChars) },
    ...content,
  });
  const texts = (text: string, keyboard?: ViberKeyboard): ViberSendBody[] => {
    const parts = splitText(text, L.textChars);
    return parts.map((part, i) => send({ type: 'text', text: part, ...(keyboard && i === parts.length - 1 ? { keyboard } : {}) }));
  };

  const keyButton = (text: string, action: { reply: string } | { url: string }, log: FitLog): ViberButton => ({
    Columns: 6,
    Rows: 1,
    ...('reply' in action ? { ActionType: 'reply' as const, ActionBody: action.reply, Silent: true } : { ActionType: 'open-url' as const, ActionBody: action.url }),
    Text: log.cut(text, L.buttonTextChars, 'button texts'),
    TextSize: 'regular',
  });

  /** Text messages; the keyboard goes on the last. Over 24 buttons, further keyboards follow on "…" texts. */
  const withKeyboard = (text: string, buttons: ViberButton[], log: FitLog): ViberSendBody[] => {
    const groups = chunk(buttons, L.keyboardButtons);
    if (groups.length > 1) log.note(`${buttons.length} buttons split over ${groups.length} keyboards of ${L.keyboardButtons}`);
    if (groups.length === 0) return texts(text);
    return groups.flatMap((group, i) => (i === 0 ? texts(text, { Type: 'keyboard', DefaultHeight: false, Buttons: group }) : texts('…', { Type: 'keyboard', DefaultHeight: false, Buttons: group })));
  };

  const buttonKeys = (buttons: Button[], scope: BlockScope, log: FitLog, spelled: string[]): ViberButton[] =>
    buttons.flatMap((b) => {
      switch (b.action.type) {
        case 'postback':
          return [keyButton(b.title, { reply: scope.token(b.id) }, log)];
        case 'url':
          if (b.action.url.length > L.urlChars) {
            spelled.push(`${b.title}: ${b.action.url}`);
            return [];
          }
          return [keyButton(b.title, { url: b.action.url }, log)];
        case 'call':
          spelled.push(`${b.title}: ${b.action.phone}`);
          return [];
      }
    });

  /** rich_media messages of ≤6 items; every item is padded to the same number of rows. */
  const richMedia = (items: ViberButton[][], altText: string, log: FitLog): ViberSendBody[] => {
    const rows = Math.max(...items.map((item) => item.reduce((n, b) => n + b.Rows, 0)));
    const padded = items.map((item) => {
      const used = item.reduce((n, b) => n + b.Rows, 0);
      return used < rows ? [...item, { Columns: 6, Rows: rows - used, ActionType: 'none' as const, ActionBody: 'none' }] : item;
    });
    const groups = chunk(padded, L.richMediaItems);
    if (groups.length > 1) log.note(`${items.length} items split over ${groups.length} rich_media messages of ${L.richMediaItems}`);
    return groups.map((group) =>
      send({
        type: 'rich_media',
        min_api_version: L.richMediaApiVersion,
        alt_text: truncate(altText, L.buttonTextChars),
        rich_media: { Type: 'rich_media', ButtonsGroupColumns: L.richMediaColumns, ButtonsGroupRows: rows, BgColor: '#FFFFFF', Buttons: group.flat() },
      }),
    );
  };

  /** One rich_media item: image (3 rows), title and subtitle (2 rows), one row per button that fits. */
  const cardItem = (c: Card, scope: BlockScope, log: FitLog, overflow: ViberButton[], spelled: string[]): ViberButton[] => {
    const item: ViberButton[] = [];
    if (c.imageUrl) item.push({ Columns: 6, Rows: 3, ActionType: 'none', ActionBody: 'none', Image: c.imageUrl });
    const text = `<b>${richText(truncate(c.title, 120))}</b>${c.subtitle ? `<br>${richText(truncate(c.subtitle, 120))}` : ''}`;
    if (c.title.length > 120 || (c.subtitle?.length ?? 0) > 120) log.note('card texts cut to 120 characters');
    item.push({ Columns: 6, Rows: 2, ActionType: 'none', ActionBody: 'none', Text: text, TextSize: 'regular', TextVAlign: 'middle', TextHAlign: 'left' });
    const keys = buttonKeys(c.buttons ?? [], scope, log, spelled);
    const room = L.richMediaRows - item.reduce((n, b) => n + b.Rows, 0);
    item.push(...keys.slice(0, room));
    overflow.push(...keys.slice(room));
    return item;
  };

  const cards = (list: Card[], scope: BlockScope, detail: string): BlockOutput<ViberSendBody> => {
    const log = new FitLog();
    const overflow: ViberButton[] = [];
    const spelled: string[] = [];
    const items = list.map((c) => cardItem(c, scope, log, overflow, spelled));
    const out = richMedia(items, list.map((c) => c.title).join(' · '), log);
    if (overflow.length > 0 || spelled.length > 0) {
      log.note('buttons that did not fit the cards follow on a keyboard');
      out.push(...withKeyboard([list.length === 1 ? list[0].title : '…', ...spelled].join('\n'), overflow, log));
    }
    return log.output(out, detail);
  };

  const result = renderBlocks(message, context, (scope): BlockOutput<ViberSendBody> => {
    const { block } = scope;
    switch (block.type) {
      case 'text': {
        if (block.format === 'markdown' || block.format === 'html') return fellBack(texts(scope.fallbackText()), 'Plain text: formatting is not rendered for bots');
        const out = texts(block.text);
        return out.length > 1 ? degraded(out, `Text split into ${out.length} messages of at most ${L.textChars} characters`) : native(out, 'Text message');
      }
      case 'buttons': {
        const log = new FitLog();
        const spelled: string[] = [];
        const keys = buttonKeys(block.buttons, scope, log, spelled);
        if (spelled.length > 0) log.note('call buttons spelled out in the text');
        return log.output(withKeyboard([block.text, ...spelled].join('\n'), keys, log), 'Text with a keyboard');
      }
      case 'quickReplies': {
        const log = new FitLog();
        return log.output(withKeyboard(block.text, block.replies.map((r) => keyButton(r.title, { reply: scope.token(r.id) }, log)), log), 'Text with a keyboard');
      }
      case 'card':
        return cards([block], scope, 'rich_media with one item');
      case 'carousel':
        return cards(block.cards, scope, 'rich_media carousel');
      case 'richLink':
        return richLink(block);
      case 'listPicker':
        return listPicker(block, scope);
      case 'timePicker':
        return timePicker(block, scope);
      case 'attachment':
        return attachment(block, scope);
      case 'form':
        return form(block, scope);
      case 'adaptiveCard':
      case 'template':
        return fellBack(texts(scope.fallbackText()), 'Plain-text fallback: no such structure on Viber');
    }
  });
  const payloads = carryToLast(
    result.payloads,
    (p) => ('keyboard' in p ? p.keyboard : undefined),
    (p, keyboard) => {
      const { keyboard: _, ...rest } = p as ViberSendBody & { keyboard?: ViberKeyboard };
      return (keyboard ? { ...rest, keyboard } : rest) as ViberSendBody;
    },
  );
  return { payloads, report: result.report };

  function richLink(block: RichLinkBlock): BlockOutput<ViberSendBody> {
    const log = new FitLog();
    if (block.url.length > L.urlChars) return fellBack(texts(`${block.title}: ${block.url}`), `Link as text: URL longer than ${L.urlChars} characters`);
    const item: ViberButton[] = [];
    if (block.imageUrl) item.push({ Columns: 6, Rows: 3, ActionType: 'open-url', ActionBody: block.url, Image: block.imageUrl });
    const text = `<b>${richText(truncate(block.title, 120))}</b>${block.description ? `<br>${richText(truncate(block.description, 120))}` : ''}`;
    if (block.title.length > 120 || (block.description?.length ?? 0) > 120) log.note('texts cut to 120 characters');
    item.push({ Columns: 6, Rows: 2, ActionType: 'open-url', ActionBody: block.url, Text: text, TextVAlign: 'middle', TextHAlign: 'left' });
    return log.output(richMedia([item], `${block.title} ${block.url}`, log), 'rich_media item opening the URL');
  }

  function listPicker(block: ListPickerBlock, scope: BlockScope): BlockOutput<ViberSendBody> {
    const log = new FitLog();
    log.note('items as keyboard buttons, descriptions listed in the text');
    if (block.multipleSelection) log.note('one item per answer (no multiple selection)');
    if (block.sections.some((s) => s.items.some((i) => i.imageUrl))) log.note('item images left out');
    const lines: (string | undefined)[] = [block.title, block.subtitle];
    const keys: ViberButton[] = [];
    for (const section of block.sections) {
      lines.push('', section.title);
      for (const item of section.items) {
        lines.push(item.subtitle ? `• ${item.title} – ${item.subtitle}` : `• ${item.title}`);
        keys.push(keyButton(item.title, { reply: scope.token(item.id) }, log));
      }
    }
    const text = lines.filter((l) => l !== undefined).join('\n').replace(/\n{3,}/g, '\n\n');
    return log.output(withKeyboard(text, keys, log), 'Text with a keyboard');
  }

  function timePicker(block: TimePickerBlock, scope: BlockScope): BlockOutput<ViberSendBody> {
    const log = new FitLog();
    log.note('no time picker: slots as keyboard buttons');
    const location = block.location ? [block.location.title, block.location.address].filter(Boolean).join(', ') : undefined;
    const text = [block.title, location, `(${block.timezone})`].filter(Boolean).join('\n');
    const keys = block.slots.map((slot) => keyButton(`${slotLabel(slot, block.timezone, scope.context.locale)} · ${durationLabel(slot.durationMinutes)}`, { reply: scope.token(slot.id) }, log));
    return log.output(withKeyboard(text, keys, log), 'Text with a keyboard');
  }

  function attachment(block: AttachmentBlock, scope: BlockScope): BlockOutput<ViberSendBody> {
    const mime = block.mime.toLowerCase();
    const out: ViberSendBody[] = [];
    const link = (why: string) => fellBack(texts(scope.fallbackText()), `Link: ${why}`);
    if (block.url.length > L.urlChars) return link(`URL longer than ${L.urlChars} characters`);
    if (block.kind === 'image' && ['image/jpeg', 'image/png', 'image/gif'].includes(mime)) {
      if (block.size !== undefined && block.size > L.pictureBytes) return link('pictures are limited to 1 MB');
      let caption = block.caption ?? '';
      if (caption.length > L.pictureTextChars) {
        out.push(...texts(caption));
        caption = '';
      }
      out.push(send({ type: 'picture', media: block.url, text: caption }));
      return native(out, 'Picture message');
    }
    // Video and file messages must state their size (and files their name).
    if (block.size === undefined) return link('Viber needs the file size, which is unknown');
    if (block.caption) out.push(...texts(block.caption));
    if (block.kind === 'video' && mime === 'video/mp4') {
      if (block.size > L.videoBytes) return link('videos are limited to 26 MB');
      out.push(send({ type: 'video', media: block.url, size: block.size }));
      return native(out, 'Video message');
    }
    if (block.size > L.fileBytes) return link('files are limited to 50 MB');
    const name = truncate(block.name ?? fileNameOf(block.url), L.fileNameChars);
    out.push(send({ type: 'file', media: block.url, size: block.size, file_name: name }));
    return native(out, 'File message');
  }

  function form(block: FormBlock, scope: BlockScope): BlockOutput<ViberSendBody> {
    if (!block.url || block.url.length > L.urlChars) return fellBack(texts(scope.fallbackText()), 'Plain-text questions: no forms and no usable hosted form URL');
    const log = new FitLog();
    return degraded(withKeyboard(block.title, [keyButton(block.submitLabel ?? block.title, { url: block.url }, log)], log), 'Text with a keyboard button opening the hosted form');
  }
}

/** The last path segment of a URL, for file messages without a name. */
function fileNameOf(url: string): string {
  const segment = new URL(url).pathname.split('/').pop() || 'file';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
