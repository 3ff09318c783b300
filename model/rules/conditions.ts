// Evaluating one predicate against a run context, with a short explanation for the run history
// (`message.text contains "reembolso": yes`). Values may hold {{variables}}: they are filled in
// first. Pure: the time is ctx.now, the probability draw is a hash, no I/O.
import { isWithinBusinessHours } from './business-hours';
import { durationToMs, formatDuration } from './duration';
import type { RunContext } from './event';
import { findField, type FieldType } from './fields';
import type { Predicate } from './predicate';
import { probabilityDraw } from './probability';
import { compileSafeRegex, regexTest } from './safe-regex';
import { hasTemplate, lookupSegments, resolveTemplate, templateText } from './templates';
import { containsAnyNormalized, normalizeText, textEquals, type ContainsOptions } from './text-match';

export interface PredicateResult {
  pass: boolean;
  /** A short human explanation, e.g. `case.status equals "open": no (pending)`. */
  detail: string;
}

export interface ConditionResult extends PredicateResult {
  /** One result per predicate evaluated (evaluation stops at the first that fails). */
  results: PredicateResult[];
}

type Value = string | number | boolean | (string | number)[] | undefined;

/**
 * What a predicate needs at every evaluation, worked out once per predicate object (part of a
 * published graph, evaluated for many events): its catalogue field, its source path split at the
 * dots, its text options, and when its value holds no {{variables}} the value itself, its text
 * forms normalised and its compiled pattern. A predicate changed in place is compiled again.
 */
interface CompiledPredicate {
  // The predicate as compiled, to notice a change.
  field: string;
  op: Predicate['op'];
  value: Predicate['value'];
  ignoreCase: boolean | undefined;
  ignoreAccents: boolean | undefined;
  match: Predicate['match'];

  /** The field's type (null: unknown field, which never holds). */
  type: FieldType | null;
  segments: readonly string[] | null;
  opts: ContainsOptions;
  /** The value holds no {{variables}}: `fixedValue` is what resolveValue() would give every time. */
  fixed: boolean;
  fixedValue: Value;
  /** Normalised valueList(fixedValue, false) and valueList(fixedValue, true) (set when compiled for a fixed value). */
  needles: readonly string[] | null;
  needlesSplit: readonly string[] | null;
  /** The fixed value's pattern (null: refused), on first use. */
  regex: RegExp | null | undefined;
}

const compiledCache = new WeakMap<Predicate, CompiledPredicate>();

function holdsTemplate(value: Predicate['value']): boolean {
  if (typeof value === 'string') return hasTemplate(value);
  if (Array.isArray(value)) return value.some((v) => typeof v === 'string' && hasTemplate(v));
  return false;
}

function compiled(pred: Predicate): CompiledPredicate {
  const c = compiledCache.get(pred);
  if (c && c.field === pred.field && c.op === pred.op && c.value === pred.value && c.ignoreCase === pred.ignoreCase
    && c.ignoreAccents === pred.ignoreAccents && c.match === pred.match) return c;
  const resolved = findField(pred.field);
  const fixed = !holdsTemplate(pred.value);
  const fresh: CompiledPredicate = {
    field: pred.field, op: pred.op, value: pred.value, ignoreCase: pred.ignoreCase, ignoreAccents: pred.ignoreAccents, match: pred.match,
    type: resolved ? resolved.field.type : null,
    segments: resolved?.source ? resolved.source.split('.') : null,
    opts: { ignoreCase: pred.ignoreCase, ignoreAccents: pred.ignoreAccents, match: pred.match },
    fixed,
    fixedValue: fixed ? (Array.isArray(pred.value) ? pred.value.slice() : pred.value) : undefined,
    needles: null,
    needlesSplit: null,
    regex: undefined,
  };
  if (fixed) {
    // Normalised now, next to the rest (the pre-check reads them for every event).
    needlesOf(fresh, fresh.fixedValue, false);
    needlesOf(fresh, fresh.fixedValue, true);
  }
  compiledCache.set(pred, fresh);
  return fresh;
}

function resolveValue(value: Predicate['value'], ctx: RunContext): Value {
  if (typeof value === 'string') return resolveTemplate(value, ctx);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? resolveTemplate(v, ctx) : v));
  return value;
}

