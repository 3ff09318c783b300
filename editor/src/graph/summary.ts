// Node cards summarise their configuration in words ("Message received · inbound",
// "Message text contains reembolso", "Add tag refund"), so a rule reads top to bottom without
// opening each node.
import type { Catalogue, ConditionField } from '../api/types';
import type { Predicate } from '../model';
import type { RuleNodeBody } from './flow-types';
import { minorUnitDigits } from '../../../model/payments/money';

export const KIND_LABEL: Record<RuleNodeBody['kind'], string> = {
  trigger: 'Trigger', condition: 'Condition', branch: 'If / else', switch: 'Switch', delay: 'Delay', action: 'Action', step: 'Custom step',
};

export const OPERATOR_WORDS: Record<string, string> = {
  equals: 'is', not_equals: 'is not', contains: 'contains', not_contains: 'does not contain', starts_with: 'starts with',
  present: 'is present', absent: 'is absent', greater: 'is greater than', less: 'is less than', before: 'is before',
  after: 'is after', matches: 'matches', in: 'is one of', not_in: 'is not one of', inside: 'inside', outside: 'outside',
};

const VALUELESS = new Set(['present', 'absent', 'inside', 'outside']);

const clip = (s: string, max = 48) => (s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s);

function valueText(value: Predicate['value']): string {
  if (value === undefined || value === null || value === '') return '…';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** A condition field by its title ("Message text"); a keyed field adds its key ("Case field orderId"); unknown ones stay as written. */
export function fieldTitle(id: string, fields: readonly Pick<ConditionField, 'id' | 'title'>[] = []): string {
  const exact = fields.find((f) => f.id === id);
  if (exact) return exact.title;
  const keyed = fields.find((f) => f.id.endsWith('*') && id.startsWith(f.id.slice(0, -1)) && id.length > f.id.length - 1);
  return keyed ? `${keyed.title} ${id.slice(keyed.id.length - 1)}` : id;
}

export function predicateText(p: Partial<Predicate>, fields?: readonly Pick<ConditionField, 'id' | 'title'>[]): string {
  const field = p.field ? fieldTitle(p.field, fields) : 'a field';
  const op = p.op ?? 'equals';
  if (p.field === 'businessHours' && (op === 'inside' || op === 'outside')) return `${op === 'inside' ? 'Inside' : 'Outside'} business hours`;
  if (p.field === 'probability') return `With probability ${valueText(p.value)}%`;
  const words = OPERATOR_WORDS[op] ?? op;
  if (VALUELESS.has(op)) return `${field} ${words}`;
  return `${field} ${words} ${clip(valueText(p.value), 40)}`;
}

export function predicatesText(all: Partial<Predicate>[] | undefined, empty: string, fields?: readonly Pick<ConditionField, 'id' | 'title'>[]): string {
  if (!all || all.length === 0) return empty;
  // "Message text contains a and message text does not contain b": one sentence, one capital.
  return all.map((p, i) => {
    const text = predicateText(p, fields);
    return i > 0 && /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
  }).join(' and ');
}

const DURATION_UNITS: Record<string, [string, string]> = { ms: ['millisecond', 'milliseconds'], s: ['second', 'seconds'], m: ['minute', 'minutes'], h: ['hour', 'hours'], d: ['day', 'days'] };

export function durationText(duration: string | undefined): string {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(duration ?? '');
  if (!m) return duration ? `“${duration}”` : 'a while';
  const n = Number(m[1]);
  const [one, many] = DURATION_UNITS[m[2]];
  return `${n} ${n === 1 ? one : many}`;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** " · Web shop chat" (one or two channels the console knows by name), " · 3 channels", or nothing (every channel). */
function channelsText(config: Record<string, unknown>, names?: Record<string, string>): string {
  const ids = config.channelIds;
  if (!Array.isArray(ids) || !ids.length) return '';
  const known = ids.map((id) => (names && Object.hasOwn(names, String(id)) ? names[String(id)] : null));
  if (ids.length <= 2 && known.every(Boolean)) return ` · ${known.join(' or ')}`;
  return ` · ${ids.length === 1 ? '1 channel' : `${ids.length} channels`}`;
}

function triggerSummary(rule: Extract<RuleNodeBody, { kind: 'trigger' }>, catalogue: Catalogue | null): string {
  const config = rule.config ?? {};
  const title = catalogue?.triggers.find((t) => t.type === rule.trigger)?.title ?? rule.trigger;
  switch (rule.trigger) {
    case 'message.created': {
      const dir = (config.direction as string | undefined) ?? 'in';
      const head = dir === 'out' ? 'Message sent · outbound' : dir === 'any' ? 'Message received or sent' : 'Message received · inbound';
      return head + channelsText(config, catalogue?.channels);
    }
    case 'case.status_changed': {
      const to = Array.isArray(config.to) && config.to.length ? ` · to ${(config.to as string[]).join(' or ')}` : '';
      return `${title}${to}${channelsText(config, catalogue?.channels)}`;
    }
    case 'api.event':
      return `${title} · key ${str(config.key) || '…'}`;
    case 'schedule':
      return `${title} · ${str(config.cron) || 'no cron yet'}${config.timeZone ? ` (${str(config.timeZone)})` : ''}`;
    default:
      return title + channelsText(config, catalogue?.channels);
  }
}

/** Names the console loaded for ids a rule holds (people, appointment services, campaigns). */
type Names = Pick<Catalogue, 'people' | 'services' | 'campaigns'>;

/**
 * "12.50 EUR", "500 JPY", "1,234.500 KWD": an amount in the currency's smallest unit as a person
 * reads it, with the currency's own number of decimals. A {{variable}} or a missing amount stays
 * as written.
 */
export function minorAmountText(amount: unknown, currency: unknown): string {
  const code = (typeof currency === 'string' && currency ? currency : 'eur').toUpperCase();
  if (typeof amount !== 'number' || !Number.isFinite(amount)) return `${str(amount) || '…'} ${code}`;
  const digits = minorUnitDigits(code);
  const value = new Intl.NumberFormat('en', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount / 10 ** digits);
  return `${value} ${code}`;
}

/** A name for an id the rule holds; a {{variable}} or an id the account no longer has stays as written. */
function named(map: Record<string, string> | undefined, id: unknown): string {
  const key = str(id);
  return map && Object.hasOwn(map, key) ? map[key] : key || '…';
}

function actionSummary(action: string, input: Record<string, unknown>, title: string, names: Names = {}): string {
  const tagTarget = input.target === 'message' ? ' to the message' : '';
  switch (action) {
    case 'send_message': {
      const text = str(input.text).trim();
      return text ? `Send “${clip(text.replace(/\s+/g, ' '), 60)}”` : 'Send message (no text yet)';
    }
    case 'add_tag': return `Add tag ${str(input.tag) || '…'}${tagTarget}`;
    case 'remove_tag': return `Remove tag ${str(input.tag) || '…'}${input.target === 'message' ? ' from the message' : ''}`;
    case 'change_status': return `Change status to ${str(input.status) || '…'}`;
    case 'set_case_field': return `Set case field ${str(input.key) || '…'} = ${clip(str(input.value), 30) || '…'}`;
    case 'set_contact_field': return `Set contact field ${str(input.key) || '…'} = ${clip(str(input.value), 30) || '…'}`;
    case 'change_priority': return `Set priority to ${str(input.priority) || '…'}`;
    case 'assign_skill': return `Route to skill ${str(input.skillId) || '…'}`;
    case 'assign_agent': return `Assign to ${named(names.people, input.userId)}`;
    case 'unassign': return 'Unassign the agent';
    case 'redact_message': return input.authorName ? 'Delete message content and author name' : 'Delete message content';
    case 'call_url': return `Call ${clip(str(input.url), 50) || 'a URL'}`;
    case 'notify_email': return `Email ${clip(str(input.to), 30) || '…'}${input.subject ? `: ${clip(str(input.subject), 30)}` : ''}`;
    case 'request_payment': {
      const description = str(input.description).trim();
      return `Request ${minorAmountText(input.amount, input.currency)} · ${description ? clip(description.replace(/\s+/g, ' '), 40) : 'no description yet'}`;
    }
    case 'offer_appointment': return `Offer appointment: ${named(names.services, input.serviceId)}`;
    case 'start_campaign': return `Start campaign ${named(names.campaigns, input.campaignId)}`;
    case 'website_show_offer': return `Show offer “${clip(str(input.title), 50) || '…'}” on the website`;
    case 'website_open_chat': {
      const text = str(input.text).trim();
      return text ? `Open chat: “${clip(text.replace(/\s+/g, ' '), 50)}”` : 'Open chat (no message yet)';
    }
    case 'website_set_visitor_tag': return `${input.op === 'remove' ? 'Remove' : 'Add'} visitor tag ${str(input.tag) || '…'}`;
    default: {
      const parts = Object.entries(input).filter(([, v]) => v !== undefined && v !== '' && typeof v !== 'object').slice(0, 2);
      return parts.length ? `${title} · ${parts.map(([k, v]) => `${k} ${clip(str(v), 24)}`).join(', ')}` : title;
    }
  }
}

/** The card's main line. */
export function nodeSummary(rule: RuleNodeBody, catalogue: Catalogue | null): string {
  switch (rule.kind) {
    case 'trigger': return triggerSummary(rule, catalogue);
    case 'condition': return predicatesText(rule.all, 'No tests yet: add one', catalogue?.fields);
    case 'branch': return `If ${predicatesText(rule.all, '…', catalogue?.fields)}`;
    case 'switch': return rule.value ? `Switch on ${clip(rule.value, 50)}` : 'Switch on … (no value yet)';
    case 'delay': return `Wait ${durationText(rule.duration)}`;
    case 'action': {
      const title = catalogue?.actions.find((a) => a.id === rule.action)?.title ?? rule.action;
      return actionSummary(rule.action, rule.input ?? {}, title, catalogue ?? {});
    }
    case 'step': {
      const title = catalogue?.steps.find((s) => s.id === rule.step)?.title ?? rule.step;
      return actionSummary(`step:${rule.step}`, rule.input ?? {}, title);
    }
  }
}

/** A second, quieter line where there is more to say (quick replies, delayed re-checks). */
export function nodeDetail(rule: RuleNodeBody, catalogue?: Catalogue | null): string | null {
  if (rule.kind === 'action' && rule.action === 'send_message') {
    const qr = Array.isArray(rule.input?.quickReplies) ? (rule.input.quickReplies as { title?: string }[]) : [];
    if (qr.length) return `Quick replies: ${qr.map((q) => q?.title || '…').join(' · ')}`;
  }
  if (rule.kind === 'action' && rule.action === 'website_show_offer') {
    const buttons = Array.isArray(rule.input?.buttons) ? (rule.input.buttons as { label?: string }[]) : [];
    if (buttons.length) return `Buttons: ${buttons.map((b) => b?.label || '…').join(' · ')}`;
  }
  if (rule.kind === 'delay' && rule.recheck?.length) return `Then re-check: ${predicatesText(rule.recheck, '', catalogue?.fields)}`;
  if (rule.kind === 'switch') return `${rule.cases.length} case${rule.cases.length === 1 ? '' : 's'} and default`;
  return null;
}

/** What the palette and panel call a node's type. */
export function nodeTypeTitle(rule: RuleNodeBody, catalogue: Catalogue | null): string {
  switch (rule.kind) {
    case 'trigger': return catalogue?.triggers.find((t) => t.type === rule.trigger)?.title ?? rule.trigger;
    case 'action': return catalogue?.actions.find((a) => a.id === rule.action)?.title ?? rule.action;
    case 'step': return catalogue?.steps.find((s) => s.id === rule.step)?.title ?? rule.step;
    default: return KIND_LABEL[rule.kind];
  }
}

/** An action a run or dry-run took (or would take), with its resolved input: "Add tag reembolso". */
export function plannedActionText(a: { kind?: 'action' | 'step'; name: string; input: Record<string, unknown> }, catalogue: Catalogue | null): string {
  return a.kind === 'step' ? nodeSummary({ id: 'x', kind: 'step', step: a.name, input: a.input }, catalogue) : nodeSummary({ id: 'x', kind: 'action', action: a.name, input: a.input }, catalogue);
}

/**
 * A condition's recorded check in words: `message.text contains "reembolso": yes` →
 * "Message text contains "reembolso": yes". Anything that is not a field test is left as it is.
 */
export function checkDetailText(detail: string, fields: readonly Pick<ConditionField, 'id' | 'title'>[] | undefined): string {
  if (!fields?.length) return detail;
  return detail.split('; ').map((part) => {
    const m = /^(\S+) ([a-z_]+)(.*)$/s.exec(part);
    if (!m || !OPERATOR_WORDS[m[2]]) return part;
    const title = fieldTitle(m[1], fields);
    return title === m[1] ? part : `${title} ${OPERATOR_WORDS[m[2]]}${m[3]}`;
  }).join('; ');
}
