// The queue dialog's form and the API's queue body (issue #10): seconds in the form, milliseconds in
// the API; words and tags as comma-separated text; custom fields as name = value rows. Pure, so the
// round trip and the error mapping are unit-tested.
import { t, type StringKey } from '../i18n';

export type Strategy = 'longest_idle' | 'least_busy';

export interface QueueFilters {
  channelTypes: string[];
  channelIds: string[];
  tags: string[];
  textContains: string[];
  customFields: Record<string, string | number | boolean>;
}

export interface Queue {
  id: string;
  name: string;
  priority: number;
  filters: QueueFilters;
  skillId: string | null;
  strategy: Strategy;
  offerTimeoutMs: number | null;
  wrapUpMs: number;
  isFallback: boolean;
}

export interface QueueForm {
  name: string;
  priority: string;
  channelTypes: string[];
  /** Kept as the API had them: the dialog does not edit single channels. */
  channelIds: string[];
  tags: string;
  words: string;
  customFields: { field: string; value: string }[];
  /** '' = the case's own skill (its channel's default). */
  skillId: string;
  strategy: Strategy;
  assignAtOnce: boolean;
  offerTimeoutSeconds: string;
  wrapUpSeconds: string;
  isFallback: boolean;
}

export type QueueField = 'name' | 'priority' | 'channelTypes' | 'tags' | 'words' | 'customFields' | 'skillId' | 'strategy' | 'offerTimeout' | 'wrapUp' | 'isFallback';
export interface FieldError { field: QueueField | null; message: string }

export const STRATEGIES: Strategy[] = ['longest_idle', 'least_busy'];
/** A strategy's name and what it does, in the console's language. */
export const strategyText = (s: Strategy) => ({ title: t(`routing.strategy.${s}` as StringKey), help: t(`routing.strategyHelp.${s}` as StringKey) });

export const emptyQueueForm = (): QueueForm => ({
  name: '', priority: '0', channelTypes: [], channelIds: [], tags: '', words: '', customFields: [], skillId: '',
  strategy: 'longest_idle', assignAtOnce: false, offerTimeoutSeconds: '60', wrapUpSeconds: '0', isFallback: false,
});

