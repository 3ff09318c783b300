// WeChat Official Account customer-service messages, `POST /cgi-bin/message/custom/send`
// (channels.md §22d–e): text, msgmenu (tappable options, answered with `bizmsgmenuid`) and a
// one-article news card. Attachment blocks inside the content go as links; the message's attached
// files are uploaded and sent as image / voice messages by send.ts (media-upload.ts).
import type { Button, Card, ContentMessage, FormBlock, ListPickerBlock, RichLinkBlock, TimePickerBlock } from '../../model/content/model';
import { fallbackOptions } from '../../model/content/fallback';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import { degraded, fellBack, native, renderBlocks, type BlockOutput, type BlockScope } from '../shared/render/block-loop';
import { FitLog } from '../shared/render/fit-log';
import { durationLabel, slotLabel } from '../shared/render/slot-label';
import { utf8Bytes } from '../shared/text/measure';
import { splitText } from '../shared/text/split-text';

export const WECHAT_LIMITS = {
  // Text content ≤2048 bytes, as for passive replies (the manifest records no limit; unverified for
  // customer-service messages, so Parley keeps to the stricter one).
  textBytes: 2048,
  // channels.md §22e: customer-service news carries 1 article (unverified).
  newsArticles: 1,
} as const;

const L = WECHAT_LIMITS;

export const WECHAT_CHANNEL_LIMITS: ChannelLimits = { maxTextLength: null, richContent: {} };

interface Article {
  title: string;
  description?: string;
  url: string;
  picurl?: string;
}

export type WeChatMessage =
  | { touser: string; msgtype: 'text'; text: { content: string } }
  | { touser: string; msgtype: 'msgmenu'; msgmenu: { head_content: string; list: { id: string; content: string }[]; tail_content: string } }
  | { touser: string; msgtype: 'news'; news: { articles: Article[] } }
  // Uploaded media (media-upload.ts): the agent's attached images and voice files.
  | { touser: string; msgtype: 'image'; image: { media_id: string } }
  | { touser: string; msgtype: 'voice'; voice: { media_id: string } };