/** A value as a list of strings: lists as they are; a text with commas (e.g. a filled-in list variable) split. */
function valueList(value: Value, splitCommas: boolean): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.map(String);
  if (splitCommas && typeof value === 'string' && value.includes(',')) return value.split(',').map((s) => s.trim()).filter(Boolean);
  return [String(value)];
}

/** valueList(value, split), each normalised with the predicate's options (kept when the value is fixed). */
function needlesOf(c: CompiledPredicate, value: Value, split: boolean): readonly string[] {
  if (c.fixed) {
    if (split) return (c.needlesSplit ??= normalizeAll(valueList(value, true), c.opts));
    return (c.needles ??= normalizeAll(valueList(value, false), c.opts));
  }
  return normalizeAll(valueList(value, split), c.opts);
}

function normalizeAll(values: string[], opts: ContainsOptions): string[] {
  for (let i = 0; i < values.length; i++) values[i] = normalizeText(values[i], opts);
  return values;
}

function isPresent(actual: unknown): boolean {
  if (actual === undefined || actual === null) return false;
  if (typeof actual === 'string') return actual.trim().length > 0;
  if (Array.isArray(actual)) return actual.length > 0;
  if (typeof actual === 'number') return Number.isFinite(actual);
  return true;
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value.trim());
  return Number.NaN;
}

/** A point in time: ms since the epoch, digits, or an ISO date (`2026-01-31`, `2026-01-31T09:00:00Z`). */
export function toTime(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return Number.NaN;
  const trimmed = value.trim();
  if (/^-?\d+$/.test(trimmed)) return Number(trimmed);
  return Date.parse(trimmed);
}

function toBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (['true', 'yes', '1'].includes(v)) return true;
    if (['false', 'no', '0'].includes(v)) return false;
  }
  return null;
}

function readField(type: FieldType, segments: readonly string[] | null, ctx: RunContext, nodeId: string): unknown {
  if (segments) return lookupSegments(ctx, segments);
  switch (type) {
    case 'duration': return ctx.case ? ctx.now - ctx.case.statusUpdatedAt : undefined;
    case 'boolean': {
      const c = ctx.case;
      if (!c) return undefined;
      return c.lastInboundAt !== null && (c.lastOutboundAt === null || c.lastOutboundAt < c.lastInboundAt);
    }
    case 'percent': return probabilityDraw(ctx.trigger.id, nodeId);
    case 'answer': return ctx.trigger.message?.answer ?? null;
    default: return undefined;
  }
}

function regexFor(c: CompiledPredicate, pattern: string): RegExp | null {
  if (!c.fixed) return compileSafeRegex(pattern, c.opts);
  if (c.regex === undefined) c.regex = compileSafeRegex(pattern, c.opts);
  return c.regex;
}

/** The text of a field value, normalised with the predicate's options. */
const normalizedText = (actual: unknown, opts: ContainsOptions): string => normalizeText(templateText(actual), opts);

function startsWithAny(text: string, prefixes: readonly string[]): boolean {
  for (let i = 0; i < prefixes.length; i++) if (prefixes[i].length > 0 && text.startsWith(prefixes[i])) return true;
  return false;
}

/** Text operators on one string (text, id, enum fields and `any` fields holding text). */
function compareText(c: CompiledPredicate, op: Predicate['op'], actual: unknown, value: Value): boolean {
  const present = isPresent(actual);
  switch (op) {
    case 'equals': return present && needlesOf(c, value, false).includes(normalizedText(actual, c.opts));
    case 'not_equals': return !(present && needlesOf(c, value, false).includes(normalizedText(actual, c.opts)));
    case 'contains': return present && containsAnyNormalized(normalizedText(actual, c.opts), needlesOf(c, value, false), c.opts.match);
    case 'not_contains': return !(present && containsAnyNormalized(normalizedText(actual, c.opts), needlesOf(c, value, false), c.opts.match));
    case 'starts_with': return present && startsWithAny(normalizedText(actual, c.opts), needlesOf(c, value, false));
    case 'matches': {
      if (typeof value !== 'string') return false;
      const regex = regexFor(c, value);
      return regex !== null && regexTest(regex, present ? templateText(actual) : '', c.opts);
    }
    case 'in': return present && needlesOf(c, value, true).includes(normalizedText(actual, c.opts));
    case 'not_in': return !(present && needlesOf(c, value, true).includes(normalizedText(actual, c.opts)));
    default: return false;
  }
}

