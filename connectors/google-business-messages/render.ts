// Google Business Messages — retired (shut down July 31 2024; channels.md §12). Kept so the channel
// stays documented and conversations imported from it keep rendering: bodies for the historical
// `POST /v1/conversations/{id}/messages` — text with suggestions, rich cards and carousels. The
// connector would add `messageId` and `representative`; nothing is sent while the channel is retired.
import type { Button, Card, ContentMessage, ListPickerBlock, RichLinkBlock, TimePickerBlock } from '../../model/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import { degraded, fellBack, native, renderBlocks, type BlockOutput, type BlockScope } from '../shared/render/block-loop';
import { chunk } from '../shared/render/chunk';
import { FitLog } from '../shared/render/fit-log';
import { slotLabel } from '../shared/render/slot-label';
import { splitText } from '../shared/text/split-text';

// Historical Business Messages API reference (no longer online); the manifest records none of these.
export const GOOGLE_BUSINESS_MESSAGES_LIMITS = {
  textChars: 3072,
  suggestions: 13,
  suggestionTextChars: 25,
  postbackDataChars: 2048,
  cardTitleChars: 200,
  cardDescriptionChars: 2000,
  cardSuggestions: 4,
  carouselCardsMin: 2,
  carouselCardsMax: 10,
} as const;

const L = GOOGLE_BUSINESS_MESSAGES_LIMITS;

export const GOOGLE_BUSINESS_MESSAGES_CHANNEL_LIMITS: ChannelLimits = { maxTextLength: null, richContent: {} };

type Suggestion =
  | { reply: { text: string; postbackData: string } }
  | { action: { text: string; postbackData: string; openUrlAction: { url: string } } }
  | { action: { text: string; postbackData: string; dialAction: { phoneNumber: string } } };

interface CardContent {
  title: string;
  description?: string;
  media?: { height: 'MEDIUM'; contentInfo: { fileUrl: string } };
  suggestions?: Suggestion[];
}

export type GbmMessage =
  | { text: string; suggestions?: Suggestion[] }
  | { richCard: { standaloneCard: { cardContent: CardContent } } | { carouselCard: { cardWidth: 'MEDIUM'; cardContents: CardContent[] } }; suggestions?: Suggestion[] }
  | { image: { contentInfo: { fileUrl: string } } };

