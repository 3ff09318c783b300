// Slack `chat.postMessage` bodies (channels.md §21d–e): Block Kit sections in mrkdwn, actions with
// buttons, static selects, card and carousel blocks, image blocks — always with `text` as the
// notification fallback. Replies go to the thread when the context names one.
import type { AttachmentBlock, Button, Card, ContentMessage, FormBlock, ListPickerBlock, RichLinkBlock, TimePickerBlock } from '../../model/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import { degraded, fellBack, native, renderBlocks, type BlockOutput, type BlockScope } from '../shared/render/block-loop';
import { chunk } from '../shared/render/chunk';
import { FitLog } from '../shared/render/fit-log';
import { durationLabel, slotLabel } from '../shared/render/slot-label';
import { parseTextBlock } from '../shared/rich-text/parse-rich-text';
import { escapeSlack, toSlackMrkdwnBlocks } from '../shared/rich-text/to-slack';
import { splitText } from '../shared/text/split-text';
import { truncate } from '../shared/text/truncate';

export const SLACK_LIMITS = {
  // channels.md §21 / manifest: message `text` ≤40,000 characters.
  textChars: 40_000,
  // channels.md §21e: ≤50 blocks per message; section text ≤3000; actions ≤25 elements;
  // button text ≤75, value ≤2000.
  blocks: 50,
  sectionChars: 3000,
  actions: 25,
  buttonTextChars: 75,
  buttonValueChars: 2000,
  // Block Kit reference: action_id ≤255; static_select ≤100 options / option groups, option text
  // and description ≤75, option value ≤150, group label ≤75, placeholder ≤150; alt_text ≤2000.
  actionIdChars: 255,
  selectOptions: 100,
  optionTextChars: 75,
  optionValueChars: 150,
  placeholderChars: 150,
  altTextChars: 2000,
  // docs.slack.dev card block: title and subtitle ≤150, body ≤200, up to 3 buttons;
  // carousel block: 1–10 cards (channels.md §21e).
  cardTitleChars: 150,
  cardBodyChars: 200,
  cardButtons: 3,
  carouselCards: 10,
} as const;

const L = SLACK_LIMITS;

export const SLACK_CHANNEL_LIMITS: ChannelLimits = {
  maxTextLength: L.textChars,
  richContent: {
    markdown: { textChars: L.sectionChars },
    html: { textChars: L.sectionChars },
    buttons: { actions: L.actions, titleChars: L.buttonTextChars, payloadChars: L.buttonValueChars, textChars: L.sectionChars },
    quickReplies: { actions: L.actions, titleChars: L.buttonTextChars, payloadChars: L.buttonValueChars },
    carousel: { cards: L.carouselCards },
    listPicker: { options: L.selectOptions },
    timePicker: { options: L.selectOptions },
  },
};

type PlainText = { type: 'plain_text'; text: string; emoji?: boolean };
type Mrkdwn = { type: 'mrkdwn'; text: string };
type SlackButton = { type: 'button'; text: PlainText; action_id: string; value?: string; url?: string };
type SlackImage = { type: 'image'; image_url: string; alt_text: string };
type SlackOption = { text: PlainText; value: string; description?: PlainText };
type SlackSelect = {
  type: 'static_select' | 'multi_static_select';
  action_id: string;
  placeholder: PlainText;
  options?: SlackOption[];
  option_groups?: { label: PlainText; options: SlackOption[] }[];
};

export type SlackBlock =
  | { type: 'section'; text: Mrkdwn; accessory?: SlackImage | SlackSelect }
  | { type: 'actions'; elements: (SlackButton | SlackSelect)[] }
  | { type: 'image'; image_url: string; alt_text: string; title?: PlainText }
  | { type: 'card'; title?: Mrkdwn; subtitle?: Mrkdwn; body?: Mrkdwn; hero_image?: SlackImage; actions?: SlackButton[] }
  | { type: 'carousel'; elements: Extract<SlackBlock, { type: 'card' }>[] };

export interface SlackPostMessageBody {
  channel: string;
  thread_ts?: string;
  text: string;
  mrkdwn?: boolean;
  blocks?: SlackBlock[];
}