/** List operators (tags): an element equal to the value, or to any of the (normalised) values. */
function compareList(c: CompiledPredicate, op: Predicate['op'], actual: unknown, wanted: readonly string[]): boolean {
  switch (op) {
    case 'contains': case 'equals': case 'in': return listHit(c, actual, wanted);
    case 'not_contains': case 'not_equals': case 'not_in': return !listHit(c, actual, wanted);
    default: return false;
  }
}

function listHit(c: CompiledPredicate, actual: unknown, wanted: readonly string[]): boolean {
  if (!Array.isArray(actual) || wanted.length === 0) return false;
  for (let i = 0; i < actual.length; i++) if (wanted.includes(normalizedText(actual[i], c.opts))) return true;
  return false;
}

function compareNumber(op: Predicate['op'], actual: number, expected: number): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return op === 'not_equals';
  switch (op) {
    case 'equals': return actual === expected;
    case 'not_equals': return actual !== expected;
    case 'greater': case 'after': return actual > expected;
    case 'less': case 'before': return actual < expected;
    default: return false;
  }
}

function compareAnswer(op: Predicate['op'], answer: unknown, value: Value, opts: ContainsOptions): boolean {
  const a = answer as { optionId?: unknown; title?: unknown } | null;
  const hit = a !== null && valueList(value, false).some((v) =>
    (typeof a.optionId === 'string' && a.optionId === v) || (typeof a.title === 'string' && textEquals(a.title, v, opts)));
  return op === 'equals' ? hit : op === 'not_equals' ? !hit : false;
}

const LIST_OPERATORS: ReadonlySet<string> = new Set(['contains', 'not_contains', 'equals', 'not_equals', 'in', 'not_in']);

/** `any` fields (custom fields, payload, step outputs): the operator decides how the value is read. */
function compareAny(c: CompiledPredicate, op: Predicate['op'], actual: unknown, value: Value): boolean {
  if (Array.isArray(actual) && LIST_OPERATORS.has(op)) {
    return compareList(c, op, actual, needlesOf(c, value, op === 'in' || op === 'not_in'));
  }
  switch (op) {
    case 'greater': case 'less': return isPresent(actual) && compareNumber(op, toNumber(actual), toNumber(value));
    case 'before': case 'after': return isPresent(actual) && compareNumber(op, toTime(actual), toTime(value));
    case 'equals': case 'not_equals':
      if (typeof actual === 'number' && !Number.isNaN(toNumber(value))) return compareNumber(op, actual, toNumber(value));
      if (typeof actual === 'boolean' && toBoolean(value) !== null) return (actual === toBoolean(value)) === (op === 'equals');
      return compareText(c, op, actual, value);
    default: return compareText(c, op, actual, value);
  }
}

function compare(c: CompiledPredicate, type: FieldType, actual: unknown, value: Value, ctx: RunContext): boolean {
  const op = c.op;
  if (op === 'present') return isPresent(actual);
  if (op === 'absent') return !isPresent(actual);
  switch (type) {
    case 'text': case 'id': case 'enum': return compareText(c, op, actual, value);
    case 'list': return compareList(c, op, actual, needlesOf(c, value, false));
    case 'number': return isPresent(actual) ? compareNumber(op, toNumber(actual), toNumber(value)) : op === 'not_equals';
    case 'duration': return isPresent(actual) && compareNumber(op, actual as number, durationToMs(value) ?? Number.NaN);
    case 'date': return isPresent(actual) && compareNumber(op, toTime(actual), toTime(value));
    case 'boolean': {
      const expected = toBoolean(value);
      if (actual === undefined || expected === null) return op === 'not_equals';
      return (actual === expected) === (op === 'equals');
    }
    case 'percent': return op === 'less' && compareNumber('less', actual as number, toNumber(value));
    case 'calendar': {
      const inside = isWithinBusinessHours(ctx.account?.businessHours ?? null, ctx.now);
      return op === 'inside' ? inside : op === 'outside' ? !inside : false;
    }
    case 'answer': return compareAnswer(op, actual, value, c.opts);
    case 'any': return compareAny(c, op, actual, value);
  }
}