export function renderGoogleBusinessMessages(message: ContentMessage, context: RenderContext): RenderResult<GbmMessage> {
  const texts = (text: string, suggestions?: Suggestion[]): GbmMessage[] => {
    const parts = splitText(text, L.textChars);
    return parts.map((part, i) => ({ text: part, ...(suggestions && suggestions.length > 0 && i === parts.length - 1 ? { suggestions } : {}) }));
  };

  const suggestion = (b: Button, scope: BlockScope, log: FitLog): Suggestion => {
    const text = log.cut(b.title, L.suggestionTextChars, 'suggestion texts');
    switch (b.action.type) {
      case 'postback':
        return { reply: { text, postbackData: scope.token(b.id, L.postbackDataChars) } };
      case 'url':
        return { action: { text, postbackData: b.id, openUrlAction: { url: b.action.url } } };
      case 'call':
        return { action: { text, postbackData: b.id, dialAction: { phoneNumber: b.action.phone } } };
    }
  };

  /** Text with ≤13 suggestions; more go on further "…" messages. */
  const withSuggestions = (text: string, suggestions: Suggestion[], log: FitLog): GbmMessage[] => {
    const groups = chunk(suggestions, L.suggestions);
    if (groups.length > 1) log.note(`${suggestions.length} suggestions split over ${groups.length} messages`);
    return groups.flatMap((group, i) => texts(i === 0 ? text : '…', group));
  };

  const cardContent = (c: { title: string; description?: string; imageUrl?: string }, suggestions: Suggestion[], log: FitLog): CardContent => ({
    title: log.cut(c.title, L.cardTitleChars, 'card titles'),
    ...(c.description ? { description: log.cut(c.description, L.cardDescriptionChars, 'card descriptions') } : {}),
    ...(c.imageUrl ? { media: { height: 'MEDIUM' as const, contentInfo: { fileUrl: c.imageUrl } } } : {}),
    ...(suggestions.length > 0 ? { suggestions: suggestions.slice(0, L.cardSuggestions) } : {}),
  });

  /** One standalone card, or carousels of 2–10 (a lone leftover card stands alone). */
  const richCards = (contents: CardContent[], log: FitLog): GbmMessage[] => {
    const groups = chunk(contents, L.carouselCardsMax);
    if (groups.length > 1) log.note(`${contents.length} cards split over ${groups.length} carousels`);
    return groups.map((group) =>
      group.length < L.carouselCardsMin ? { richCard: { standaloneCard: { cardContent: group[0] } } } : { richCard: { carouselCard: { cardWidth: 'MEDIUM', cardContents: group } } },
    );
  };

  /** Rich cards; a card's buttons beyond 4 follow as suggestions on a text naming the card. */
  const cards = (list: Card[], scope: BlockScope, log: FitLog): GbmMessage[] => {
    const overflow: GbmMessage[] = [];
    const contents = list.map((c) => {
      const suggestions = (c.buttons ?? []).map((b) => suggestion(b, scope, log));
      if (suggestions.length > L.cardSuggestions) {
        log.note(`card buttons beyond ${L.cardSuggestions} follow as suggestions`);
        overflow.push(...withSuggestions(c.title, suggestions.slice(L.cardSuggestions), log));
      }
      return cardContent({ title: c.title, description: c.subtitle, imageUrl: c.imageUrl }, suggestions, log);
    });
    return [...richCards(contents, log), ...overflow];
  };

  return renderBlocks(message, context, (scope): BlockOutput<GbmMessage> => {
    const { block } = scope;
    switch (block.type) {
      case 'text': {
        if (block.format === 'markdown' || block.format === 'html') return fellBack(texts(scope.fallbackText()), 'Plain text');
        const out = texts(block.text);
        return out.length > 1 ? degraded(out, `Text split into ${out.length} messages`) : native(out, 'Text message');
      }
      case 'buttons': {
        const log = new FitLog();
        return log.output(withSuggestions(block.text, block.buttons.map((b) => suggestion(b, scope, log)), log), 'Text with suggested replies and actions');
      }
      case 'quickReplies': {
        const log = new FitLog();
        const suggestions = block.replies.map((r): Suggestion => ({ reply: { text: log.cut(r.title, L.suggestionTextChars, 'suggestion texts'), postbackData: scope.token(r.id, L.postbackDataChars) } }));
        return log.output(withSuggestions(block.text, suggestions, log), 'Text with suggested replies');
      }
      case 'card':
      case 'carousel': {
        const log = new FitLog();
        return log.output(cards(block.type === 'card' ? [block] : block.cards, scope, log), block.type === 'card' ? 'Standalone rich card' : 'Rich card carousel');
      }
      case 'richLink':
        return richLink(block);
      case 'listPicker':
        return listPicker(block, scope);
      case 'timePicker':
        return timePicker(block, scope);
      case 'attachment':
        if (block.kind === 'image') return native([...(block.caption ? texts(block.caption) : []), { image: { contentInfo: { fileUrl: block.url } } }], 'Image message');
        return fellBack(texts(scope.fallbackText()), 'Link: only images could be sent');
      case 'form':
        if (block.url) {
          const log = new FitLog();
          return degraded(
            texts(block.title, [{ action: { text: log.cut(block.submitLabel ?? block.title, L.suggestionTextChars, 'text'), postbackData: 'form', openUrlAction: { url: block.url } } }]),
            'Text with an open-URL suggestion to the hosted form',
          );
        }
        return fellBack(texts(scope.fallbackText()), 'Plain-text questions');
      case 'adaptiveCard':
      case 'template':
        return fellBack(texts(scope.fallbackText()), 'Plain-text fallback');
    }
  });

  function richLink(block: RichLinkBlock): BlockOutput<GbmMessage> {
    const log = new FitLog();
    // The card's title says what the link is; its action is labelled with the site it opens.
    const host = new URL(block.url).hostname.replace(/^www\./, '');
    const open: Suggestion = { action: { text: log.cut(host, L.suggestionTextChars, 'action label'), postbackData: 'open', openUrlAction: { url: block.url } } };
    return log.output(richCards([cardContent({ title: block.title, description: block.description, imageUrl: block.imageUrl }, [open], log)], log), 'Rich card with an open-URL action');
  }

  function listPicker(block: ListPickerBlock, scope: BlockScope): BlockOutput<GbmMessage> {
    const log = new FitLog();
    if (block.sections.some((s) => s.title)) log.note('section titles dropped');
    if (block.multipleSelection) log.note('one item per answer (no multiple selection)');
    const contents = block.sections.flatMap((s) =>
      s.items.map((item) =>
        cardContent(
          { title: item.title, description: item.subtitle, imageUrl: item.imageUrl },
          [{ reply: { text: log.cut(item.title, L.suggestionTextChars, 'suggestion texts'), postbackData: scope.token(item.id, L.postbackDataChars) } }],
          log,
        ),
      ),
    );
    const heading = [block.title, block.subtitle].filter(Boolean).join('\n');
    return log.output([...texts(heading), ...richCards(contents, log)], 'Heading text, then a rich card carousel with a reply per item');
  }

  function timePicker(block: TimePickerBlock, scope: BlockScope): BlockOutput<GbmMessage> {
    const log = new FitLog();
    log.note('no time picker: slots as suggested replies');
    const location = block.location ? [block.location.title, block.location.address].filter(Boolean).join(', ') : undefined;
    const text = [block.title, location, `(${block.timezone})`].filter(Boolean).join('\n');
    const suggestions = block.slots.map((slot): Suggestion => ({
      reply: { text: log.cut(slotLabel(slot, block.timezone, scope.context.locale), L.suggestionTextChars, 'suggestion texts'), postbackData: scope.token(slot.id, L.postbackDataChars) },
    }));
    return log.output(withSuggestions(text, suggestions, log), 'Text with a suggested reply per slot');
  }
}