const plainText = (text: string, max: number): PlainText => ({ type: 'plain_text', text: truncate(text, max), emoji: true });

export function renderSlack(message: ContentMessage, context: RenderContext): RenderResult<SlackPostMessageBody> {
  // Only a message timestamp ("1700000000.000100") names a Slack thread; anything else posts to the channel.
  const base = { channel: context.recipientId, ...(/^\d+\.\d+$/.test(context.threadId) ? { thread_ts: context.threadId } : {}) };

  /** Messages of ≤50 blocks each; `text` is the notification fallback. */
  const post = (blocks: SlackBlock[], notification: string, log?: FitLog): SlackPostMessageBody[] => {
    const groups = chunk(blocks, L.blocks);
    if (groups.length > 1) log?.note(`split into ${groups.length} messages of ${L.blocks} blocks`);
    return groups.map((group) => ({ ...base, text: truncate(escapeSlack(notification), L.sectionChars), blocks: group }));
  };

  const plainMessages = (text: string): SlackPostMessageBody[] =>
    splitText(text, L.textChars).map((part) => ({ ...base, text: escapeSlack(part), mrkdwn: false }));

  /** mrkdwn pieces packed into sections ≤3000; a piece too long on its own is split as plain text. */
  const sections = (pieces: string[], log: FitLog): SlackBlock[] => {
    const out: string[] = [];
    let current = '';
    for (const piece of pieces) {
      const candidate = current ? `${current}\n\n${piece}` : piece;
      if (candidate.length <= L.sectionChars) {
        current = candidate;
        continue;
      }
      if (current) out.push(current);
      current = '';
      if (piece.length <= L.sectionChars) current = piece;
      else {
        log.note('an over-long paragraph lost its formatting');
        for (const part of splitText(piece, L.sectionChars)) out.push(part);
      }
    }
    if (current) out.push(current);
    return out.map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
  };

  const sectionsOf = (text: string, log: FitLog) => sections(splitText(escapeSlack(text), L.sectionChars), log);

  const button = (b: Button, scope: BlockScope, i: number, log: FitLog, spelled: string[]): SlackButton | undefined => {
    const text = plainText(b.title, L.buttonTextChars);
    if (text.text !== b.title) log.note(`button text cut to ${L.buttonTextChars} characters`);
    const action_id = `${scope.index}.${i}`;
    switch (b.action.type) {
      case 'postback':
        return { type: 'button', text, action_id, value: scope.token(b.id, L.buttonValueChars) };
      case 'url':
        return { type: 'button', text, action_id, url: b.action.url };
      case 'call':
        // Button URLs open in a browser: a phone number is shown in the text instead.
        spelled.push(`${b.title}: ${b.action.phone}`);
        return undefined;
    }
  };

  const actionBlocks = (elements: SlackButton[], log: FitLog): SlackBlock[] => {
    const groups = chunk(elements, L.actions);
    if (groups.length > 1) log.note(`${elements.length} buttons split over ${groups.length} actions blocks`);
    return groups.map((g) => ({ type: 'actions', elements: g }));
  };

  const cardBlock = (card: Card, scope: BlockScope, offset: number, log: FitLog): { block: Extract<SlackBlock, { type: 'card' }>; overflow: SlackButton[]; spelled: string[] } => {
    const spelled: string[] = [];
    const buttons = (card.buttons ?? []).map((b, i) => button(b, scope, offset + i, log, spelled)).filter((b): b is SlackButton => b !== undefined);
    const block: Extract<SlackBlock, { type: 'card' }> = { type: 'card', title: { type: 'mrkdwn', text: log.cut(escapeSlack(card.title), L.cardTitleChars, 'card titles') } };
    if (card.subtitle) block.subtitle = { type: 'mrkdwn', text: log.cut(escapeSlack(card.subtitle), L.cardTitleChars, 'card subtitles') };
    if (spelled.length > 0) {
      log.note('call buttons spelled out in the card body');
      block.body = { type: 'mrkdwn', text: log.cut(escapeSlack(spelled.join('\n')), L.cardBodyChars, 'card bodies') };
    }
    if (card.imageUrl) block.hero_image = { type: 'image', image_url: card.imageUrl, alt_text: truncate(card.title, L.altTextChars) };
    if (buttons.length > 0) block.actions = buttons.slice(0, L.cardButtons);
    return { block, overflow: buttons.slice(L.cardButtons), spelled };
  };

  return renderBlocks(message, context, (scope): BlockOutput<SlackPostMessageBody> => {
    const { block } = scope;
    switch (block.type) {
      case 'text': {
        if (block.format === 'markdown' || block.format === 'html') {
          const log = new FitLog();
          return log.output(post(sections(toSlackMrkdwnBlocks(parseTextBlock(block)), log), scope.fallbackText(), log), 'Section blocks in Slack mrkdwn');
        }
        const payloads = plainMessages(block.text);
        return payloads.length > 1 ? degraded(payloads, `Text split into ${payloads.length} messages`) : native(payloads, 'Text message');
      }
      case 'buttons': {
        const log = new FitLog();
        const spelled: string[] = [];
        const buttons = block.buttons.map((b, i) => button(b, scope, i, log, spelled)).filter((b): b is SlackButton => b !== undefined);
        if (spelled.length > 0) log.note('call buttons spelled out in the text');
        const blocks = [...sectionsOf([block.text, ...spelled].join('\n'), log), ...actionBlocks(buttons, log)];
        return log.output(post(blocks, block.text, log), 'Section with an actions block of buttons');
      }
      case 'quickReplies': {
        const log = new FitLog();
        const buttons = block.replies.map((r, i): SlackButton => {
          const text = plainText(r.title, L.buttonTextChars);
          if (text.text !== r.title) log.note(`button text cut to ${L.buttonTextChars} characters`);
          return { type: 'button', text, action_id: `${scope.index}.${i}`, value: scope.token(r.id, L.buttonValueChars) };
        });
        return log.output(post([...sectionsOf(block.text, log), ...actionBlocks(buttons, log)], block.text, log), 'Section with an actions block of buttons');
      }
      case 'card':
      case 'carousel': {
        const log = new FitLog();
        const cards = block.type === 'card' ? [block] : block.cards;
        let offset = 0;
        const built = cards.map((c) => {
          const b = cardBlock(c, scope, offset, log);
          offset += c.buttons?.length ?? 0;
          return b;
        });
        const blocks: SlackBlock[] =
          block.type === 'card' ? [built[0].block] : chunk(built.map((b) => b.block), L.carouselCards).map((elements) => ({ type: 'carousel', elements }));
        if (block.type === 'carousel' && cards.length > L.carouselCards) log.note(`${cards.length} cards split over several carousel blocks of ${L.carouselCards}`);
        const overflow = built.flatMap((b) => b.overflow);
        if (overflow.length > 0) {
          log.note(`buttons beyond ${L.cardButtons} per card follow in an actions block`);
          blocks.push(...actionBlocks(overflow, log));
        }
        return log.output(post(blocks, cards.map((c) => c.title).join(' · '), log), block.type === 'card' ? 'Card block' : 'Carousel block');
      }
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
        return fellBack(plainMessages(scope.fallbackText()), 'Plain-text fallback: no such structure in Slack');
    }
  });

  function richLink(block: RichLinkBlock): BlockOutput<SlackPostMessageBody> {
    const log = new FitLog();
    const label = escapeSlack(block.title).replace(/\|/g, '/');
    const url = block.url.replace(/\|/g, '%7C').replace(/>/g, '%3E');
    const text = [`*<${url}|${label}>*`, block.description && escapeSlack(block.description)].filter(Boolean).join('\n');
    const section: SlackBlock = {
      type: 'section',
      text: { type: 'mrkdwn', text: log.cut(text, L.sectionChars, 'text') },
      ...(block.imageUrl ? { accessory: { type: 'image', image_url: block.imageUrl, alt_text: truncate(block.title, L.altTextChars) } } : {}),
    };
    return log.output(post([section], `${block.title} ${block.url}`, log), 'Section linking the URL, with the image as accessory');
  }

  function option(token: string, title: string, description: string | undefined, log: FitLog): SlackOption {
    const o: SlackOption = { text: plainText(title, L.optionTextChars), value: token };
    if (o.text.text !== title) log.note(`option text cut to ${L.optionTextChars} characters`);
    if (description) {
      o.description = plainText(description, L.optionTextChars);
      if (o.description.text !== description) log.note(`option descriptions cut to ${L.optionTextChars} characters`);
    }
    return o;
  }

  function listPicker(block: ListPickerBlock, scope: BlockScope): BlockOutput<SlackPostMessageBody> {
    const log = new FitLog();
    if (block.sections.some((s) => s.items.some((i) => i.imageUrl))) log.note('item images left out');
    const grouped = block.sections.length > 1 && block.sections.every((s) => s.title);
    if (!grouped && block.sections.some((s) => s.title)) log.note('section titles dropped');
    const toOption = (item: ListPickerBlock['sections'][number]['items'][number]) => option(scope.token(item.id, L.optionValueChars), item.title, item.subtitle, log);
    const select: SlackSelect = {
      type: block.multipleSelection ? 'multi_static_select' : 'static_select',
      action_id: `${scope.index}.select`,
      placeholder: plainText(block.title, L.placeholderChars),
      ...(grouped
        ? { option_groups: block.sections.map((s) => ({ label: plainText(s.title!, L.optionTextChars), options: s.items.map(toOption) })) }
        : { options: block.sections.flatMap((s) => s.items.map(toOption)) }),
    };
    const text = [block.title, block.subtitle].filter(Boolean).join('\n');
    const blocks: SlackBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: log.cut(escapeSlack(text), L.sectionChars, 'text') }, accessory: select }];
    return log.output(post(blocks, text, log), block.multipleSelection ? 'Section with a multi_static_select' : 'Section with a static_select');
  }

  function timePicker(block: TimePickerBlock, scope: BlockScope): BlockOutput<SlackPostMessageBody> {
    const log = new FitLog();
    log.note('no slot picker: slots offered in a static_select (datepicker/timepicker cannot restrict to slots)');
    const location = block.location ? [block.location.title, block.location.address].filter(Boolean).join(', ') : undefined;
    const text = [block.title, location, `(${block.timezone})`].filter(Boolean).join('\n');
    const select: SlackSelect = {
      type: 'static_select',
      action_id: `${scope.index}.select`,
      placeholder: plainText(block.title, L.placeholderChars),
      options: block.slots.map((slot) => option(scope.token(slot.id, L.optionValueChars), `${slotLabel(slot, block.timezone, scope.context.locale)} · ${durationLabel(slot.durationMinutes)}`, undefined, log)),
    };
    return log.output(post([{ type: 'section', text: { type: 'mrkdwn', text: log.cut(escapeSlack(text), L.sectionChars, 'text') }, accessory: select }], text, log), 'Section with a static_select of slots');
  }

  function attachment(block: AttachmentBlock, scope: BlockScope): BlockOutput<SlackPostMessageBody> {
    if (block.kind === 'image') {
      const blocks: SlackBlock[] = [{ type: 'image', image_url: block.url, alt_text: truncate(block.caption ?? block.name ?? 'image', L.altTextChars) }];
      const log = new FitLog();
      if (block.caption) blocks.unshift(...sectionsOf(block.caption, log));
      return log.output(post(blocks, block.caption ?? block.name ?? block.url, log), 'Image block');
    }
    return fellBack(plainMessages(scope.fallbackText()), 'Link: files need an upload through the files API');
  }

  function form(block: FormBlock, scope: BlockScope): BlockOutput<SlackPostMessageBody> {
    if (!block.url) return fellBack(plainMessages(scope.fallbackText()), 'Plain-text questions: modals need a trigger_id from an interaction, and no hosted form URL is given');
    const log = new FitLog();
    const open: SlackButton = { type: 'button', text: plainText(block.submitLabel ?? block.title, L.buttonTextChars), action_id: `${scope.index}.form`, url: block.url };
    return degraded(post([...sectionsOf(block.title, log), { type: 'actions', elements: [open] }], block.title, log), 'Section with a button linking to the hosted form');
  }
}
