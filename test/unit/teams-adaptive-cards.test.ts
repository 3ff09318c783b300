// Teams Adaptive Cards checked against something the project did not write: Microsoft's own Adaptive
// Cards library (`adaptivecards`, the reference JavaScript parser and renderer, which carries the
// schema's element and property catalogue with the version each was introduced in). Every card
// the Teams renderer produces, for every content type in the samples and the edge cases below, must
// - parse with no event when the target is Adaptive Cards 1.5 (Teams' ceiling, channels.md §20e):
//   an unknown element or action type, an invalid enum value, or a property newer than 1.5 is an event;
// - pass the library's validation (duplicate ids, required inputs without a label or error message…);
// - survive a round trip through the parser: a property the library drops is one the schema lacks
//   (except a property the library omits because the value is its default for that element).
// Validation uses Teams' host config value for actions per set, 6 (Microsoft's microsoft-teams-light.json
// host config, shipped in adaptivecards-designer: "actions": { "maxActions": 6 }); the library's default is 5.
// Microsoft's published JSON Schema is not used: the only npm package shipping it
// (adaptivecards-designer, lib/adaptive-card-schema.js) ships the 1.0 schema, which has no ActionSet,
// label or errorMessage, so it would refuse valid 1.5 cards.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { RenderContext } from '../../connectors/render';
import { renderTeams, type TeamsActivity } from '../../connectors/teams/render';
import type { ContentMessage } from '../../model/content/model';
import { RICH_CONTENT_TYPES } from '../../model/content/types';
import { RICH_CONTENT_SAMPLES, SAMPLE_RENDER_CONTEXT } from '../../scripts/docs/rich-content-samples';

// The package's ESM build imports paths without extensions, which Node refuses; its UMD build is the same code.
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

const TEAMS_MAX_ACTIONS = 6;
const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
// Teams refuses a bot message over 28 KB with 413 (Microsoft Learn, "Send and receive messages": message size limits).
const MESSAGE_BYTES = 28 * 1024;

/** What Microsoft's library finds wrong with `json` as a 1.5 card: parse events, validation failures, dropped properties. */
function adaptiveCardProblems(json: unknown): string[] {
  const parsing = new AC.SerializationContext();
  parsing.targetVersion = AC.Versions.v1_5;
  const card = new AC.AdaptiveCard();
  card.hostConfig = new AC.HostConfig({ actions: { maxActions: TEAMS_MAX_ACTIONS } });
  card.parse(json, parsing);
  const problems: string[] = [];
  for (let i = 0; i < parsing.eventCount; i++) problems.push(`parse: ${parsing.getEventAt(i).message}`);
  for (const event of card.validateProperties().validationEvents) problems.push(`validate: ${event.message}`);
  const writing = new AC.SerializationContext();
  writing.targetVersion = AC.Versions.v1_5;
  problems.push(...droppedProperties(json, card.toJSON(writing), '').map((p) => `dropped by the parser: ${p}`));
  return problems;
}

function droppedProperties(sent: unknown, kept: unknown, path: string): string[] {
  if (!sent || typeof sent !== 'object') return [];
  if (Array.isArray(sent)) return sent.flatMap((item, i) => droppedProperties(item, (kept as unknown[] | undefined)?.[i], `${path}[${i}]`));
  const keptRecord = (kept ?? {}) as Record<string, unknown>;
  const type = (sent as Record<string, unknown>).type;
  return Object.entries(sent).flatMap(([key, value]) =>
    key in keptRecord ? droppedProperties(value, keptRecord[key], `${path}.${key}`) : isLibraryDefault(type, key, value) ? [] : [`${path}.${key}`],
  );
}

/** Whether `value` is the library's default for property `key` of element or action `type` (so it omits it on output). */
function isLibraryDefault(type: unknown, key: string, value: unknown): boolean {
  if (typeof type !== 'string') return false;
  const registration = AC.GlobalRegistry.elements.findByName(type) ?? AC.GlobalRegistry.actions.findByName(type);
  if (!registration) return false;
  const schema = new registration.objectType().getSchema();
  for (let i = 0; i < schema.getCount(); i++) {
    const property = schema.getItemAt(i) as { name: string; defaultValue?: unknown; enumType?: Record<number, string> };
    if (property.name !== key || property.defaultValue === undefined) continue;
    const defaultValue = property.enumType ? property.enumType[property.defaultValue as number] : property.defaultValue;
    return typeof defaultValue === 'string' && typeof value === 'string' ? defaultValue.toLowerCase() === value.toLowerCase() : defaultValue === value;
  }
  return false;
}

