// Meta Send API bodies shared by Messenger and Instagram Direct (channels.md §6–7): text with quick
// replies, button and generic templates, attachments. The two channels differ only in their
// limits and in whether `messaging_type` is sent; each passes its own profile.
import type {
  AttachmentBlock,
  Button,
  ButtonsBlock,
  Card,
  ContentMessage,
  FormBlock,
  ListPickerBlock,
  QuickRepliesBlock,
  RichLinkBlock,
  TimePickerBlock,
} from '../../../model/content/model';
import type { RenderContext, RenderResult } from '../../render';
import { degraded, fellBack, native, renderBlocks, type BlockOutput, type BlockScope } from '../render/block-loop';
import { carryToLast } from '../render/carry-to-last';
import { chunk } from '../render/chunk';
import { FitLog } from '../render/fit-log';
import { slotLabel } from '../render/slot-label';
import { splitText } from '../text/split-text';
import { ELLIPSIS } from '../text/truncate';

export interface MetaSendProfile {
  /** Messenger wants `messaging_type: 'RESPONSE'` on replies; Instagram does not use it. */
  messagingType: boolean;
  textChars: number;
  templateTextChars: number;
  buttons: number;
  buttonTitleChars: number;
  elements: number;
  elementTitleChars: number;
  elementSubtitleChars: number;
  quickReplies: number;
  quickReplyTitleChars: number;
  payloadChars: number;
  attachmentBytes: number;
}

export type MetaButton =
  | { type: 'postback'; title: string; payload: string }
  | { type: 'web_url'; title: string; url: string }
  | { type: 'phone_number'; title: string; payload: string };

export interface MetaQuickReply {
  content_type: 'text';
  title: string;
  payload: string;
}

export interface MetaElement {
  title: string;
  subtitle?: string;
  image_url?: string;
  default_action?: { type: 'web_url'; url: string };
  buttons?: MetaButton[];
}

export type MetaMessage = (
  | { text: string }
  | { attachment: { type: 'template'; payload: { template_type: 'button'; text: string; buttons: MetaButton[] } } }
  | { attachment: { type: 'template'; payload: { template_type: 'generic'; elements: MetaElement[] } } }
  | { attachment: { type: 'image' | 'video' | 'audio' | 'file'; payload: { url: string; is_reusable: boolean } } }
) & { quick_replies?: MetaQuickReply[] };

export interface MetaSendBody {
  recipient: { id: string };
  messaging_type?: 'RESPONSE';
  message: MetaMessage;
}

export function renderMetaSend(profile: MetaSendProfile, message: ContentMessage, context: RenderContext): RenderResult<MetaSendBody> {
  const r = new MetaRenderer(profile, context);
  const result = renderBlocks(message, context, (scope) => r.block(scope));
  const payloads = carryToLast(
    result.payloads,
    (p) => p.message.quick_replies,
    (p, quick_replies) => {
      const { quick_replies: _, ...rest } = p.message;
      return { ...p, message: (quick_replies ? { ...rest, quick_replies } : rest) as MetaMessage };
    },
  );
  return { payloads, report: result.report };
}

class MetaRenderer {
  constructor(
    private readonly p: MetaSendProfile,
    private readonly context: RenderContext,
  ) {}

  block(scope: BlockScope): BlockOutput<MetaSendBody> {
    const { block } = scope;
    switch (block.type) {
      case 'text':
        if (block.format === 'markdown' || block.format === 'html') {
          return fellBack(this.texts(scope.fallbackText()), 'Plain text: the Send API shows no formatting');
        }
        return this.plainText(block.text);
      case 'buttons':
        return this.buttonsBlock(block, scope);
      case 'card':
        return this.cards([block], scope, 'Generic template with one element');
      case 'carousel':
        return this.cards(block.cards, scope, 'Generic template carousel');
      case 'richLink':
        return this.richLink(block);
      case 'quickReplies':
        return this.quickRepliesBlock(block, scope);
      case 'listPicker':
        return this.listPicker(block, scope);
      case 'timePicker':
        return this.timePicker(block, scope);
      case 'attachment':
        return this.attachment(block, scope);
      case 'form':
        return this.form(block, scope);
      case 'adaptiveCard':
      case 'template':
        return fellBack(this.texts(scope.fallbackText()), 'Plain-text fallback: no such structure on this channel');
    }
  }

  private body(message: MetaMessage): MetaSendBody {
    return this.p.messagingType
      ? { recipient: { id: this.context.recipientId }, messaging_type: 'RESPONSE', message }
      : { recipient: { id: this.context.recipientId }, message };
  }

  private texts(text: string): MetaSendBody[] {
    return splitText(text, this.p.textChars).map((part) => this.body({ text: part }));
  }

