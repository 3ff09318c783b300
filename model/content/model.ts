// The channel-neutral content model: what an author (agent, bot, API caller, rule) sends. A message is
// validated here once; renderers turn it into each channel's native structure or, when the channel
// lacks the type, into the readable plain text of fallback.ts.
//
// Markdown and HTML are not block types of their own: they are the `format` of a text block, because
// they carry the same thing (prose) and every renderer needs the same degradation path for them
// (strip to plain). The conformance matrix still speaks of 'markdown' and 'html' — `richContentTypeOf`
// maps a block to the RichContentType a channel manifest declares support for.
import { z } from 'zod';
import type { FieldIssue } from '../field-issue';
import { adaptiveCardItems } from './adaptive-card-text';
import { htmlToText } from './html-to-text';
import { markdownToText } from './markdown-to-text';
import type { RichContentType } from './types';

/** Limits of the neutral model itself; channels' tighter native limits live in their manifests. */
export const CONTENT_LIMITS = {
  textChars: 100_000,
  titleChars: 256,
  payloadChars: 4_096,
  /** Buttons, quick replies, list items, time slots, form fields, select options. */
  options: 100,
  cards: 50,
  blocks: 20,
} as const;

const nonBlank = (what: string, max: number) =>
  z
    .string({ error: `${what} must be a string` })
    .refine((s) => s.trim().length > 0, { message: `${what} must not be empty` })
    .refine((s) => s.length <= max, { message: `${what} must be at most ${max} characters` });

const Title = nonBlank('Title', CONTENT_LIMITS.titleChars);
const Text = nonBlank('Text', CONTENT_LIMITS.textChars);
const Payload = nonBlank('Payload', CONTENT_LIMITS.payloadChars);

/** An option's identifier: what a channel hands back when the customer picks it. */
const OptionId = z
  .string({ error: 'Id must be a string' })
  .regex(/^[A-Za-z0-9_.:\-]{1,128}$/, { message: 'Id must be 1–128 characters of letters, digits, _ . : -' });

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

export const HttpUrlSchema = z
  .string({ error: 'URL must be a string' })
  .refine(isHttpUrl, { message: 'Must be an absolute http(s) URL' });

/** E.164: renderers build `tel:` links from it, and WhatsApp/Messenger call buttons want it as is. */
export const PhoneNumberSchema = z
  .string({ error: 'Phone number must be a string' })
  .regex(/^\+[1-9]\d{6,14}$/, { message: 'Phone number must be E.164, e.g. +14155550100' });

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

// ---- actions and options ------------------------------------------------------------------------

export const ButtonActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('postback'), payload: Payload }),
  z.object({ type: z.literal('url'), url: HttpUrlSchema }),
  z.object({ type: z.literal('call'), phone: PhoneNumberSchema }),
]);

export const ButtonSchema = z.object({ id: OptionId, title: Title, action: ButtonActionSchema });

const Buttons = z
  .array(ButtonSchema)
  .min(1, { message: 'At least one button is required' })
  .max(CONTENT_LIMITS.options, { message: `At most ${CONTENT_LIMITS.options} buttons` });

export const QuickReplySchema = z.object({ id: OptionId, title: Title, payload: Payload });

export const CardSchema = z.object({
  title: Title,
  subtitle: Title.optional(),
  imageUrl: HttpUrlSchema.optional(),
  buttons: Buttons.optional(),
});

export const ListItemSchema = z.object({
  id: OptionId,
  title: Title,
  subtitle: Title.optional(),
  imageUrl: HttpUrlSchema.optional(),
  payload: Payload,
});

export const ListSectionSchema = z.object({
  title: Title.optional(),
  items: z.array(ListItemSchema).min(1, { message: 'A section needs at least one item' }),
});

export const TimeSlotSchema = z.object({
  id: OptionId,
  /** ISO 8601 instant with an offset or Z, e.g. 2025-03-04T09:30:00Z. */
  start: z.iso.datetime({ offset: true, message: 'Start must be an ISO 8601 date-time with offset' }),
  durationMinutes: z.number().int().positive().max(24 * 60),
});

export const LocationSchema = z.object({
  title: Title,
  address: Title.optional(),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
});

export const FORM_FIELD_KINDS = ['text', 'email', 'phone', 'number', 'date', 'select'] as const;
export type FormFieldKind = (typeof FORM_FIELD_KINDS)[number];

export const FormOptionSchema = z.object({ value: OptionId, title: Title });