const quote = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);

function describeValue(value: Value): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return ` ${value.map((v) => (typeof v === 'string' ? quote(v) : String(v))).join(', ')}`;
  return ` ${typeof value === 'string' ? quote(value) : String(value)}`;
}

/** The value the field had, for fields where it is short and helps ("no (pending)"). */
function describeActual(type: FieldType, actual: unknown): string {
  const missing = actual === undefined || actual === null || actual === '';
  switch (type) {
    case 'enum': case 'id': case 'number': return missing ? ' (none)' : ` (${templateText(actual)})`;
    case 'duration': return missing ? ' (no case)' : ` (${formatDuration(actual as number)})`;
    case 'date': {
      const t = toTime(actual);
      return missing ? ' (none)' : ` (${Number.isFinite(t) ? new Date(t).toISOString() : templateText(actual)})`;
    }
    case 'boolean': return missing ? ' (no case)' : ` (${actual})`;
    case 'percent': return ` (drew ${Math.floor(actual as number)})`;
    case 'answer': {
      const a = actual as { optionId?: string; title?: string } | null;
      return a ? ` (${a.title ? `${a.optionId} "${a.title}"` : a.optionId})` : ' (no answer)';
    }
    case 'any': return typeof actual === 'number' || typeof actual === 'boolean' ? ` (${actual})` : '';
    default: return '';
  }
}

/** Whether one predicate holds, with a short explanation. `nodeId` seeds the probability draw. */
export function evaluatePredicate(pred: Predicate, ctx: RunContext, nodeId: string): PredicateResult {
  const c = compiled(pred);
  const type = c.type;
  if (type === null) return { pass: false, detail: `${pred.field}: unknown field` };
  const value = c.fixed ? c.fixedValue : resolveValue(pred.value, ctx);
  const actual = readField(type, c.segments, ctx, nodeId);
  const pass = compare(c, type, actual, value, ctx);
  return { pass, detail: `${pred.field} ${pred.op}${describeValue(value)}: ${pass ? 'yes' : 'no'}${describeActual(type, actual)}` };
}

function holds(c: CompiledPredicate, ctx: RunContext, nodeId: string): boolean {
  const type = c.type;
  if (type === null) return false;
  return compare(c, type, readField(type, c.segments, ctx, nodeId), c.fixed ? c.fixedValue : resolveValue(c.value, ctx), ctx);
}

/** All predicates must hold (AND); stops at the first that does not. No predicates: passes. */
export function evaluateAll(preds: readonly Predicate[], ctx: RunContext, nodeId: string): ConditionResult {
  const results: PredicateResult[] = [];
  for (const pred of preds) {
    const r = evaluatePredicate(pred, ctx, nodeId);
    results.push(r);
    if (!r.pass) return { pass: false, detail: r.detail, results };
  }
  return { pass: true, detail: results.map((r) => r.detail).join('; '), results };
}

interface BrokenPredicate {
  broken: unknown;
}

/** A condition list compiled once, for a caller that keeps it with the graph (the pre-check's plan). */
export type CompiledConditions = readonly (CompiledPredicate | BrokenPredicate)[];

export function compileConditions(preds: readonly Predicate[]): CompiledConditions {
  const list: (CompiledPredicate | BrokenPredicate)[] = [];
  // Read as evaluateAll reads it; a predicate it could not evaluate throws when (if ever) reached.
  for (const pred of preds) {
    try {
      list.push(compiled(pred));
    } catch (error) {
      list.push({ broken: error });
    }
  }
  return list;
}

/** evaluateAll's answer for a compiled list, without explanations (nothing is formatted). */
export function conditionsHold(list: CompiledConditions, ctx: RunContext, nodeId: string): boolean {
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if ('broken' in c) throw c.broken;
    if (!holds(c, ctx, nodeId)) return false;
  }
  return true;
}
