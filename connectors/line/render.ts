// LINE Messaging API (channels.md §16d–e): message objects (text with quick replies, buttons
// templates, Flex bubbles and carousels) batched into reply or push requests of ≤5 messages. The
// webhook's reply token is single-use, so only the first request replies; the rest are pushed.
import type { Button, Card, ContentMessage, FormBlock, ListPickerBlock, QuickRepliesBlock, RichLinkBlock, TimePickerBlock } from '../../model/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import { degraded, fellBack, native, renderBlocks, type BlockOutput, type BlockScope } from '../shared/render/block-loop';
import { carryToLast } from '../shared/render/carry-to-last';
import { chunk } from '../shared/render/chunk';
import { FitLog } from '../shared/render/fit-log';
import { durationLabel, slotLabel } from '../shared/render/slot-label';
import { splitText } from '../shared/text/split-text';
import { ELLIPSIS, truncate } from '../shared/text/truncate';

export const LINE_LIMITS = {
  // Text message ≤5000 characters (manifest maxTextLength).
  textChars: 5000,
  // channels.md §16d: ≤5 message objects per reply or push request.
  messagesPerRequest: 5,
  // channels.md §16e: quick reply ≤13 items (SDK quickReply.ts); action labels ≤20 characters.
  quickReplyItems: 13,
  labelChars: 20,
  // Messaging API reference: postback data ≤300, displayText ≤300, altText ≤400, URI ≤1000.
  postbackDataChars: 300,
  displayTextChars: 300,
  altTextChars: 400,
  uriChars: 1000,
  // channels.md §16e: buttons template ≤4 actions. Reference: text ≤160 (≤60 with a title or image), title ≤40.
  templateActions: 4,
  templateTextChars: 160,
  // Template carousel ≤10 columns (channels.md §16e); Parley sends Flex carousels instead.
  templateCarouselColumns: 10,
  // channels.md §16e: Flex carousel ≤12 bubbles. Carousel cards keep ≤3 buttons, as template columns do.
  flexBubbles: 12,
  carouselButtonsPerCard: 3,
  // A card bubble keeps ≤4 buttons, as a buttons template does.
  cardButtons: 4,
  // Items per list-picker bubble (as many as quick replies, so a bubble stays well under Flex's size cap).
  listItemsPerBubble: 13,
} as const;

const L = LINE_LIMITS;

export const LINE_CHANNEL_LIMITS: ChannelLimits = {
  maxTextLength: L.textChars,
  richContent: {
    quickReplies: { replies: L.quickReplyItems, titleChars: L.labelChars },
    buttons: { buttons: L.templateActions, titleChars: L.labelChars },
    card: { buttonsPerCard: L.cardButtons },
    carousel: { cards: L.templateCarouselColumns, flexBubbles: L.flexBubbles, buttonsPerCard: L.carouselButtonsPerCard },
    listPicker: { items: L.listItemsPerBubble },
    timePicker: { slots: L.quickReplyItems },
  },
};

export type LineAction =
  | { type: 'postback'; label: string; data: string; displayText: string }
  | { type: 'uri'; label: string; uri: string };

type QuickReply = { items: { type: 'action'; action: LineAction }[] };

export type FlexComponent = Record<string, unknown>;
export interface FlexBubble {
  type: 'bubble';
  hero?: FlexComponent;
  header?: FlexComponent;
  body: FlexComponent;
  footer?: FlexComponent;
}

export type LineMessage = (
  | { type: 'text'; text: string }
  | { type: 'template'; altText: string; template: { type: 'buttons'; text: string; actions: LineAction[] } }
  | { type: 'flex'; altText: string; contents: FlexBubble | { type: 'carousel'; contents: FlexBubble[] } }
) & { quickReply?: QuickReply };

export type LineRequest = { replyToken: string; messages: LineMessage[] } | { to: string; messages: LineMessage[] };

// LINE fetches images over HTTPS only.
const httpsImage = (url: string | undefined) => (url && url.startsWith('https://') && url.length <= L.uriChars ? url : undefined);

export function renderLine(message: ContentMessage, context: RenderContext): RenderResult<LineRequest> {
  const result = renderBlocks(message, context, (scope) => renderBlock(scope));
  const messages = carryToLast(
    result.payloads,
    (m) => m.quickReply,
    (m, quickReply) => {
      const { quickReply: _, ...rest } = m;
      return (quickReply ? { ...rest, quickReply } : rest) as LineMessage;
    },
  );
  const requests = chunk(messages, L.messagesPerRequest).map(
    (messages, i): LineRequest => (i === 0 && context.replyToken ? { replyToken: context.replyToken, messages } : { to: context.recipientId, messages }),
  );
  return { payloads: requests, report: result.report };
}

