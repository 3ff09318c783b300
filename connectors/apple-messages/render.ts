// Apple Messages for Business: MSP REST API message bodies for `POST /v1/message` (channels.md
// §18d–e) — text, rich links, and interactive quick replies, list pickers and time pickers (bid of
// the Business Chat extension). The connector adds `id` and `sourceId` (the business) from the send;
// `requestIdentifier` is derived from the content so rendering stays pure.
import type { AttachmentBlock, Button, ContentMessage, FormBlock, ListPickerBlock, RichLinkBlock, TimePickerBlock } from '../../model/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import { degraded, fellBack, native, renderBlocks, type BlockOutput, type BlockScope } from '../shared/render/block-loop';
import { FitLog } from '../shared/render/fit-log';
import { utcOffsetMinutes } from '../shared/render/slot-label';
import { stableUuid } from '../shared/render/stable-id';

export const APPLE_MESSAGES_LIMITS = {
  // Quick replies take 2–5 items (Apple Messages for Business; manifest replies 5, minReplies 2).
  quickReplyMin: 2,
  quickReplyMax: 5,
  // Buttons become quick replies, so the same cap applies (manifest buttons 5).
  buttons: 5,
} as const;

const L = APPLE_MESSAGES_LIMITS;

export const APPLE_MESSAGES_CHANNEL_LIMITS: ChannelLimits = {
  maxTextLength: null,
  richContent: {
    quickReplies: { replies: L.quickReplyMax, minReplies: L.quickReplyMin },
    buttons: { buttons: L.buttons },
  },
};

/** The Business Chat extension that renders interactive messages (channels.md §18e). */
export const AMB_BID = 'com.apple.messages.MSMessageExtensionBalloonPlugin:0000000000:com.apple.icloud.apps.messages.business.extension';

type Bubble = { title: string; subtitle?: string; style: 'icon' };

export type AppleMessageBody = { v: 1; destinationId: string } & (
  | { type: 'text'; body: string }
  | { type: 'richLink'; richLinkData: { url: string; title: string } }
  | { type: 'interactive'; interactiveData: { bid: string; data: Record<string, unknown>; receivedMessage?: Bubble; replyMessage?: Bubble } }
);

interface Choice {
  identifier: string;
  title: string;
  subtitle?: string;
}