  private plainText(text: string): BlockOutput<MetaSendBody> {
    const payloads = this.texts(text);
    return payloads.length > 1
      ? degraded(payloads, `Text split into ${payloads.length} messages of at most ${this.p.textChars} characters`)
      : native(payloads, 'Text message');
  }

  private button(b: Button, scope: BlockScope, log: FitLog): MetaButton {
    const title = log.cut(b.title, this.p.buttonTitleChars, 'button titles');
    switch (b.action.type) {
      case 'postback':
        return { type: 'postback', title, payload: scope.token(b.id, this.p.payloadChars) };
      case 'url':
        return { type: 'web_url', title, url: b.action.url };
      case 'call':
        return { type: 'phone_number', title, payload: b.action.phone };
    }
  }

  /** Button templates of ≤3 buttons; a text too long for the template goes first as its own message. */
  private buttonTemplates(text: string, buttons: MetaButton[], log: FitLog): MetaSendBody[] {
    const out: MetaSendBody[] = [];
    let templateText = text;
    if (text.length > this.p.templateTextChars) {
      log.note(`text over ${this.p.templateTextChars} characters sent as its own message before the buttons`);
      out.push(...this.texts(text));
      templateText = ELLIPSIS;
    }
    const groups = chunk(buttons, this.p.buttons);
    if (groups.length > 1) log.note(`${buttons.length} buttons split over ${groups.length} button templates of ${this.p.buttons}`);
    groups.forEach((group, i) => {
      out.push(
        this.body({
          attachment: { type: 'template', payload: { template_type: 'button', text: i === 0 ? templateText : ELLIPSIS, buttons: group } },
        }),
      );
    });
    return out;
  }

  private buttonsBlock(block: ButtonsBlock, scope: BlockScope): BlockOutput<MetaSendBody> {
    const log = new FitLog();
    const buttons = block.buttons.map((b) => this.button(b, scope, log));
    return log.output(this.buttonTemplates(block.text, buttons, log), 'Button template');
  }

  private element(card: Card, scope: BlockScope, log: FitLog): { element: MetaElement; overflow: MetaButton[] } {
    const buttons = (card.buttons ?? []).map((b) => this.button(b, scope, log));
    const element: MetaElement = { title: log.cut(card.title, this.p.elementTitleChars, 'card titles') };
    if (card.subtitle) element.subtitle = log.cut(card.subtitle, this.p.elementSubtitleChars, 'card subtitles');
    if (card.imageUrl) element.image_url = card.imageUrl;
    if (buttons.length > 0) element.buttons = buttons.slice(0, this.p.buttons);
    return { element, overflow: buttons.slice(this.p.buttons) };
  }

  /** Generic templates of ≤10 elements; a card's buttons beyond 3 follow in a button template. */
  private cards(cards: Card[], scope: BlockScope, detail: string): BlockOutput<MetaSendBody> {
    const log = new FitLog();
    const out: MetaSendBody[] = [];
    const built = cards.map((card) => ({ card, ...this.element(card, scope, log) }));
    // An element needs more than a title; a bare title is sent as text in its place.
    let run: MetaElement[] = [];
    const flush = () => {
      const groups = chunk(run, this.p.elements);
      if (groups.length > 1) log.note(`${run.length} cards split over ${groups.length} carousels of ${this.p.elements}`);
      for (const group of groups) out.push(this.body({ attachment: { type: 'template', payload: { template_type: 'generic', elements: group } } }));
      run = [];
    };
    const overflow: { title: string; buttons: MetaButton[] }[] = [];
    for (const { card, element, overflow: extra } of built) {
      if (!element.subtitle && !element.image_url && !element.buttons) {
        flush();
        log.note('title-only cards sent as text');
        out.push(...this.texts(card.title));
        continue;
      }
      run.push(element);
      if (extra.length > 0) overflow.push({ title: card.title, buttons: extra });
    }
    flush();
    for (const { title, buttons } of overflow) {
      log.note(`buttons beyond ${this.p.buttons} per card follow in a button template`);
      out.push(...this.buttonTemplates(title, buttons, log));
    }
    return log.output(out, detail);
  }

  private richLink(block: RichLinkBlock): BlockOutput<MetaSendBody> {
    const log = new FitLog();
    const element: MetaElement = {
      title: log.cut(block.title, this.p.elementTitleChars, 'title'),
      default_action: { type: 'web_url', url: block.url },
    };
    if (block.description) element.subtitle = log.cut(block.description, this.p.elementSubtitleChars, 'description');
    if (block.imageUrl) element.image_url = block.imageUrl;
    return log.output(
      [this.body({ attachment: { type: 'template', payload: { template_type: 'generic', elements: [element] } } })],
      'Generic template element opening the URL',
    );
  }

