// The readable plain-text version of any content message: what text-only channels (SMS, review
// replies, comments) receive, and what every renderer sends beside its native payload.
//
// Numbering contract (answer parsers depend on it — keep it stable):
// - Options the customer answers by replying are numbered 1, 2, 3… once across the whole message,
//   in block order and, inside a block, in authoring order: postback buttons (buttons, card,
//   carousel cards), quick replies, list-picker items (section by section), time slots, and an
//   Adaptive Card's Action.Submit / Action.Execute actions.
// - URL and call buttons, Action.OpenUrl and form fields are spelled out, never numbered.
// - Each numbered option appears as "<n>. <title>" on its own line; `fallbackOptions` returns the
//   same list, so "2" (or the title "No") maps back to the option's id and payload.
// - The author's `fallbackText` replaces the generated text but never the numbering: an author who
//   overrides the text should number options the same way.
import { customerWords, type CustomerWords } from '../i18n/customer-words';
import { adaptiveCardItems } from './adaptive-card-text';
import { htmlToText } from './html-to-text';
import { markdownToText } from './markdown-to-text';
import {
  contentBlocks,
  type AdaptiveCardJson,
  type Button,
  type Card,
  type ContentBlock,
  type ContentMessage,
  type FormBlock,
  type TemplateBlock,
  type TimePickerBlock,
} from './model';

export type FallbackOptionKind = 'button' | 'quickReply' | 'listItem' | 'timeSlot' | 'cardAction';

export interface FallbackOption {
  /** The number shown to the customer, from 1. */
  index: number;
  /** The option's id in the content model (for an Adaptive Card action: its id, else its title). */
  id: string;
  title: string;
  /** What a native tap would have sent: postback/reply/item payload, a slot's ISO start, a card action's data as JSON. */
  payload: string;
  kind: FallbackOptionKind;
  /** Position of the block the option belongs to in `contentBlocks(message)`. */
  blockIndex: number;
}

export interface FallbackTextOptions {
  /** The customer's BCP 47 locale: the words Parley adds (model/i18n) and dates and times; default English, en-US dates. */
  locale?: string;
  /** Shows time slots in this IANA zone instead of the time picker's own (e.g. the customer's zone). */
  timeZone?: string;
  /** Line appended after numbered options; false = none. Default: the locale's "Reply with the number or the option." */
  hint?: string | false;
}

/** The English reply hint; other languages: `customerWords(locale).replyHint`. */
export const DEFAULT_FALLBACK_HINT = customerWords('en').replyHint;

export interface FallbackRendering {
  text: string;
  options: FallbackOption[];
}

/** Renders blocks to text while handing out option numbers in the contract's order. */
class FallbackWriter {
  readonly options: FallbackOption[] = [];
  private blockIndex = 0;
  private readonly words: CustomerWords;

  constructor(
    private readonly opts: FallbackTextOptions,
    private nextIndex = 1,
  ) {
    this.words = customerWords(opts.locale);
  }

  block(block: ContentBlock, blockIndex: number): string {
    this.blockIndex = blockIndex;
    switch (block.type) {
      case 'text':
        return block.format === 'html' ? htmlToText(block.text) : block.format === 'markdown' ? markdownToText(block.text) : block.text;
      case 'buttons':
        return lines(block.text, '', ...this.buttons(block.buttons));
      case 'card':
        return this.card(block);
      case 'carousel':
        return block.cards.map((card) => this.card(card)).join('\n\n');
      case 'richLink':
        return lines(`${block.title}: ${block.url}`, block.description);
      case 'quickReplies':
        return lines(block.text, '', ...block.replies.map((r) => this.option(r.id, r.title, r.payload, 'quickReply')));
      case 'listPicker':
        return lines(
          block.title,
          block.subtitle,
          ...block.sections.flatMap((section) => [
            '',
            ...(section.title ? [section.title] : []),
            ...section.items.map((item) =>
              this.option(item.id, item.subtitle ? `${item.title} – ${item.subtitle}` : item.title, item.payload, 'listItem', item.title),
            ),
          ]),
        );
      case 'timePicker':
        return this.timePicker(block);
      case 'adaptiveCard':
        return this.adaptiveCard(block.card);
      case 'form':
        return formText(block, this.words);
      case 'attachment':
        return lines(block.caption, `${block.name ?? this.words.attachment[block.kind]}: ${block.url}`);
      case 'template':
        return templateText(block);
    }
  }

  private option(id: string, shown: string, payload: string, kind: FallbackOptionKind, title = shown): string {
    const index = this.nextIndex++;
    // Trimmed both ways, so the title an answer parser matches is exactly what the customer read.
    this.options.push({ index, id, title: title.trim(), payload, kind, blockIndex: this.blockIndex });
    return `${index}. ${shown.trim()}`;
  }

  private buttons(buttons: Button[] | undefined): string[] {
    return (buttons ?? []).map((b) => {
      switch (b.action.type) {
        case 'postback':
          return this.option(b.id, b.title, b.action.payload, 'button');
        case 'url':
          return `${b.title}: ${b.action.url}`;
        case 'call':
          return `${b.title}: ${b.action.phone}`;
      }
    });
  }

  /** Cards stack as title / subtitle / buttons; images are left out (a bare image URL reads as noise). */
  private card(card: Card): string {
    return lines(card.title, card.subtitle, ...this.buttons(card.buttons));
  }

