// Telegram Bot API request bodies (channels.md §17d–e). Each payload names its method
// (sendMessage, sendPhoto, …) in `method`, the way Telegram accepts a method in a webhook reply;
// the connector POSTs the rest to /bot<token>/<method>. Formatting uses MarkdownV2 with every
// reserved character escaped; choices use inline keyboards (callback_data ≤64 bytes) or a one-time
// reply keyboard for quick replies.
import { fallbackOptions } from '../../model/content/fallback';
import type { AttachmentBlock, Button, Card, ContentMessage, FormBlock, ListPickerBlock, QuickRepliesBlock, RichLinkBlock, TimePickerBlock } from '../../model/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import { foldForMatch } from '../shared/answer/match-text';
import { degraded, fellBack, native, renderBlocks, type BlockOutput, type BlockScope } from '../shared/render/block-loop';
import { FitLog } from '../shared/render/fit-log';
import { durationLabel, slotLabel } from '../shared/render/slot-label';
import { parseTextBlock } from '../shared/rich-text/parse-rich-text';
import { escapeMarkdownV2, toTelegramMarkdownV2Blocks } from '../shared/rich-text/to-telegram';
import { splitText } from '../shared/text/split-text';

const MB = 1024 * 1024;

export const TELEGRAM_LIMITS = {
  // channels.md §17d: sendMessage text ≤4096 characters.
  textChars: 4096,
  // channels.md §17d: captions ≤1024 characters.
  captionChars: 1024,
  // channels.md §17c/e: callback_data ≤64 bytes.
  callbackDataBytes: 64,
  // Bot API "Sending files": by URL, photos ≤5 MB and other files ≤20 MB.
  photoUrlBytes: 5 * MB,
  fileUrlBytes: 20 * MB,
} as const;

const L = TELEGRAM_LIMITS;

export const TELEGRAM_CHANNEL_LIMITS: ChannelLimits = {
  maxTextLength: L.textChars,
  richContent: {
    buttons: { payloadBytes: L.callbackDataBytes },
    listPicker: { payloadBytes: L.callbackDataBytes },
    timePicker: { payloadBytes: L.callbackDataBytes },
    attachment: { captionChars: L.captionChars },
  },
};

type InlineButton = { text: string; callback_data: string } | { text: string; url: string };
export type TelegramReplyMarkup =
  | { inline_keyboard: InlineButton[][] }
  | { keyboard: { text: string }[][]; one_time_keyboard: true; resize_keyboard: true };

interface Common {
  chat_id: string;
  parse_mode?: 'MarkdownV2';
  reply_markup?: TelegramReplyMarkup;
}

export type TelegramRequest =
  | ({ method: 'sendMessage'; text: string; link_preview_options?: { url?: string; prefer_large_media?: boolean; is_disabled?: boolean } } & Common)
  | ({ method: 'sendPhoto'; photo: string; caption?: string } & Common)
  | ({ method: 'sendVideo'; video: string; caption?: string } & Common)
  | ({ method: 'sendAudio'; audio: string; caption?: string } & Common)
  | ({ method: 'sendDocument'; document: string; caption?: string } & Common);