export function renderWeChat(message: ContentMessage, context: RenderContext): RenderResult<WeChatMessage> {
  const touser = context.recipientId;
  // msgmenu ids: the options' fallback numbers — numeric, as WeChat's own examples use.
  const numberOf = new Map(fallbackOptions(message).map((o) => [o.id, String(o.index)]));
  const texts = (text: string): WeChatMessage[] => splitText(text, L.textBytes, utf8Bytes).map((content) => ({ touser, msgtype: 'text', text: { content } }));
  const menu = (head: string, items: { id: string; content: string }[], tail = ''): WeChatMessage => ({ touser, msgtype: 'msgmenu', msgmenu: { head_content: head, list: items, tail_content: tail } });
  const news = (article: Article): WeChatMessage => ({ touser, msgtype: 'news', news: { articles: [article] } });

  /** Postback buttons as a msgmenu; links and numbers spelled out after the options. */
  const buttons = (head: string, list: Button[], log: FitLog): WeChatMessage[] => {
    const items = list.filter((b) => b.action.type === 'postback').map((b) => ({ id: numberOf.get(b.id)!, content: b.title }));
    const spelled = list.flatMap((b) => (b.action.type === 'url' ? [`${b.title}: ${b.action.url}`] : b.action.type === 'call' ? [`${b.title}: ${b.action.phone}`] : []));
    if (spelled.length > 0) log.note('URL and call buttons spelled out in the text');
    if (items.length === 0) return texts([head, ...spelled].join('\n'));
    return [menu(head, items, spelled.join('\n'))];
  };

  const card = (c: Card, log: FitLog): WeChatMessage[] => {
    const link = c.buttons?.find((b): b is Button & { action: { type: 'url'; url: string } } => b.action.type === 'url');
    const described = [c.title, c.subtitle].filter(Boolean).join('\n');
    if (link) {
      const out = [news({ title: c.title, ...(c.subtitle ? { description: c.subtitle } : {}), url: link.action.url, ...(c.imageUrl ? { picurl: c.imageUrl } : {}) })];
      const rest = (c.buttons ?? []).filter((b) => b !== link);
      if (rest.length > 0) out.push(...buttons(c.title, rest, log));
      return out;
    }
    if (c.imageUrl) log.note('images without a link target left out (news articles need a URL)');
    return c.buttons && c.buttons.length > 0 ? buttons(described, c.buttons, log) : texts(described);
  };

  return renderBlocks(message, context, (scope): BlockOutput<WeChatMessage> => {
    const { block } = scope;
    switch (block.type) {
      case 'text': {
        if (block.format === 'markdown' || block.format === 'html') return fellBack(texts(scope.fallbackText()), 'Plain text: no formatting in customer-service messages');
        const out = texts(block.text);
        return out.length > 1 ? degraded(out, `Text split into ${out.length} messages of at most ${L.textBytes} bytes`) : native(out, 'Text message');
      }
      case 'quickReplies':
        return native([menu(block.text, block.replies.map((r) => ({ id: numberOf.get(r.id)!, content: r.title })))], 'msgmenu');
      case 'buttons': {
        const log = new FitLog();
        return log.output(buttons(block.text, block.buttons, log), 'Postback buttons as a msgmenu', true);
      }
      case 'card': {
        const log = new FitLog();
        return log.output(card(block, log), 'News article card, buttons as a msgmenu', true);
      }
      case 'carousel': {
        const log = new FitLog();
        return log.output(block.cards.flatMap((c) => card(c, log)), 'One news article or msgmenu per card', true);
      }
      case 'richLink':
        return richLink(block);
      case 'listPicker':
        return listPicker(block);
      case 'timePicker':
        return timePicker(block);
      case 'form':
        return form(block, scope);
      case 'attachment':
        return fellBack(texts(scope.fallbackText()), 'Link: media messages need a media_id from an upload first');
      case 'adaptiveCard':
      case 'template':
        return fellBack(texts(scope.fallbackText()), 'Plain-text fallback: no such structure on WeChat');
    }
  });

  function richLink(block: RichLinkBlock): BlockOutput<WeChatMessage> {
    return native([news({ title: block.title, ...(block.description ? { description: block.description } : {}), url: block.url, ...(block.imageUrl ? { picurl: block.imageUrl } : {}) })], 'News article card');
  }

  function listPicker(block: ListPickerBlock): BlockOutput<WeChatMessage> {
    const log = new FitLog();
    if (block.multipleSelection) log.note('one item per answer (no multiple selection)');
    if (block.sections.some((s) => s.title)) log.note('section titles dropped');
    if (block.sections.some((s) => s.items.some((i) => i.imageUrl))) log.note('item images left out');
    const items = block.sections.flatMap((s) => s.items.map((i) => ({ id: numberOf.get(i.id)!, content: i.subtitle ? `${i.title} – ${i.subtitle}` : i.title })));
    return log.output([menu([block.title, block.subtitle].filter(Boolean).join('\n'), items)], 'msgmenu of items', true);
  }

  function timePicker(block: TimePickerBlock): BlockOutput<WeChatMessage> {
    const log = new FitLog();
    log.note('no time picker: slots as msgmenu options');
    const location = block.location ? [block.location.title, block.location.address].filter(Boolean).join(', ') : undefined;
    const head = [block.title, location, `(${block.timezone})`].filter(Boolean).join('\n');
    const items = block.slots.map((slot) => ({ id: numberOf.get(slot.id)!, content: `${slotLabel(slot, block.timezone, context.locale)} · ${durationLabel(slot.durationMinutes)}` }));
    return log.output([menu(head, items)], 'msgmenu of slots');
  }

  function form(block: FormBlock, scope: BlockScope): BlockOutput<WeChatMessage> {
    if (!block.url) return fellBack(texts(scope.fallbackText()), 'Plain-text questions: no hosted form URL');
    return degraded([news({ title: block.title, ...(block.submitLabel ? { description: block.submitLabel } : {}), url: block.url })], 'News article linking to the hosted form');
  }
}
