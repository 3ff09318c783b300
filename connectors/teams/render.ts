// Microsoft Teams: Bot Framework message activities (channels.md §20d–e) posted to
// {serviceUrl}/v3/conversations/{conversationId}/activities — Markdown text, Adaptive Cards (≤v1.5)
// for buttons, cards, lists, forms and links, carousels via attachmentLayout, and suggestedActions
// for quick replies in personal chats.
import { customerWords } from '../../model/i18n/customer-words';
import { fallbackOptions } from '../../model/content/fallback';
import type { AdaptiveCardJson, Button, Card, ContentMessage, FormBlock, FormField, ListPickerBlock, QuickRepliesBlock, RichLinkBlock, TimePickerBlock } from '../../model/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import { foldForMatch } from '../shared/answer/match-text';
import { fellBack, native, renderBlocks, type BlockOutput, type BlockScope } from '../shared/render/block-loop';
import { carryToLast } from '../shared/render/carry-to-last';
import { chunk } from '../shared/render/chunk';
import { FitLog } from '../shared/render/fit-log';
import { durationLabel, slotLabel } from '../shared/render/slot-label';
import { parseTextBlock } from '../shared/rich-text/parse-rich-text';
import { toMarkdown } from '../shared/rich-text/to-markdown';

export const TEAMS_LIMITS = {
  // channels.md §20e: Teams supports Adaptive Cards up to about v1.5 (manifest maxVersion 1.5).
  adaptiveCardVersion: '1.5',
  maxAdaptiveCardVersion: 1.5,
  // Teams' Adaptive Card host config shows at most 6 actions per action set (unverified).
  actionsPerSet: 6,
  // Teams carousels show at most 10 cards (unverified).
  carouselCards: 10,
  // Suggested actions beyond 6 are not shown in Teams (unverified).
  suggestedActions: 6,
} as const;

const L = TEAMS_LIMITS;

export const TEAMS_CHANNEL_LIMITS: ChannelLimits = {
  maxTextLength: null,
  richContent: { adaptiveCard: { maxVersion: L.maxAdaptiveCardVersion } },
};

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

/** The data every Parley-rendered Action.Submit carries; answer.ts reads it back from `value`. */
export const OPTION_KEY = 'parleyOption';
/** The Input.ChoiceSet id of list and slot pickers; its value is the chosen token(s), comma-separated. */
export const CHOICE_KEY = 'parleyChoice';

type AdaptiveElement = Record<string, unknown>;
type AdaptiveAction = Record<string, unknown>;

export interface TeamsAttachment {
  contentType: string;
  content?: unknown;
  contentUrl?: string;
  name?: string;
}

export interface TeamsActivity {
  type: 'message';
  text?: string;
  textFormat?: 'plain' | 'markdown';
  attachments?: TeamsAttachment[];
  attachmentLayout?: 'list' | 'carousel';
  suggestedActions?: { to: string[]; actions: { type: 'imBack'; title: string; value: string }[] };
}

const card = (body: AdaptiveElement[], actions: AdaptiveAction[] = []): TeamsAttachment => ({
  contentType: ADAPTIVE,
  content: {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: L.adaptiveCardVersion,
    body,
    ...(actions.length > 0 ? { actions } : {}),
  },
});

const textBlock = (text: string, style: Record<string, unknown> = {}): AdaptiveElement => ({ type: 'TextBlock', text, wrap: true, ...style });

/** Action sets of ≤6 actions, as body elements (a card's own `actions` row is one set). */
const actionSets = (actions: AdaptiveAction[], log: FitLog): AdaptiveElement[] => {
  const groups = chunk(actions, L.actionsPerSet);
  if (groups.length > 1) log.note(`${actions.length} actions split over ${groups.length} action sets of ${L.actionsPerSet}`);
  return groups.map((g) => ({ type: 'ActionSet', actions: g }));
};

// Personal (1:1) conversation ids start "a:"; channel and group chats ("19:…") do not show suggestedActions.
const isPersonal = (conversationId: string) => !conversationId.startsWith('19:');