export function renderTelegram(message: ContentMessage, context: RenderContext): RenderResult<TelegramRequest> {
  const chat = context.recipientId;
  // Reply keyboards answer with the title as text: only safe when titles tell the options apart.
  const folded = fallbackOptions(message).map((o) => foldForMatch(o.title));
  const titleIsUnique = (title: string) => folded.filter((f) => f === foldForMatch(title)).length === 1;

  /** Plain text (no parse mode, nothing to escape), split; markup rides on the last part. */
  const plain = (text: string, markup?: TelegramReplyMarkup): TelegramRequest[] => {
    const parts = splitText(text, L.textChars);
    return parts.map((part, i) => ({ method: 'sendMessage', chat_id: chat, text: part, ...(markup && i === parts.length - 1 ? { reply_markup: markup } : {}) }));
  };

  /** MarkdownV2 pieces packed into messages ≤4096, never splitting inside a piece that fits. */
  const markdown = (pieces: string[], log: FitLog, extra: Partial<TelegramRequest> = {}, markup?: TelegramReplyMarkup): TelegramRequest[] => {
    const messages: string[] = [];
    let current = '';
    for (const piece of pieces) {
      const candidate = current ? `${current}\n\n${piece}` : piece;
      if (candidate.length <= L.textChars) {
        current = candidate;
        continue;
      }
      if (current) messages.push(current);
      current = '';
      if (piece.length <= L.textChars) current = piece;
      else {
        // One block longer than a message: its entities cannot be split, so it goes as escaped plain text.
        log.note('an over-long paragraph lost its formatting');
        const text = piece.replace(/\\(.)/g, '$1');
        for (const part of splitText(text, Math.floor(L.textChars / 2))) messages.push(escapeMarkdownV2(part));
      }
    }
    if (current) messages.push(current);
    if (messages.length > 1) log.note(`split into ${messages.length} messages`);
    return messages.map((text, i) => ({
      method: 'sendMessage',
      chat_id: chat,
      text,
      parse_mode: 'MarkdownV2',
      ...(i === 0 ? extra : {}),
      ...(markup && i === messages.length - 1 ? { reply_markup: markup } : {}),
    })) as TelegramRequest[];
  };

  const inlineButton = (b: Button, scope: BlockScope, calls: string[]): InlineButton | undefined => {
    switch (b.action.type) {
      case 'postback':
        return { text: b.title, callback_data: scope.token(b.id, L.callbackDataBytes) };
      case 'url':
        return { text: b.title, url: b.action.url };
      case 'call':
        // URL buttons take http(s) and tg:// only: a phone number is spelled out instead.
        calls.push(`${b.title}: ${b.action.phone}`);
        return undefined;
    }
  };

  const keyboard = (buttons: InlineButton[]): TelegramReplyMarkup | undefined =>
    buttons.length > 0 ? { inline_keyboard: buttons.map((b) => [b]) } : undefined;

  const withButtons = (text: string, buttons: Button[] | undefined, scope: BlockScope, log: FitLog): TelegramRequest[] => {
    const calls: string[] = [];
    const inline = (buttons ?? []).map((b) => inlineButton(b, scope, calls)).filter((b): b is InlineButton => b !== undefined);
    if (calls.length > 0) log.note('call buttons spelled out in the text');
    return plain([text, ...calls].join('\n'), keyboard(inline));
  };

  const card = (c: Card, scope: BlockScope, log: FitLog): TelegramRequest[] => {
    const calls: string[] = [];
    const inline = (c.buttons ?? []).map((b) => inlineButton(b, scope, calls)).filter((b): b is InlineButton => b !== undefined);
    if (calls.length > 0) log.note('call buttons spelled out in the caption');
    const caption = [`*${escapeMarkdownV2(c.title)}*`, c.subtitle && escapeMarkdownV2(c.subtitle), ...calls.map(escapeMarkdownV2)].filter(Boolean).join('\n');
    const markup = keyboard(inline);
    if (c.imageUrl && caption.length <= L.captionChars) {
      return [{ method: 'sendPhoto', chat_id: chat, photo: c.imageUrl, caption, parse_mode: 'MarkdownV2', ...(markup ? { reply_markup: markup } : {}) }];
    }
    const out: TelegramRequest[] = [];
    if (c.imageUrl) {
      log.note('caption too long for a photo: photo sent before the text');
      out.push({ method: 'sendPhoto', chat_id: chat, photo: c.imageUrl });
    }
    out.push(...markdown([caption], log, {}, markup));
    return out;
  };

  return renderBlocks(message, context, (scope): BlockOutput<TelegramRequest> => {
    const { block } = scope;
    switch (block.type) {
      case 'text': {
        if (block.format === 'markdown' || block.format === 'html') {
          const log = new FitLog();
          const payloads = markdown(toTelegramMarkdownV2Blocks(parseTextBlock(block)), log);
          return log.output(payloads, 'MarkdownV2 text');
        }
        const payloads = plain(block.text);
        return payloads.length > 1 ? degraded(payloads, `Text split into ${payloads.length} messages of at most ${L.textChars} characters`) : native(payloads, 'Text message');
      }
      case 'buttons': {
        const log = new FitLog();
        return log.output(withButtons(block.text, block.buttons, scope, log), 'Text with an inline keyboard');
      }
      case 'card': {
        const log = new FitLog();
        return log.output(card(block, scope, log), 'Photo with caption and an inline keyboard');
      }
      case 'carousel': {
        const log = new FitLog();
        const out = block.cards.flatMap((c) => card(c, scope, log));
        return log.output(out, 'One photo message per card (no carousels)', block.cards.length > 1);
      }
      case 'richLink':
        return richLink(block);
      case 'quickReplies':
        return quickReplies(block, scope);
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
        return fellBack(plain(scope.fallbackText()), 'Plain-text fallback: no such structure on Telegram');
    }
  });

  function richLink(block: RichLinkBlock): BlockOutput<TelegramRequest> {
    const log = new FitLog();
    if (block.imageUrl) log.note("image replaced by the page's own link preview");
    const lines = [`*${escapeMarkdownV2(block.title)}*`, block.description && escapeMarkdownV2(block.description), escapeMarkdownV2(block.url)];
    const payloads = markdown([lines.filter(Boolean).join('\n')], log, { link_preview_options: { url: block.url, prefer_large_media: true } } as Partial<TelegramRequest>);
    return log.output(payloads, 'Text with a link preview');
  }

  function quickReplies(block: QuickRepliesBlock, scope: BlockScope): BlockOutput<TelegramRequest> {
    if (block.replies.every((r) => titleIsUnique(r.title))) {
      const markup: TelegramReplyMarkup = { keyboard: block.replies.map((r) => [{ text: r.title }]), one_time_keyboard: true, resize_keyboard: true };
      return native(plain(block.text, markup), 'Text with a one-time reply keyboard');
    }
    const inline = block.replies.map((r): InlineButton => ({ text: r.title, callback_data: scope.token(r.id, L.callbackDataBytes) }));
    return native(plain(block.text, keyboard(inline)), 'Text with an inline keyboard (titles repeat, so taps carry ids)');
  }

  function listPicker(block: ListPickerBlock, scope: BlockScope): BlockOutput<TelegramRequest> {
    const log = new FitLog();
    log.note('items as inline-keyboard buttons, descriptions listed in the text');
    if (block.multipleSelection) log.note('one item per answer (no multiple selection)');
    if (block.sections.some((s) => s.items.some((i) => i.imageUrl))) log.note('item images left out');
    const lines = [block.title, block.subtitle];
    const buttons: InlineButton[] = [];
    for (const section of block.sections) {
      lines.push('', section.title);
      for (const item of section.items) {
        lines.push(item.subtitle ? `• ${item.title} – ${item.subtitle}` : `• ${item.title}`);
        buttons.push({ text: item.title, callback_data: scope.token(item.id, L.callbackDataBytes) });
      }
    }
    const text = lines.filter((l) => l !== undefined).join('\n').replace(/\n{3,}/g, '\n\n');
    return log.output(plain(text, keyboard(buttons)), 'Text with an inline keyboard');
  }

  function timePicker(block: TimePickerBlock, scope: BlockScope): BlockOutput<TelegramRequest> {
    const log = new FitLog();
    log.note('no time picker: slots as inline-keyboard buttons');
    const location = block.location ? [block.location.title, block.location.address].filter(Boolean).join(', ') : undefined;
    const text = [block.title, location, `(${block.timezone})`].filter(Boolean).join('\n');
    const buttons = block.slots.map(
      (slot): InlineButton => ({ text: `${slotLabel(slot, block.timezone, scope.context.locale)} · ${durationLabel(slot.durationMinutes)}`, callback_data: scope.token(slot.id, L.callbackDataBytes) }),
    );
    return log.output(plain(text, keyboard(buttons)), 'Text with an inline keyboard');
  }

  function attachment(block: AttachmentBlock, scope: BlockScope): BlockOutput<TelegramRequest> {
    const method = block.kind === 'image' ? 'sendPhoto' : block.kind === 'video' ? 'sendVideo' : block.kind === 'audio' ? 'sendAudio' : 'sendDocument';
    const maxBytes = method === 'sendPhoto' ? L.photoUrlBytes : L.fileUrlBytes;
    if (block.size !== undefined && block.size > maxBytes) {
      return fellBack(plain(scope.fallbackText()), `Link: Telegram fetches at most ${maxBytes / MB} MB from a URL`);
    }
    const out: TelegramRequest[] = [];
    let caption = block.caption;
    if (caption && caption.length > L.captionChars) {
      out.push(...plain(caption));
      caption = undefined;
    }
    const field = { sendPhoto: 'photo', sendVideo: 'video', sendAudio: 'audio', sendDocument: 'document' }[method];
    out.push({ method, chat_id: chat, [field]: block.url, ...(caption ? { caption } : {}) } as TelegramRequest);
    return native(out, `${method} by URL`);
  }

  function form(block: FormBlock, scope: BlockScope): BlockOutput<TelegramRequest> {
    if (!block.url) return fellBack(plain(scope.fallbackText()), 'Plain-text questions: no forms and no hosted form URL');
    return degraded(plain(block.title, keyboard([{ text: block.submitLabel ?? block.title, url: block.url }])), 'Text with a URL button to the hosted form');
  }
}