function texts(text: string): LineMessage[] {
  return splitText(text, L.textChars).map((part) => ({ type: 'text', text: part }));
}

function altText(text: string): string {
  return truncate(text.replace(/\s+/g, ' ').trim() || ELLIPSIS, L.altTextChars);
}

function postback(token: string, title: string, log: FitLog): LineAction {
  return { type: 'postback', label: log.cut(title, L.labelChars, 'labels'), data: token, displayText: truncate(title, L.displayTextChars) };
}

/** A button's action, or null for a URL too long for a URI action (the caller spells it out). */
function buttonAction(b: Button, scope: BlockScope, log: FitLog): LineAction | null {
  switch (b.action.type) {
    case 'postback':
      return postback(scope.token(b.id, L.postbackDataChars), b.title, log);
    case 'url':
      if (b.action.url.length > L.uriChars) {
        log.note(`URLs over ${L.uriChars} characters spelled out in the text`);
        return null;
      }
      return { type: 'uri', label: log.cut(b.title, L.labelChars, 'labels'), uri: b.action.url };
    case 'call':
      return { type: 'uri', label: log.cut(b.title, L.labelChars, 'labels'), uri: `tel:${b.action.phone}` };
  }
}

/** Actions for the buttons that have one, and "title: url" lines for those that do not. */
function buttonActions(buttons: Button[], scope: BlockScope, log: FitLog): { actions: LineAction[]; spelled: string[] } {
  const actions: LineAction[] = [];
  const spelled: string[] = [];
  for (const b of buttons) {
    const action = buttonAction(b, scope, log);
    if (action) actions.push(action);
    else if (b.action.type === 'url') spelled.push(`${b.title}: ${b.action.url}`);
  }
  return { actions, spelled };
}

/** Buttons templates of ≤4 actions; text over 160 characters goes first as a text message. */
function buttonTemplates(text: string, actions: LineAction[], log: FitLog): LineMessage[] {
  const out: LineMessage[] = [];
  let templateText = text;
  if (text.length > L.templateTextChars) {
    log.note(`text over ${L.templateTextChars} characters sent as its own message first`);
    out.push(...texts(text));
    templateText = ELLIPSIS;
  }
  const groups = chunk(actions, L.templateActions);
  if (groups.length > 1) log.note(`${actions.length} buttons split over ${groups.length} templates of ${L.templateActions}`);
  groups.forEach((group, i) => {
    out.push({ type: 'template', altText: altText(text), template: { type: 'buttons', text: i === 0 ? templateText : ELLIPSIS, actions: group } });
  });
  return out;
}

function textComponent(text: string, style: Record<string, unknown> = {}): FlexComponent {
  return { type: 'text', text, wrap: true, ...style };
}

function cardBubble(card: Card, scope: BlockScope, log: FitLog, maxButtons: number): { bubble: FlexBubble; overflow: LineAction[] } {
  const { actions, spelled } = buttonActions(card.buttons ?? [], scope, log);
  const image = httpsImage(card.imageUrl);
  if (card.imageUrl && !image) log.note('images not on https left out');
  const bubble: FlexBubble = {
    type: 'bubble',
    ...(image ? { hero: { type: 'image', url: image, size: 'full', aspectRatio: '20:13', aspectMode: 'cover' } } : {}),
    body: {
      type: 'box',
      layout: 'vertical',
      spacing: 'sm',
      contents: [
        textComponent(card.title, { weight: 'bold', size: 'md' }),
        ...(card.subtitle ? [textComponent(card.subtitle, { size: 'sm', color: '#666666' })] : []),
        ...spelled.map((line) => textComponent(line, { size: 'xs' })),
      ],
    },
  };
  const shown = actions.slice(0, maxButtons);
  if (shown.length > 0) {
    bubble.footer = { type: 'box', layout: 'vertical', spacing: 'sm', contents: shown.map((action) => ({ type: 'button', style: 'link', height: 'sm', action })) };
  }
  return { bubble, overflow: actions.slice(maxButtons) };
}