const list = (text: string) => [...new Set(text.split(',').map((s) => s.trim().replace(/^#/, '')).filter(Boolean))];
const seconds = (ms: number) => String(Math.round(ms / 100) / 10);

export function formFromQueue(q: Queue): QueueForm {
  return {
    name: q.name,
    priority: String(q.priority),
    channelTypes: [...q.filters.channelTypes],
    channelIds: [...q.filters.channelIds],
    tags: q.filters.tags.join(', '),
    words: q.filters.textContains.join(', '),
    customFields: Object.entries(q.filters.customFields).map(([field, value]) => ({ field, value: String(value) })),
    skillId: q.skillId ?? '',
    strategy: q.strategy,
    assignAtOnce: q.offerTimeoutMs === null,
    offerTimeoutSeconds: q.offerTimeoutMs === null ? '60' : seconds(q.offerTimeoutMs),
    wrapUpSeconds: seconds(q.wrapUpMs),
    isFallback: q.isFallback,
  };
}

export interface QueueBody {
  name: string;
  priority: number;
  filters: QueueFilters;
  skillId: string | null;
  strategy: Strategy;
  offerTimeoutMs: number | null;
  wrapUpMs: number;
  isFallback: boolean;
}

/** The API body, or the form's own mistakes (numbers that are not numbers, half-filled field rows). */
export function bodyFromForm(f: QueueForm): { body: QueueBody; errors: [] } | { body: null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const number = (text: string, field: QueueField, what: StringKey, opts: { integer?: boolean; min: number; max: number }) => {
    const n = Number(text.trim());
    if (text.trim() === '' || !Number.isFinite(n) || (opts.integer && !Number.isInteger(n)) || n < opts.min || n > opts.max) {
      errors.push({ field, message: t(opts.integer ? 'routing.wholeNumberRange' : 'routing.numberRange', { what: t(what), min: opts.min, max: opts.max }) });
      return 0;
    }
    return n;
  };
  if (!f.name.trim()) errors.push({ field: 'name', message: t('routing.nameRequired') });
  const priority = number(f.priority, 'priority', 'routing.whatPriority', { integer: true, min: -1000, max: 1000 });
  const offer = f.assignAtOnce ? null : number(f.offerTimeoutSeconds, 'offerTimeout', 'routing.whatOffer', { min: 1, max: 86_400 });
  const wrapUp = number(f.wrapUpSeconds, 'wrapUp', 'routing.whatWrapUp', { min: 0, max: 86_400 });
  const customFields: Record<string, string> = {};
  for (const row of f.customFields) {
    const field = row.field.trim();
    if (!field && !row.value.trim()) continue;
    if (!field) errors.push({ field: 'customFields', message: t('routing.customFieldRequired') });
    else customFields[field] = row.value.trim();
  }
  if (errors.length) return { body: null, errors };
  return {
    errors: [],
    body: {
      name: f.name.trim(),
      priority,
      filters: { channelTypes: f.channelTypes, channelIds: f.channelIds, tags: list(f.tags), textContains: list(f.words), customFields },
      skillId: f.skillId || null,
      strategy: f.strategy,
      offerTimeoutMs: offer === null ? null : Math.round(offer * 1000),
      wrapUpMs: Math.round(wrapUp * 1000),
      isFallback: f.isFallback,
    },
  };
}

const FIELD_OF_PATH: [string, QueueField][] = [
  ['name', 'name'], ['priority', 'priority'], ['filters.channelTypes', 'channelTypes'], ['filters.channelIds', 'channelTypes'],
  ['filters.tags', 'tags'], ['filters.textContains', 'words'], ['filters.customFields', 'customFields'], ['skillId', 'skillId'],
  ['strategy', 'strategy'], ['offerTimeoutMs', 'offerTimeout'], ['wrapUpMs', 'wrapUp'], ['isFallback', 'isFallback'],
];

/** Which form field an API error (`errors[].path`, e.g. `filters.tags.2`) belongs to; null: the whole form. */
export function fieldOfPath(path: string): QueueField | null {
  const hit = FIELD_OF_PATH.find(([prefix]) => path === prefix || path.startsWith(`${prefix}.`));
  return hit ? hit[1] : null;
}

/** The API speaks milliseconds; the form speaks seconds: say the limit the way the person typed it. */
export function plainApiMessage(field: QueueField | null, message: string): string {
  if (field === 'offerTimeout' || field === 'wrapUp') {
    return message.replace(/(-?\d+(?:\.\d+)?)/g, (n) => String(Number(n) / 1000)).replace(/\b([Nn])umber\b/, '$1umber of seconds');
  }
  return message;
}

/** One line for the queue list: "WhatsApp, SMS · tags #vip · words “refund”". */
export function describeFilters(filters: QueueFilters, typeName: (type: string) => string): string {
  const parts: string[] = [];
  if (filters.channelTypes.length) parts.push(filters.channelTypes.map(typeName).join(', '));
  const or = ` ${t('routing.or')} `;
  if (filters.channelIds.length) parts.push(chosenChannels(filters.channelIds.length));
  if (filters.tags.length) parts.push(t('routing.tagged', { tags: filters.tags.map((tag) => `#${tag}`).join(or) }));
  if (filters.textContains.length) parts.push(t('routing.mentions', { words: filters.textContains.map((w) => `“${w}”`).join(or) }));
  for (const [k, v] of Object.entries(filters.customFields)) parts.push(`${k} = ${String(v)}`);
  return parts.length ? parts.join(' · ') : t('routing.everyCase');
}

/** "Assign at once", "Offer for 45 s", "Offer for 2 min". */
export function describeOffer(offerTimeoutMs: number | null): string {
  if (offerTimeoutMs === null) return t('routing.assignAtOnce');
  return t('routing.offerFor', { time: durationText(offerTimeoutMs) });
}

/** "1 chosen channel", "3 chosen channels". */
export const chosenChannels = (n: number) => (n === 1 ? t('routing.chosenChannel') : t('routing.chosenChannels', { n }));

export function durationText(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60 || s % 60) return `${s} s`;
  const m = s / 60;
  return m < 60 || m % 60 ? `${m} min` : `${m / 60} h`;
}