export const FormFieldSchema = z
  .object({
    id: OptionId,
    label: Title,
    kind: z.enum(FORM_FIELD_KINDS),
    required: z.boolean().optional(),
    options: z.array(FormOptionSchema).max(CONTENT_LIMITS.options).optional(),
  })
  .superRefine((field, ctx) => {
    if (field.kind === 'select' && (!field.options || field.options.length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'A select field needs at least one option' });
    }
    if (field.kind !== 'select' && field.options) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'Only select fields take options' });
    }
    field.options?.forEach((option, i) => {
      if (field.options!.findIndex((o) => o.value === option.value) !== i) {
        ctx.addIssue({ code: 'custom', path: ['options', i, 'value'], message: `Duplicate option value "${option.value}"` });
      }
    });
  });

/** An Adaptive Cards payload (adaptivecards.io); kept open beyond the fields every card must have. */
export const AdaptiveCardJsonSchema = z.looseObject({
  type: z.literal('AdaptiveCard', { error: 'type must be "AdaptiveCard"' }),
  version: z.string().regex(/^\d+\.\d+$/, { message: 'version must look like 1.5' }),
  body: z.array(z.looseObject({ type: z.string().min(1) })),
  actions: z.array(z.looseObject({ type: z.string().min(1) })).optional(),
});

export const TemplateParameterSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: Text }),
  z.object({ type: z.literal('currency'), fallback: Title, code: z.string().regex(/^[A-Z]{3}$/), amount1000: z.number().int() }),
  z.object({ type: z.literal('date_time'), fallback: Title }),
  z.object({ type: z.literal('image'), url: HttpUrlSchema }),
  z.object({ type: z.literal('video'), url: HttpUrlSchema }),
  z.object({ type: z.literal('document'), url: HttpUrlSchema, filename: Title.optional() }),
  z.object({ type: z.literal('payload'), payload: Payload }),
]);

export const TemplateComponentSchema = z.object({
  type: z.enum(['header', 'body', 'button']),
  /** For button components: which kind of template button the parameter fills. */
  subType: z.enum(['quick_reply', 'url']).optional(),
  /** For button components: the button's position in the approved template (0-based). */
  index: z.number().int().min(0).max(9).optional(),
  parameters: z.array(TemplateParameterSchema),
});

export const ATTACHMENT_KINDS = ['file', 'image', 'audio', 'video'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

const Mime = z.string().regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i, {
  message: 'Must be a MIME type such as image/png',
});

// ---- blocks -------------------------------------------------------------------------------------

export const TEXT_FORMATS = ['plain', 'markdown', 'html'] as const;
export type TextFormat = (typeof TEXT_FORMATS)[number];

export const TextBlockSchema = z
  .object({
    type: z.literal('text'),
    text: Text,
    /** Omitted = plain. Markdown is CommonMark; HTML is a fragment (renderers sanitise it). */
    format: z.enum(TEXT_FORMATS).optional(),
  })
  .superRefine((block, ctx) => {
    // Text-only channels get the converted text: markup that converts to nothing would send a blank message.
    const readable = block.format === 'html' ? htmlToText(block.text) : block.format === 'markdown' ? markdownToText(block.text) : block.text;
    if (readable.trim().length === 0) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: `The ${block.format} has no readable text` });
    }
  });

export const ButtonsBlockSchema = z.object({ type: z.literal('buttons'), text: Text, buttons: Buttons });

export const CardBlockSchema = CardSchema.extend({ type: z.literal('card') });

export const CarouselBlockSchema = z.object({
  type: z.literal('carousel'),
  cards: z
    .array(CardSchema)
    .min(1, { message: 'A carousel needs at least one card' })
    .max(CONTENT_LIMITS.cards, { message: `At most ${CONTENT_LIMITS.cards} cards` }),
});

export const RichLinkBlockSchema = z.object({
  type: z.literal('richLink'),
  url: HttpUrlSchema,
  title: Title,
  imageUrl: HttpUrlSchema.optional(),
  description: Text.optional(),
});

export const QuickRepliesBlockSchema = z.object({
  type: z.literal('quickReplies'),
  text: Text,
  replies: z
    .array(QuickReplySchema)
    .min(1, { message: 'At least one reply is required' })
    .max(CONTENT_LIMITS.options, { message: `At most ${CONTENT_LIMITS.options} replies` }),
});

export const ListPickerBlockSchema = z
  .object({
    type: z.literal('listPicker'),
    title: Title,
    subtitle: Title.optional(),
    sections: z.array(ListSectionSchema).min(1, { message: 'A list picker needs at least one section' }),
    multipleSelection: z.boolean().optional(),
  })
  .superRefine((block, ctx) => {
    const items = block.sections.reduce((n, s) => n + s.items.length, 0);
    if (items > CONTENT_LIMITS.options) {
      ctx.addIssue({ code: 'custom', path: ['sections'], message: `At most ${CONTENT_LIMITS.options} items in all sections` });
    }
  });