function renderBlock(scope: BlockScope): BlockOutput<LineMessage> {
  const { block } = scope;
  switch (block.type) {
    case 'text': {
      if (block.format === 'markdown' || block.format === 'html') return fellBack(texts(scope.fallbackText()), 'Plain text: LINE shows no formatting');
      const out = texts(block.text);
      return out.length > 1 ? degraded(out, `Text split into ${out.length} messages of at most ${L.textChars} characters`) : native(out, 'Text message');
    }
    case 'buttons': {
      const log = new FitLog();
      const { actions, spelled } = buttonActions(block.buttons, scope, log);
      const text = [block.text, ...spelled].join('\n');
      return log.output(actions.length > 0 ? buttonTemplates(text, actions, log) : texts(text), 'Buttons template');
    }
    case 'card':
    case 'carousel': {
      const log = new FitLog();
      const cards = block.type === 'card' ? [block] : block.cards;
      const perCard = block.type === 'card' ? L.cardButtons : L.carouselButtonsPerCard;
      const built = cards.map((c) => ({ card: c, ...cardBubble(c, scope, log, perCard) }));
      const out: LineMessage[] = [];
      const groups = chunk(built, L.flexBubbles);
      if (groups.length > 1) log.note(`${cards.length} cards split over ${groups.length} carousels of ${L.flexBubbles}`);
      for (const group of groups) {
        const contents = group.length === 1 && block.type === 'card' ? group[0].bubble : { type: 'carousel' as const, contents: group.map((g) => g.bubble) };
        out.push({ type: 'flex', altText: altText(group.map((g) => g.card.title).join(' · ')), contents });
      }
      for (const { card, overflow } of built) {
        if (overflow.length === 0) continue;
        log.note(`buttons beyond ${perCard} per card follow in a buttons template`);
        out.push(...buttonTemplates(card.title, overflow, log));
      }
      return log.output(out, block.type === 'card' ? 'Flex bubble' : 'Flex carousel');
    }
    case 'richLink':
      return richLink(block);
    case 'quickReplies':
      return quickReplies(block, scope);
    case 'listPicker':
      return listPicker(block, scope);
    case 'timePicker':
      return timePicker(block, scope);
    case 'form':
      return form(block, scope);
    case 'attachment':
      return fellBack(texts(scope.fallbackText()), 'Link: sending attachments is not supported on this channel');
    case 'adaptiveCard':
    case 'template':
      return fellBack(texts(scope.fallbackText()), 'Plain-text fallback: no such structure on LINE');
  }
}

function richLink(block: RichLinkBlock): BlockOutput<LineMessage> {
  const log = new FitLog();
  const image = httpsImage(block.imageUrl);
  if (block.imageUrl && !image) log.note('image not on https left out');
  const open = { type: 'uri', label: truncate(block.title, L.labelChars), uri: block.url };
  const bubble: FlexBubble = {
    type: 'bubble',
    ...(image ? { hero: { type: 'image', url: image, size: 'full', aspectRatio: '20:13', aspectMode: 'cover', action: open } } : {}),
    body: {
      type: 'box',
      layout: 'vertical',
      spacing: 'sm',
      action: open,
      contents: [
        textComponent(block.title, { weight: 'bold', size: 'md' }),
        ...(block.description ? [textComponent(block.description, { size: 'sm', color: '#666666' })] : []),
        textComponent(block.url, { size: 'xs', color: '#999999' }),
      ],
    },
  };
  if (block.url.length > L.uriChars) return fellBack(texts(`${block.title}: ${block.url}`), `Link as text: URL longer than ${L.uriChars} characters`);
  return log.output([{ type: 'flex', altText: altText(`${block.title} ${block.url}`), contents: bubble }], 'Flex bubble opening the URL');
}

/** Choices as quick replies on the text (≤13), else buttons templates. */
function choices(text: string, items: { token: string; title: string; shown?: string }[], log: FitLog): LineMessage[] {
  if (items.length > L.quickReplyItems) {
    log.note(`${items.length} choices are more than ${L.quickReplyItems} quick replies: sent as buttons templates`);
    return buttonTemplates(text, items.map((i) => postback(i.token, i.title, log)), log);
  }
  const out = texts(text);
  const last = out[out.length - 1];
  last.quickReply = {
    items: items.map((i) => {
      const action: LineAction = { ...(postback(i.token, i.title, log) as Extract<LineAction, { type: 'postback' }>), ...(i.shown ? { displayText: truncate(i.shown, L.displayTextChars) } : {}) };
      return { type: 'action' as const, action };
    }),
  };
  if (out.length > 1) log.note('text split');
  return out;
}