  /** Choices as quick replies on the (last part of the) text, or button templates beyond 13. */
  private choices(text: string, choices: { token: string; title: string }[], log: FitLog): MetaSendBody[] {
    if (choices.length > this.p.quickReplies) {
      log.note(`${choices.length} choices are more than ${this.p.quickReplies} quick replies: sent as postback buttons`);
      const buttons = choices.map(
        (c): MetaButton => ({ type: 'postback', title: log.cut(c.title, this.p.buttonTitleChars, 'titles'), payload: c.token }),
      );
      return this.buttonTemplates(text, buttons, log);
    }
    const parts = splitText(text, this.p.textChars);
    if (parts.length > 1) log.note(`text split into ${parts.length} messages`);
    const quickReplies = choices.map(
      (c): MetaQuickReply => ({ content_type: 'text', title: log.cut(c.title, this.p.quickReplyTitleChars, 'quick-reply titles'), payload: c.token }),
    );
    return parts.map((part, i) => this.body(i === parts.length - 1 ? { text: part, quick_replies: quickReplies } : { text: part }));
  }

  private quickRepliesBlock(block: QuickRepliesBlock, scope: BlockScope): BlockOutput<MetaSendBody> {
    const log = new FitLog();
    const choices = block.replies.map((r) => ({ token: scope.token(r.id, this.p.payloadChars), title: r.title }));
    return log.output(this.choices(block.text, choices, log), 'Text with quick replies');
  }

  private listPicker(block: ListPickerBlock, scope: BlockScope): BlockOutput<MetaSendBody> {
    const log = new FitLog();
    const items = block.sections.flatMap((s) => s.items);
    const heading = [block.title, block.subtitle].filter(Boolean).join('\n');
    if (block.sections.some((s) => s.title)) log.note('section titles dropped');
    if (block.multipleSelection) log.note('one item per answer (no multiple selection)');
    const bare = items.every((i) => !i.subtitle && !i.imageUrl);
    if (bare && items.length <= this.p.quickReplies) {
      const choices = items.map((i) => ({ token: scope.token(i.id, this.p.payloadChars), title: i.title }));
      return log.output(this.choices(heading, choices, log), 'Quick replies, one per item');
    }
    // Items with descriptions or images keep them as generic-template elements with a select button.
    const out = this.texts(heading);
    const elements = items.map((item): MetaElement => {
      const element: MetaElement = {
        title: log.cut(item.title, this.p.elementTitleChars, 'item titles'),
        buttons: [{ type: 'postback', title: log.cut(item.title, this.p.buttonTitleChars, 'item button titles'), payload: scope.token(item.id, this.p.payloadChars) }],
      };
      if (item.subtitle) element.subtitle = log.cut(item.subtitle, this.p.elementSubtitleChars, 'item subtitles');
      if (item.imageUrl) element.image_url = item.imageUrl;
      return element;
    });
    const groups = chunk(elements, this.p.elements);
    if (groups.length > 1) log.note(`${elements.length} items split over ${groups.length} carousels of ${this.p.elements}`);
    for (const group of groups) out.push(this.body({ attachment: { type: 'template', payload: { template_type: 'generic', elements: group } } }));
    return log.output(out, 'Heading text, then a generic-template carousel with one element and select button per item');
  }

  private timePicker(block: TimePickerBlock, scope: BlockScope): BlockOutput<MetaSendBody> {
    const log = new FitLog();
    const location = block.location ? [block.location.title, block.location.address].filter(Boolean).join(', ') : undefined;
    const text = [block.title, location, `(${block.timezone})`].filter(Boolean).join('\n');
    const choices = block.slots.map((slot) => ({ token: scope.token(slot.id, this.p.payloadChars), title: slotLabel(slot, block.timezone, scope.context.locale) }));
    log.note('no time picker: slots offered as choices, durations left out');
    return log.output(this.choices(text, choices, log), 'Text with one quick reply per slot');
  }

  private attachment(block: AttachmentBlock, scope: BlockScope): BlockOutput<MetaSendBody> {
    if (block.size !== undefined && block.size > this.p.attachmentBytes) {
      return fellBack(this.texts(scope.fallbackText()), `Link: larger than the ${this.p.attachmentBytes / 1024 / 1024} MB the Send API takes`);
    }
    const out = block.caption ? this.texts(block.caption) : [];
    const type = block.kind === 'file' ? 'file' : block.kind;
    out.push(this.body({ attachment: { type, payload: { url: block.url, is_reusable: true } } }));
    return native(out, block.caption ? 'Attachment message after its caption as text' : 'Attachment message');
  }

  private form(block: FormBlock, scope: BlockScope): BlockOutput<MetaSendBody> {
    if (!block.url) return fellBack(this.texts(scope.fallbackText()), 'Plain-text questions: no forms and no hosted form URL');
    const log = new FitLog();
    const button: MetaButton = { type: 'web_url', title: log.cut(block.submitLabel ?? block.title, this.p.buttonTitleChars, 'button title'), url: block.url };
    return degraded(this.buttonTemplates(block.title, [button], log), 'Button template linking to the hosted form');
  }
}