export function renderAppleMessages(message: ContentMessage, context: RenderContext): RenderResult<AppleMessageBody> {
  const base = { v: 1 as const, destinationId: context.recipientId };
  const text = (body: string): AppleMessageBody[] => [{ ...base, type: 'text', body }];
  const requestId = (scope: BlockScope) => stableUuid(`${context.recipientId}|${scope.index}|${JSON.stringify(scope.block)}`);

  const quickReply = (scope: BlockScope, summary: string, items: Choice[]): AppleMessageBody => ({
    ...base,
    type: 'interactive',
    interactiveData: {
      bid: AMB_BID,
      data: {
        version: '1.0',
        requestIdentifier: requestId(scope),
        'quick-reply': { summaryText: summary, items: items.map((i) => ({ identifier: i.identifier, title: i.title })) },
      },
    },
  });

  const listPicker = (
    scope: BlockScope,
    heading: { title: string; subtitle?: string },
    sections: { title: string; multipleSelection: boolean; items: Choice[] }[],
  ): AppleMessageBody => ({
    ...base,
    type: 'interactive',
    interactiveData: {
      bid: AMB_BID,
      data: {
        version: '1.0',
        requestIdentifier: requestId(scope),
        listPicker: {
          sections: sections.map((s, order) => ({
            title: s.title,
            order,
            multipleSelection: s.multipleSelection,
            items: s.items.map((item, i) => ({ identifier: item.identifier, order: i, style: 'default', title: item.title, ...(item.subtitle ? { subtitle: item.subtitle } : {}) })),
          })),
        },
      },
      receivedMessage: { ...heading, style: 'icon' },
      replyMessage: { title: heading.title, style: 'icon' },
    },
  });

  /** Choices as a quick reply (2–5) or, outside that range, a one-section list picker. */
  const choices = (scope: BlockScope, prompt: string, items: Choice[], log: FitLog): AppleMessageBody[] => {
    if (items.length >= L.quickReplyMin && items.length <= L.quickReplyMax) return [quickReply(scope, prompt, items)];
    log.note(`${items.length} choices sent as a list picker (quick replies take ${L.quickReplyMin}–${L.quickReplyMax})`);
    return [listPicker(scope, { title: prompt }, [{ title: prompt, multipleSelection: false, items }])];
  };

  const buttons = (scope: BlockScope, prompt: string, list: Button[], log: FitLog): AppleMessageBody[] => {
    const postbacks = list.filter((b) => b.action.type === 'postback');
    const out: AppleMessageBody[] = [];
    if (postbacks.length > 0) out.push(...choices(scope, prompt, postbacks.map((b) => ({ identifier: scope.token(b.id), title: b.title })), log));
    else out.push(...text(prompt));
    for (const b of list) {
      if (b.action.type === 'url') out.push({ ...base, type: 'richLink', richLinkData: { url: b.action.url, title: b.title } });
      if (b.action.type === 'call') out.push(...text(`${b.title}: ${b.action.phone}`));
    }
    if (list.some((b) => b.action.type === 'call')) log.note('call buttons sent as text with the number');
    return out;
  };

  return renderBlocks(message, context, (scope): BlockOutput<AppleMessageBody> => {
    const { block } = scope;
    switch (block.type) {
      case 'text':
        if (block.format === 'markdown' || block.format === 'html') return fellBack(text(scope.fallbackText()), 'Plain text: Messages shows no formatting');
        return native(text(block.text), 'Text message');
      case 'quickReplies': {
        const log = new FitLog();
        return log.output(choices(scope, block.text, block.replies.map((r) => ({ identifier: scope.token(r.id), title: r.title })), log), 'Quick reply');
      }
      case 'buttons': {
        const log = new FitLog();
        return log.output(buttons(scope, block.text, block.buttons, log), 'Postback buttons as a quick reply, URL buttons as rich links', true);
      }
      case 'listPicker':
        return listPickerBlock(block, scope);
      case 'timePicker':
        return timePicker(block, scope);
      case 'richLink':
        return richLink(block);
      case 'attachment':
        return attachment(block);
      case 'form':
        return form(block, scope);
      case 'card':
      case 'carousel':
      case 'adaptiveCard':
      case 'template':
        return fellBack(text(scope.fallbackText()), 'Plain-text fallback: no such structure in Messages for Business');
    }
  });

  function listPickerBlock(block: ListPickerBlock, scope: BlockScope): BlockOutput<AppleMessageBody> {
    const log = new FitLog();
    // Item images are inline image data in AMB; fetching them is I/O a renderer does not do.
    if (block.sections.some((s) => s.items.some((i) => i.imageUrl))) log.note('item images left out (AMB takes image data, not URLs)');
    const sections = block.sections.map((s) => ({
      title: s.title ?? block.title,
      multipleSelection: block.multipleSelection ?? false,
      items: s.items.map((i) => ({ identifier: scope.token(i.id), title: i.title, subtitle: i.subtitle })),
    }));
    return log.output([listPicker(scope, { title: block.title, ...(block.subtitle ? { subtitle: block.subtitle } : {}) }, sections)], 'List picker');
  }

  function timePicker(block: TimePickerBlock, scope: BlockScope): BlockOutput<AppleMessageBody> {
    const log = new FitLog();
    const first = new Date(block.slots[0].start);
    const located = block.location && block.location.latitude !== undefined && block.location.longitude !== undefined;
    const where = block.location ? [block.location.title, block.location.address].filter(Boolean).join(', ') : undefined;
    const event: Record<string, unknown> = {
      identifier: requestId(scope).slice(0, 8),
      title: block.title,
      timezoneOffset: utcOffsetMinutes(first, block.timezone),
      timeslots: block.slots.map((slot) => ({ identifier: scope.token(slot.id), startTime: appleTime(slot.start), duration: slot.durationMinutes * 60 })),
    };
    if (located) event.location = { latitude: block.location!.latitude, longitude: block.location!.longitude, radius: 100, title: block.location!.title };
    const received: Bubble = { title: block.title, ...(where ? { subtitle: where } : {}), style: 'icon' };
    return log.output(
      [{ ...base, type: 'interactive', interactiveData: { bid: AMB_BID, data: { version: '1.0', requestIdentifier: requestId(scope), mspVersion: '1.0', event }, receivedMessage: received, replyMessage: { title: block.title, style: 'icon' } } }],
      'Time picker',
    );
  }

  function richLink(block: RichLinkBlock): BlockOutput<AppleMessageBody> {
    const log = new FitLog();
    if (block.imageUrl) log.note('image left out (AMB rich links take image data, not URLs)');
    if (block.description) log.note('description left out (rich links carry a title only)');
    return log.output([{ ...base, type: 'richLink', richLinkData: { url: block.url, title: block.title } }], 'Rich link');
  }

  function attachment(block: AttachmentBlock): BlockOutput<AppleMessageBody> {
    const out: AppleMessageBody[] = block.caption ? text(block.caption) : [];
    out.push({ ...base, type: 'richLink', richLinkData: { url: block.url, title: block.name ?? block.url } });
    return degraded(out, 'Rich link to the file (attachments need the encrypted upload through the MSP gateway)');
  }

  function form(block: FormBlock, scope: BlockScope): BlockOutput<AppleMessageBody> {
    if (!block.url) return fellBack(text(scope.fallbackText()), 'Plain-text questions: no hosted form URL');
    return degraded([{ ...base, type: 'richLink', richLinkData: { url: block.url, title: block.title } }], 'Rich link to the hosted form (the native forms payload is not in the reference)');
  }
}

/** AMB time-picker start times: "2017-05-26T08:27+0000" (UTC, minutes precision). */
function appleTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16)}+0000`;
}