export function renderTeams(message: ContentMessage, context: RenderContext): RenderResult<TeamsActivity> {
  const plain = (text: string): TeamsActivity[] => [{ type: 'message', text, textFormat: 'plain' }];
  const cards = (attachments: TeamsAttachment[], layout?: 'carousel'): TeamsActivity => ({
    type: 'message',
    attachments,
    ...(layout ? { attachmentLayout: layout } : {}),
  });

  const action = (b: Button, scope: BlockScope): AdaptiveAction => {
    switch (b.action.type) {
      case 'postback':
        return { type: 'Action.Submit', title: b.title, data: { [OPTION_KEY]: scope.token(b.id) } };
      case 'url':
        return { type: 'Action.OpenUrl', title: b.title, url: b.action.url };
      case 'call':
        return { type: 'Action.OpenUrl', title: b.title, url: `tel:${b.action.phone}` };
    }
  };

  const cardBody = (c: Card): AdaptiveElement[] => [
    ...(c.imageUrl ? [{ type: 'Image', url: c.imageUrl, size: 'Stretch', altText: c.title }] : []),
    textBlock(c.title, { weight: 'Bolder', size: 'Medium' }),
    ...(c.subtitle ? [textBlock(c.subtitle, { isSubtle: true, spacing: 'None' })] : []),
  ];

  const cardAttachment = (c: Card, scope: BlockScope, log: FitLog): TeamsAttachment => {
    const actions = (c.buttons ?? []).map((b) => action(b, scope));
    return actions.length <= L.actionsPerSet ? card(cardBody(c), actions) : card([...cardBody(c), ...actionSets(actions, log)]);
  };

  const result = renderBlocks(message, context, (scope): BlockOutput<TeamsActivity> => {
    const { block } = scope;
    switch (block.type) {
      case 'text':
        if (block.format === 'markdown' || block.format === 'html') {
          return native([{ type: 'message', text: toMarkdown(parseTextBlock(block)), textFormat: 'markdown' }], 'Text with textFormat markdown');
        }
        return native(plain(block.text), 'Text message');
      case 'buttons': {
        const log = new FitLog();
        const actions = block.buttons.map((b) => action(b, scope));
        const attachment = actions.length <= L.actionsPerSet ? card([textBlock(block.text)], actions) : card([textBlock(block.text), ...actionSets(actions, log)]);
        return log.output([cards([attachment])], 'Adaptive Card with actions');
      }
      case 'card': {
        const log = new FitLog();
        return log.output([cards([cardAttachment(block, scope, log)])], 'Adaptive Card');
      }
      case 'carousel': {
        const log = new FitLog();
        const groups = chunk(block.cards, L.carouselCards);
        if (groups.length > 1) log.note(`${block.cards.length} cards split over ${groups.length} carousels of ${L.carouselCards}`);
        return log.output(
          groups.map((group) => cards(group.map((c) => cardAttachment(c, scope, log)), 'carousel')),
          'Adaptive Cards in a carousel layout',
        );
      }
      case 'richLink':
        return richLink(block);
      case 'quickReplies':
        return quickReplies(block, scope);
      case 'listPicker':
        return listPicker(block, scope);
      case 'timePicker':
        return timePicker(block, scope);
      case 'adaptiveCard':
        return adaptiveCard(block.card, scope);
      case 'form':
        return form(block, scope);
      case 'attachment':
        if (block.kind === 'image') {
          const caption = block.caption ? { text: block.caption, textFormat: 'plain' as const } : {};
          return native([{ type: 'message', ...caption, attachments: [{ contentType: block.mime, contentUrl: block.url, ...(block.name ? { name: block.name } : {}) }] }], 'Inline image attachment');
        }
        return fellBack(plain(scope.fallbackText()), 'Link: bots send files only through the file-consent flow');
      case 'template':
        return fellBack(plain(scope.fallbackText()), 'Plain-text fallback: WhatsApp templates do not exist in Teams');
    }
  });
  const payloads = carryToLast(
    result.payloads,
    (a) => a.suggestedActions,
    (a, suggestedActions) => {
      const { suggestedActions: _, ...rest } = a;
      return suggestedActions ? { ...rest, suggestedActions } : rest;
    },
  );
  return { payloads, report: result.report };

  function richLink(block: RichLinkBlock): BlockOutput<TeamsActivity> {
    const open = { type: 'Action.OpenUrl', url: block.url };
    const body: AdaptiveElement[] = [
      ...(block.imageUrl ? [{ type: 'Image', url: block.imageUrl, size: 'Stretch', altText: block.title }] : []),
      textBlock(block.title, { weight: 'Bolder', size: 'Medium', color: 'Accent' }),
      ...(block.description ? [textBlock(block.description, { isSubtle: true, spacing: 'None' })] : []),
    ];
    const attachment = card(body);
    (attachment.content as Record<string, unknown>).selectAction = open;
    return native([cards([attachment])], 'Adaptive Card opening the URL when tapped');
  }

  function quickReplies(block: QuickRepliesBlock, scope: BlockScope): BlockOutput<TeamsActivity> {
    // imBack answers with the title as text: only safe when no other option of the message shares it.
    const allTitles = fallbackOptions(scope.message).map((o) => foldForMatch(o.title));
    const distinct = block.replies.every((r) => allTitles.filter((t) => t === foldForMatch(r.title)).length === 1);
    if (isPersonal(context.threadId) && distinct && block.replies.length <= L.suggestedActions) {
      return native(
        [{ type: 'message', text: block.text, textFormat: 'plain', suggestedActions: { to: [context.recipientId], actions: block.replies.map((r) => ({ type: 'imBack', title: r.title, value: r.title })) } }],
        'Text with suggestedActions',
      );
    }
    const log = new FitLog();
    const actions = block.replies.map((r) => ({ type: 'Action.Submit', title: r.title, data: { [OPTION_KEY]: scope.token(r.id) } }));
    const body = [textBlock(block.text), ...(actions.length <= L.actionsPerSet ? [] : actionSets(actions, log))];
    return log.output([cards([card(body, actions.length <= L.actionsPerSet ? actions : [])])], 'Adaptive Card with a submit action per reply (suggestedActions show only in personal chats, for ≤6 distinct titles)');
  }

  // A required input carries a label and an error message (Adaptive Cards ≥1.3; the adaptivecards
  // library's validator flags either missing): the message is what the customer sees on OK with no choice.
  function choiceCard(heading: AdaptiveElement[], choices: { title: string; value: string }[], multi: boolean, prompt: { label: string; errorMessage: string }, okLabel: string): TeamsAttachment {
    const input = { type: 'Input.ChoiceSet', id: CHOICE_KEY, style: choices.length <= 8 ? 'expanded' : 'compact', isMultiSelect: multi, isRequired: true, ...prompt, choices };
    return card(
      [...heading, input],
      [{ type: 'Action.Submit', title: okLabel }],
    );
  }

  function listPicker(block: ListPickerBlock, scope: BlockScope): BlockOutput<TeamsActivity> {
    const log = new FitLog();
    if (block.sections.some((s) => s.title)) log.note('section titles dropped');
    if (block.sections.some((s) => s.items.some((i) => i.imageUrl))) log.note('item images left out');
    const choices = block.sections.flatMap((s) => s.items.map((i) => ({ title: i.subtitle ? `${i.title} – ${i.subtitle}` : i.title, value: scope.token(i.id) })));
    const heading = [textBlock(block.title, { weight: 'Bolder', size: 'Medium' }), ...(block.subtitle ? [textBlock(block.subtitle, { isSubtle: true })] : [])];
    const words = customerWords(scope.context.locale).choice;
    const prompt = block.multipleSelection ? { label: words.several, errorMessage: words.missingSeveral } : { label: words.one, errorMessage: words.missingOne };
    return log.output([cards([choiceCard(heading, choices, block.multipleSelection ?? false, prompt, words.ok)])], 'Adaptive Card with an Input.ChoiceSet');
  }

  function timePicker(block: TimePickerBlock, scope: BlockScope): BlockOutput<TeamsActivity> {
    const log = new FitLog();
    log.note('no slot picker: slots offered in an Input.ChoiceSet (Input.Date/Time cannot restrict to slots)');
    const location = block.location ? [block.location.title, block.location.address].filter(Boolean).join(', ') : undefined;
    const heading = [textBlock(block.title, { weight: 'Bolder', size: 'Medium' }), ...(location ? [textBlock(location, { isSubtle: true })] : []), textBlock(`(${block.timezone})`, { isSubtle: true, spacing: 'None' })];
    const choices = block.slots.map((slot) => ({ title: `${slotLabel(slot, block.timezone, scope.context.locale)} · ${durationLabel(slot.durationMinutes)}`, value: scope.token(slot.id) }));
    const words = customerWords(scope.context.locale).choice;
    return log.output([cards([choiceCard(heading, choices, false, { label: words.time, errorMessage: words.missingTime }, words.ok)])], 'Adaptive Card with an Input.ChoiceSet of slots');
  }

  function adaptiveCard(json: AdaptiveCardJson, scope: BlockScope): BlockOutput<TeamsActivity> {
    if (Number(json.version) > L.maxAdaptiveCardVersion) {
      return fellBack(plain(scope.fallbackText()), `Plain-text fallback: card version ${json.version} is newer than the ${L.adaptiveCardVersion} Teams renders`);
    }
    return native([cards([{ contentType: ADAPTIVE, content: json }])], 'Adaptive Card as authored');
  }

  function form(block: FormBlock, scope: BlockScope): BlockOutput<TeamsActivity> {
    const inputs = block.fields.map(formInput);
    const submit = { type: 'Action.Submit', title: block.submitLabel ?? customerWords(scope.context.locale).choice.ok, data: { parleyForm: block.title } };
    return native([cards([card([textBlock(block.title, { weight: 'Bolder', size: 'Medium' }), ...inputs], [submit])])], 'Adaptive Card with inputs and Action.Submit');
  }
}

function formInput(field: FormField): AdaptiveElement {
  const common = { id: field.id, label: field.label, ...(field.required ? { isRequired: true, errorMessage: field.label } : {}) };
  switch (field.kind) {
    case 'text':
      return { type: 'Input.Text', ...common };
    case 'email':
      return { type: 'Input.Text', style: 'Email', ...common };
    case 'phone':
      return { type: 'Input.Text', style: 'Tel', ...common };
    case 'number':
      return { type: 'Input.Number', ...common };
    case 'date':
      return { type: 'Input.Date', ...common };
    case 'select':
      return { type: 'Input.ChoiceSet', style: 'compact', choices: (field.options ?? []).map((o) => ({ title: o.title, value: o.value })), ...common };
  }
}