export const TimePickerBlockSchema = z.object({
  type: z.literal('timePicker'),
  title: Title,
  /** IANA zone the slots are shown in, e.g. Europe/Madrid. */
  timezone: z.string().refine(isTimeZone, { message: 'Must be an IANA time zone such as Europe/Madrid' }),
  location: LocationSchema.optional(),
  slots: z
    .array(TimeSlotSchema)
    .min(1, { message: 'At least one time slot is required' })
    .max(CONTENT_LIMITS.options, { message: `At most ${CONTENT_LIMITS.options} slots` }),
});

export const AdaptiveCardBlockSchema = z
  .object({ type: z.literal('adaptiveCard'), card: AdaptiveCardJsonSchema })
  .superRefine((block, ctx) => {
    if (adaptiveCardItems(block.card).length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['card'],
        message: 'The card has no readable text for text-only channels: add a TextBlock, an action or fallbackText',
      });
    }
  });

export const FormBlockSchema = z.object({
  type: z.literal('form'),
  title: Title,
  fields: z
    .array(FormFieldSchema)
    .min(1, { message: 'A form needs at least one field' })
    .max(CONTENT_LIMITS.options, { message: `At most ${CONTENT_LIMITS.options} fields` }),
  submitLabel: Title.optional(),
  /** A hosted copy of the form: what text-only channels link to instead of asking field by field. */
  url: HttpUrlSchema.optional(),
});

export const AttachmentBlockSchema = z
  .object({
    type: z.literal('attachment'),
    kind: z.enum(ATTACHMENT_KINDS),
    url: HttpUrlSchema,
    mime: Mime,
    name: Title.optional(),
    size: z.number().int().nonnegative().optional(),
    caption: Text.optional(),
  })
  .superRefine((block, ctx) => {
    // file takes any MIME type; the media kinds must agree with their family.
    if (block.kind !== 'file' && !block.mime.toLowerCase().startsWith(`${block.kind}/`)) {
      ctx.addIssue({ code: 'custom', path: ['mime'], message: `An attachment of kind ${block.kind} needs a ${block.kind}/* MIME type` });
    }
  });

export const TemplateBlockSchema = z.object({
  type: z.literal('template'),
  /** The approved template's name in the WhatsApp Business account. */
  name: z.string().regex(/^[a-z0-9_]{1,512}$/, { message: 'Template name must be lowercase letters, digits and _' }),
  /** The approved translation, e.g. en_US or es. */
  language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, { message: 'Language must look like en or en_US' }),
  components: z.array(TemplateComponentSchema).optional(),
  /** The approved body with {{1}}-style placeholders: lets other channels show the text. */
  bodyText: Text.optional(),
});

export const ContentBlockSchema = z.discriminatedUnion('type', [
  TextBlockSchema,
  ButtonsBlockSchema,
  CardBlockSchema,
  CarouselBlockSchema,
  RichLinkBlockSchema,
  QuickRepliesBlockSchema,
  ListPickerBlockSchema,
  TimePickerBlockSchema,
  AdaptiveCardBlockSchema,
  FormBlockSchema,
  AttachmentBlockSchema,
  TemplateBlockSchema,
]);

export type ButtonAction = z.infer<typeof ButtonActionSchema>;
export type Button = z.infer<typeof ButtonSchema>;
export type QuickReply = z.infer<typeof QuickReplySchema>;
export type Card = z.infer<typeof CardSchema>;
export type ListItem = z.infer<typeof ListItemSchema>;
export type ListSection = z.infer<typeof ListSectionSchema>;
export type TimeSlot = z.infer<typeof TimeSlotSchema>;
export type Location = z.infer<typeof LocationSchema>;
export type FormField = z.infer<typeof FormFieldSchema>;
export type AdaptiveCardJson = z.infer<typeof AdaptiveCardJsonSchema>;
export type TemplateParameter = z.infer<typeof TemplateParameterSchema>;
export type TemplateComponent = z.infer<typeof TemplateComponentSchema>;

export type TextBlock = z.infer<typeof TextBlockSchema>;
export type ButtonsBlock = z.infer<typeof ButtonsBlockSchema>;
export type CardBlock = z.infer<typeof CardBlockSchema>;
export type CarouselBlock = z.infer<typeof CarouselBlockSchema>;
export type RichLinkBlock = z.infer<typeof RichLinkBlockSchema>;
export type QuickRepliesBlock = z.infer<typeof QuickRepliesBlockSchema>;
export type ListPickerBlock = z.infer<typeof ListPickerBlockSchema>;
export type TimePickerBlock = z.infer<typeof TimePickerBlockSchema>;
export type AdaptiveCardBlock = z.infer<typeof AdaptiveCardBlockSchema>;
export type FormBlock = z.infer<typeof FormBlockSchema>;
export type AttachmentBlock = z.infer<typeof AttachmentBlockSchema>;
export type TemplateBlock = z.infer<typeof TemplateBlockSchema>;
export type ContentBlock = z.infer<typeof ContentBlockSchema>;
export type ContentBlockType = ContentBlock['type'];