const long = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
const postback = (i: number) => ({ id: `option-${i}`, title: `Option ${i}`, action: { type: 'postback' as const, payload: `P${i}` } });
const EDGE_CASES: Record<string, ContentMessage> = {
  'many buttons': { content: { type: 'buttons', text: long(50), buttons: Array.from({ length: 20 }, (_, i) => postback(i)) } },
  'buttons with url and call': {
    content: {
      type: 'buttons', text: 'Reach us',
      buttons: [{ id: 'web', title: 'Website', action: { type: 'url', url: 'https://example.com/help' } }, { id: 'call', title: 'Call', action: { type: 'call', phone: '+14155550123' } }],
    },
  },
  'many quick replies': { content: { type: 'quickReplies', text: 'Size?', replies: Array.from({ length: 20 }, (_, i) => ({ id: `s${i}`, title: `EU ${36 + i}`, payload: `S${i}` })) } },
  'carousel of 14 cards': {
    content: { type: 'carousel', cards: Array.from({ length: 14 }, (_, i) => ({ title: `Item ${i}`, subtitle: long(30), imageUrl: `https://img.example.com/${i}.png`, buttons: [postback(1), postback(2), postback(3), postback(4)] })) },
  },
  'list picker, multiple, 20 items': {
    content: { type: 'listPicker', title: 'Add-ons', multipleSelection: true, sections: [{ title: 'All', items: Array.from({ length: 20 }, (_, i) => ({ id: `a${i}`, title: `Add-on ${i}`, subtitle: 'Extra', payload: `A${i}` })) }] },
  },
  'form with every field kind': {
    content: {
      type: 'form', title: 'Details', submitLabel: 'Send',
      fields: [
        { id: 'name', label: 'Name', kind: 'text', required: true }, { id: 'email', label: 'Email', kind: 'email' }, { id: 'phone', label: 'Phone', kind: 'phone', required: true },
        { id: 'qty', label: 'Quantity', kind: 'number' }, { id: 'day', label: 'Day', kind: 'date', required: true },
        { id: 'size', label: 'Size', kind: 'select', required: true, options: [{ value: 'm', title: 'M' }, { value: 'l', title: 'L' }] },
      ],
    },
  },
};

const CASES: [string, ContentMessage][] = [...RICH_CONTENT_TYPES.map((t) => [t, RICH_CONTENT_SAMPLES[t]] as [string, ContentMessage]), ...Object.entries(EDGE_CASES)];
const CONTEXTS: [string, RenderContext][] = [
  ['personal chat', { ...SAMPLE_RENDER_CONTEXT, threadId: 'a:personal-thread-1' }],
  ['channel thread', { ...SAMPLE_RENDER_CONTEXT, threadId: '19:channel@thread.tacv2;messageid=1' }],
];

const RENDERED: { name: string; activity: TeamsActivity }[] = CASES.flatMap(([name, message]) =>
  CONTEXTS.flatMap(([contextName, context]) => renderTeams(message, context).payloads.map((activity, i) => ({ name: `${name} (${contextName} #${i})`, activity }))),
);
const CARDS = RENDERED.flatMap(({ name, activity }) =>
  (activity.attachments ?? []).filter((a) => a.contentType === ADAPTIVE).map((a, i) => ({ name: `${name} card ${i}`, card: a.content as Record<string, unknown> })),
);

describe('Teams Adaptive Cards against Microsoft\'s Adaptive Cards library (1.5)', () => {
  it('the check bites: the library flags what Teams would not show', () => {
    const problems = adaptiveCardProblems({
      type: 'AdaptiveCard', version: '1.5',
      body: [
        { type: 'TextBlock', text: 'Hi', size: 'Huge', colour: 'Accent' },
        { type: 'Carousel', pages: [] }, // Adaptive Cards 1.6
        { type: 'Input.ChoiceSet', id: 'c', isRequired: true, choices: [{ title: 'A', value: 'a' }] },
        { type: 'Input.Text', id: 'c' },
      ],
      actions: [...Array.from({ length: 7 }, (_, i) => ({ type: 'Action.Submit', title: `OK ${i}` })), { type: 'Action.Nope', title: 'No' }],
    });
    expect(problems).toEqual(expect.arrayContaining([
      'parse: Invalid value "Huge" for property "size".',
      expect.stringMatching(/^parse: Unknown action type "Action.Nope"/),
      'parse: Unknown element type "Carousel". Fallback will be used if present.',
      'validate: Required inputs should have a label',
      'validate: Required inputs should have an error message',
      'validate: Duplicate Id "c".',
      'validate: Maximum number of actions exceeded (6).',
      'dropped by the parser: .body[0].colour',
    ]));
    // …and lets a property at its default value go unreported: Input.ChoiceSet's style is "compact" by default.
    expect(adaptiveCardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Input.ChoiceSet', id: 'c', style: 'compact', choices: [{ title: 'A', value: 'a' }] }] })).toEqual([]);
  });

  it(`covers every card kind (${CARDS.length} cards from ${CASES.length} contents in a personal chat and a channel)`, () => {
    const kinds = new Set(CARDS.flatMap(({ card }) => JSON.stringify(card).match(/"type":"[A-Za-z.]+"/g) ?? []));
    for (const kind of ['ActionSet', 'Input.ChoiceSet', 'Input.Text', 'Input.Date', 'Action.Submit', 'Action.OpenUrl', 'Image', 'TextBlock']) expect(kinds).toContain(`"type":"${kind}"`);
  });

  for (const { name, card } of CARDS) {
    it(name, () => {
      expect(card).toMatchObject({ type: 'AdaptiveCard', version: expect.stringMatching(/^1\.[0-5]$/) });
      expect(adaptiveCardProblems(card)).toEqual([]);
    });
  }
});

describe('Teams activities within the limits Microsoft documents', () => {
  for (const { name, activity } of RENDERED) {
    it(name, () => {
      expect(activity.type).toBe('message');
      expect(Buffer.byteLength(JSON.stringify(activity))).toBeLessThanOrEqual(MESSAGE_BYTES);
    });
  }
});