function quickReplies(block: QuickRepliesBlock, scope: BlockScope): BlockOutput<LineMessage> {
  const log = new FitLog();
  return log.output(choices(block.text, block.replies.map((r) => ({ token: scope.token(r.id, L.postbackDataChars), title: r.title })), log), 'Text with quick replies');
}

function listPicker(block: ListPickerBlock, scope: BlockScope): BlockOutput<LineMessage> {
  const log = new FitLog();
  if (block.multipleSelection) log.note('one item per answer (no multiple selection)');
  // Each item is a tappable box (title and description, image if any) in a Flex bubble.
  const rows: FlexComponent[] = [];
  for (const section of block.sections) {
    if (section.title) rows.push(textComponent(section.title, { weight: 'bold', size: 'sm', color: '#999999', margin: 'lg' }));
    for (const item of section.items) {
      const image = httpsImage(item.imageUrl);
      if (item.imageUrl && !image) log.note('item images not on https left out');
      const text = { type: 'box', layout: 'vertical', flex: 4, contents: [textComponent(item.title, { size: 'md' }), ...(item.subtitle ? [textComponent(item.subtitle, { size: 'xs', color: '#666666' })] : [])] };
      rows.push({
        type: 'box',
        layout: 'horizontal',
        spacing: 'md',
        margin: 'md',
        action: postback(scope.token(item.id, L.postbackDataChars), item.title, log),
        contents: image ? [{ type: 'image', url: image, size: 'xs', flex: 1 }, text] : [text],
      });
    }
  }
  const itemRows = rows.filter((r) => r.type === 'box');
  const pages: FlexComponent[][] = [];
  let page: FlexComponent[] = [];
  let count = 0;
  for (const row of rows) {
    if (row.type === 'box' && count === L.listItemsPerBubble) {
      pages.push(page);
      page = [];
      count = 0;
    }
    page.push(row);
    if (row.type === 'box') count++;
  }
  pages.push(page);
  const bubbles: FlexBubble[] = pages.map((contents, i) => ({
    type: 'bubble',
    ...(i === 0
      ? {
          header: {
            type: 'box',
            layout: 'vertical',
            contents: [textComponent(block.title, { weight: 'bold', size: 'lg' }), ...(block.subtitle ? [textComponent(block.subtitle, { size: 'sm', color: '#666666' })] : [])],
          },
        }
      : {}),
    body: { type: 'box', layout: 'vertical', contents },
  }));
  if (bubbles.length > L.flexBubbles) log.note('split over several carousels');
  const out: LineMessage[] = chunk(bubbles, L.flexBubbles).map((group) => ({
    type: 'flex',
    altText: altText(`${block.title} (${itemRows.length})`),
    contents: group.length === 1 ? group[0] : { type: 'carousel', contents: group },
  }));
  return log.output(out, bubbles.length > 1 ? 'Flex carousel of tappable items' : 'Flex bubble of tappable items');
}

function timePicker(block: TimePickerBlock, scope: BlockScope): BlockOutput<LineMessage> {
  const log = new FitLog();
  log.note('no slot picker: slots offered as quick replies');
  const location = block.location ? [block.location.title, block.location.address].filter(Boolean).join(', ') : undefined;
  const text = [block.title, location, `(${block.timezone})`].filter(Boolean).join('\n');
  const items = block.slots.map((slot) => {
    const label = slotLabel(slot, block.timezone, scope.context.locale);
    return { token: scope.token(slot.id, L.postbackDataChars), title: label, shown: `${label} (${durationLabel(slot.durationMinutes)})` };
  });
  return log.output(choices(text, items, log), 'Text with quick replies');
}

function form(block: FormBlock, scope: BlockScope): BlockOutput<LineMessage> {
  if (!block.url || block.url.length > L.uriChars) return fellBack(texts(scope.fallbackText()), 'Plain-text questions: no forms and no usable hosted form URL');
  const log = new FitLog();
  const action: LineAction = { type: 'uri', label: log.cut(block.submitLabel ?? block.title, L.labelChars, 'label'), uri: block.url };
  return degraded(buttonTemplates(block.title, [action], log), 'Buttons template linking to the hosted form');
}