// ---- the message --------------------------------------------------------------------------------

/**
 * Every option id a message offers, with where it sits. Ids must be unique across the whole message
 * (not just per block) because an inbound answer carries only the id.
 */
function collectOptionIds(block: ContentBlock, at: (string | number)[]): { id: string; path: (string | number)[] }[] {
  const ids: { id: string; path: (string | number)[] }[] = [];
  const buttons = (list: Button[] | undefined, base: (string | number)[]) =>
    list?.forEach((b, i) => ids.push({ id: b.id, path: [...base, 'buttons', i, 'id'] }));
  switch (block.type) {
    case 'buttons':
    case 'card':
      buttons(block.buttons, at);
      break;
    case 'carousel':
      block.cards.forEach((card, c) => buttons(card.buttons, [...at, 'cards', c]));
      break;
    case 'quickReplies':
      block.replies.forEach((r, i) => ids.push({ id: r.id, path: [...at, 'replies', i, 'id'] }));
      break;
    case 'listPicker':
      block.sections.forEach((s, si) =>
        s.items.forEach((item, i) => ids.push({ id: item.id, path: [...at, 'sections', si, 'items', i, 'id'] })),
      );
      break;
    case 'timePicker':
      block.slots.forEach((slot, i) => ids.push({ id: slot.id, path: [...at, 'slots', i, 'id'] }));
      break;
    case 'form':
      block.fields.forEach((f, i) => ids.push({ id: f.id, path: [...at, 'fields', i, 'id'] }));
      break;
    default:
      break;
  }
  return ids;
}

function checkUniqueIds(blocks: { block: ContentBlock; at: (string | number)[] }[], ctx: z.RefinementCtx): void {
  const seen = new Map<string, string>();
  for (const { block, at } of blocks) {
    for (const { id, path } of collectOptionIds(block, at)) {
      const first = seen.get(id);
      if (first) {
        ctx.addIssue({ code: 'custom', path, message: `Duplicate id "${id}" (already used at ${first})` });
      } else {
        seen.set(id, path.join('.'));
      }
    }
  }
}

const FallbackText = Text.optional().describe(
  "The author's own plain-text version, used verbatim wherever the content must fall back to text.",
);

/** A message with one block: `{ content: { type: 'buttons', ... } }`. */
export const SingleBlockMessageSchema = z
  .object({ fallbackText: FallbackText, content: ContentBlockSchema })
  .superRefine((m, ctx) => checkUniqueIds([{ block: m.content, at: ['content'] }], ctx));

/** A message with several blocks sent in order: `{ content: [{ type: 'text', ... }, { type: 'card', ... }] }`. */
export const MultiBlockMessageSchema = z
  .object({
    fallbackText: FallbackText,
    content: z
      .array(ContentBlockSchema)
      .min(1, { message: 'At least one content block is required' })
      .max(CONTENT_LIMITS.blocks, { message: `At most ${CONTENT_LIMITS.blocks} content blocks` }),
  })
  .superRefine((m, ctx) =>
    checkUniqueIds(
      m.content.map((block, i) => ({ block, at: ['content', i] })),
      ctx,
    ),
  );

/** For embedding in API schemas; use parseContentMessage for precise field paths. */
export const ContentMessageSchema = z.union([SingleBlockMessageSchema, MultiBlockMessageSchema]);

/** One block, or several sent in order; `fallbackText` is the author's own plain-text version. */
export interface ContentMessage {
  fallbackText?: string;
  content: ContentBlock | ContentBlock[];
}

export type ParseContentResult = { ok: true; value: ContentMessage } | { ok: false; issues: FieldIssue[] };

/**
 * Validates an authored message. Issues carry dotted paths from the message root, e.g.
 * `content.buttons.0.title` (one block) or `content.1.replies.0.id` (several blocks).
 */
export function parseContentMessage(input: unknown): ParseContentResult {
  // Pick the shape up front so errors name fields instead of "matched neither union branch".
  const isList = typeof input === 'object' && input !== null && Array.isArray((input as { content?: unknown }).content);
  const result = (isList ? MultiBlockMessageSchema : SingleBlockMessageSchema).safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(message)',
      message: issue.message,
    })),
  };
}

/** The blocks of a message in sending order, whichever shape it was authored in. */
export function contentBlocks(message: ContentMessage): ContentBlock[] {
  return Array.isArray(message.content) ? message.content : [message.content];
}

/** The conformance-matrix type a block needs a channel to support (a text block's format decides). */
export function richContentTypeOf(block: ContentBlock): RichContentType {
  if (block.type === 'text') return block.format === 'markdown' || block.format === 'html' ? block.format : 'text';
  return block.type;
}