  private timePicker(block: TimePickerBlock): string {
    const { format, timeZone } = slotFormat(this.opts, block.timezone);
    const location = block.location ? [block.location.title, block.location.address].filter(Boolean).join(', ') : undefined;
    return lines(
      block.title,
      location && this.words.location(location),
      this.words.timesIn(timeZone),
      ...block.slots.map((slot) => {
        const start = new Date(slot.start);
        const end = new Date(start.getTime() + slot.durationMinutes * 60_000);
        // ICU puts thin and narrow no-break spaces in ranges; plain spaces keep SMS in GSM-7.
        const shown = format.formatRange(start, end).replace(/[\u2009\u202f\u00a0]/g, ' ');
        return this.option(slot.id, shown, slot.start, 'timeSlot');
      }),
    );
  }

  private adaptiveCard(card: AdaptiveCardJson): string {
    return adaptiveCardItems(card)
      .map((item) =>
        item.kind === 'text'
          ? item.text
          : item.kind === 'link'
            ? `${item.title}: ${item.url}`
            : this.option(item.id, item.title, item.payload, 'cardAction'),
      )
      .join('\n');
  }
}

const SLOT_FORMAT: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
};

/** The caller's locale and zone when Intl accepts them, else en-US and the picker's own zone: a fallback must not throw. */
function slotFormat(opts: FallbackTextOptions, pickerZone: string): { format: Intl.DateTimeFormat; timeZone: string } {
  for (const [locale, timeZone] of [
    [opts.locale ?? 'en-US', opts.timeZone ?? pickerZone],
    ['en-US', opts.timeZone ?? pickerZone],
    ['en-US', pickerZone],
  ]) {
    try {
      return { format: new Intl.DateTimeFormat(locale, { ...SLOT_FORMAT, timeZone }), timeZone };
    } catch {
      // RangeError: unknown locale or time zone; try the next, safer pair.
    }
  }
  return { format: new Intl.DateTimeFormat('en-US', { ...SLOT_FORMAT, timeZone: 'UTC' }), timeZone: 'UTC' };
}

/** Joins the present lines; '' is kept as a deliberate blank line but never doubled or trailing. */
function lines(...parts: (string | undefined | false)[]): string {
  return parts
    .filter((p): p is string => typeof p === 'string')
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function fieldKindHint(kind: FormBlock['fields'][number]['kind'], words: CustomerWords): string {
  return kind === 'text' || kind === 'select' ? '' : words.fieldHint[kind];
}

/** A hosted form is a link; otherwise the customer answers a list of questions in one reply. */
function formText(form: FormBlock, words: CustomerWords): string {
  if (form.url) return lines(form.title, `${form.submitLabel ?? words.fillInForm}: ${form.url}`);
  return lines(
    form.title,
    words.pleaseReplyWith,
    ...form.fields.map((field) => {
      const detail =
        field.kind === 'select' ? words.oneOf((field.options ?? []).map((o) => o.title).join(', ')) : fieldKindHint(field.kind, words);
      return `- ${field.label}${detail ? ` (${detail})` : ''}${field.required ? ' *' : ''}`;
    }),
    form.fields.some((f) => f.required) ? words.requiredMark : undefined,
  );
}

/** A WhatsApp template outside WhatsApp: its approved body with the parameters filled in. */
function templateText(template: TemplateBlock): string {
  const values = (template.components ?? [])
    .filter((c) => c.type === 'body')
    .flatMap((c) => c.parameters)
    .map((p) => (p.type === 'text' ? p.text : p.type === 'currency' || p.type === 'date_time' ? p.fallback : undefined))
    .filter((v): v is string => v !== undefined);
  if (template.bodyText) {
    return template.bodyText.replace(/\{\{\s*(\d+)\s*\}\}/g, (whole, n: string) => values[Number(n) - 1] ?? whole);
  }
  return values.length > 0 ? values.join('\n') : template.name.replace(/_/g, ' ').trim() || template.name;
}

/**
 * The fallback of one block, numbering from `firstIndex` (default 1). For renderers that send
 * some blocks natively and degrade others: pass the count of options already numbered + 1.
 */
export function blockFallback(
  block: ContentBlock,
  opts: FallbackTextOptions & { firstIndex?: number; blockIndex?: number } = {},
): FallbackRendering {
  const writer = new FallbackWriter(opts, opts.firstIndex ?? 1);
  const text = writer.block(block, opts.blockIndex ?? 0);
  return { text, options: writer.options };
}

/** The generated fallback of a whole message (ignores the author's override) and its numbering. */
export function renderFallback(message: ContentMessage, opts: FallbackTextOptions = {}): FallbackRendering {
  const writer = new FallbackWriter(opts);
  const text = contentBlocks(message)
    .map((block, i) => writer.block(block, i))
    .filter((t) => t.length > 0)
    .join('\n\n');
  const hint = opts.hint === undefined ? customerWords(opts.locale).replyHint : opts.hint;
  return { text: writer.options.length > 0 && hint ? `${text}\n\n${hint}` : text, options: writer.options };
}

/** The plain text a text-only channel sends: the author's `fallbackText` if given, else generated. */
export function fallbackText(message: ContentMessage, opts: FallbackTextOptions = {}): string {
  return message.fallbackText ?? renderFallback(message, opts).text;
}

/**
 * The numbered options of the fallback, in order: maps a reply like "2" back to the option. Pass the
 * same locale/timeZone used for the text so time-slot titles match what the customer saw.
 */
export function fallbackOptions(message: ContentMessage, opts: Omit<FallbackTextOptions, 'hint'> = {}): FallbackOption[] {
  return renderFallback(message, { ...opts, hint: false }).options;
}
