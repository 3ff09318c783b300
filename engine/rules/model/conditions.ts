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
import { hasTemplate, lookupPath, resolveTemplate, templateText } from './templates';
import { textContains, textEquals, textStartsWith, type ContainsOptions } from './text-match';

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

// Compiled patterns of predicates without variables, keyed by the predicate object (part of the
// graph): a rule evaluated for many events compiles and checks its pattern once.
const regexCache = new WeakMap<Predicate, RegExp | null>();

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

function readField(type: FieldType, source: string | null, ctx: RunContext, nodeId: string): unknown {
  if (source) return lookupPath(ctx, source);
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

function regexFor(pred: Predicate, pattern: string, opts: ContainsOptions): RegExp | null {
  const cacheable = typeof pred.value === 'string' && !hasTemplate(pred.value);
  if (cacheable && regexCache.has(pred)) return regexCache.get(pred)!;
  const regex = compileSafeRegex(pattern, opts);
  if (cacheable) regexCache.set(pred, regex);
  return regex;
}

/** Text operators on one string (text, id, enum fields and `any` fields holding text). */
function compareText(pred: Predicate, op: Predicate['op'], actual: unknown, value: Value, opts: ContainsOptions): boolean {
  const present = isPresent(actual);
  const text = present ? templateText(actual) : '';
  switch (op) {
    case 'equals': return present && valueList(value, false).some((v) => textEquals(text, v, opts));
    case 'not_equals': return !(present && valueList(value, false).some((v) => textEquals(text, v, opts)));
    case 'contains': return present && textContains(text, valueList(value, false), opts);
    case 'not_contains': return !(present && textContains(text, valueList(value, false), opts));
    case 'starts_with': return present && valueList(value, false).some((v) => textStartsWith(text, v, opts));
    case 'matches': {
      if (typeof value !== 'string') return false;
      const regex = regexFor(pred, value, opts);
      return regex !== null && regexTest(regex, text, opts);
    }
    case 'in': return present && valueList(value, true).some((v) => textEquals(text, v, opts));
    case 'not_in': return !(present && valueList(value, true).some((v) => textEquals(text, v, opts)));
    default: return false;
  }
}

/** List operators (tags): an element equal to the value, or to any of the values. */
function compareList(op: Predicate['op'], actual: unknown, value: Value, opts: ContainsOptions): boolean {
  const items = Array.isArray(actual) ? actual.map((x) => templateText(x)) : [];
  const wanted = valueList(value, false);
  const hit = () => wanted.some((w) => items.some((item) => textEquals(item, w, opts)));
  switch (op) {
    case 'contains': case 'equals': case 'in': return hit();
    case 'not_contains': case 'not_equals': case 'not_in': return !hit();
    default: return false;
  }
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

/** `any` fields (custom fields, payload, step outputs): the operator decides how the value is read. */
function compareAny(pred: Predicate, op: Predicate['op'], actual: unknown, value: Value, opts: ContainsOptions): boolean {
  if (Array.isArray(actual) && ['contains', 'not_contains', 'equals', 'not_equals', 'in', 'not_in'].includes(op)) {
    return compareList(op, actual, valueList(value, op === 'in' || op === 'not_in'), opts);
  }
  switch (op) {
    case 'greater': case 'less': return isPresent(actual) && compareNumber(op, toNumber(actual), toNumber(value));
    case 'before': case 'after': return isPresent(actual) && compareNumber(op, toTime(actual), toTime(value));
    case 'equals': case 'not_equals':
      if (typeof actual === 'number' && !Number.isNaN(toNumber(value))) return compareNumber(op, actual, toNumber(value));
      if (typeof actual === 'boolean' && toBoolean(value) !== null) return (actual === toBoolean(value)) === (op === 'equals');
      return compareText(pred, op, actual, value, opts);
    default: return compareText(pred, op, actual, value, opts);
  }
}

function compare(pred: Predicate, type: FieldType, actual: unknown, value: Value, ctx: RunContext): boolean {
  const op = pred.op;
  const opts: ContainsOptions = { ignoreCase: pred.ignoreCase, ignoreAccents: pred.ignoreAccents, match: pred.match };
  if (op === 'present') return isPresent(actual);
  if (op === 'absent') return !isPresent(actual);
  switch (type) {
    case 'text': case 'id': case 'enum': return compareText(pred, op, actual, value, opts);
    case 'list': return compareList(op, actual, value, opts);
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
    case 'answer': return compareAnswer(op, actual, value, opts);
    case 'any': return compareAny(pred, op, actual, value, opts);
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
  const resolved = findField(pred.field);
  if (!resolved) return { pass: false, detail: `${pred.field}: unknown field` };
  const { field, source } = resolved;
  const value = resolveValue(pred.value, ctx);
  const actual = readField(field.type, source, ctx, nodeId);
  const pass = compare(pred, field.type, actual, value, ctx);
  return { pass, detail: `${pred.field} ${pred.op}${describeValue(value)}: ${pass ? 'yes' : 'no'}${describeActual(field.type, actual)}` };
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
