// `{{ path }}` variables in rule inputs, predicate values and switch values: finding them (the
// validator checks each against what is available at the node) and filling them in from the run
// context (the interpreter, just before a condition is evaluated or an action is handed out).
import type { RunContext } from './event';

const TEMPLATE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const PURE_TEMPLATE = /^\{\{\s*([^{}]*?)\s*\}\}$/;

/** The roots a template path may start with. */
export const TEMPLATE_ROOTS = ['trigger', 'case', 'contact', 'channel', 'steps', 'now'] as const;

export const hasTemplate = (text: string): boolean => text.includes('{{');

/** True when the whole string is one `{{ path }}` (a number field may be given that way). */
export const isPureTemplate = (text: string): boolean => PURE_TEMPLATE.test(text.trim());

/** The paths referenced in one string, in order (duplicates kept). */
export function findTemplateRefs(text: string): string[] {
  if (!hasTemplate(text)) return [];
  const refs: string[] = [];
  for (const m of text.matchAll(TEMPLATE)) refs.push(m[1]);
  return refs;
}

/** Every path referenced anywhere in a value (strings deep inside objects and arrays), unique, in order. */
export function templateRefs(value: unknown): string[] {
  const seen = new Set<string>();
  visitStrings(value, (s) => { for (const ref of findTemplateRefs(s)) seen.add(ref); });
  return [...seen];
}

/** Calls `fn` for each string deep inside a value with its dotted path (`quickReplies.0.title`). */
export function visitStrings(value: unknown, fn: (text: string, path: string) => void, path = ''): void {
  if (typeof value === 'string') fn(value, path);
  else if (Array.isArray(value)) value.forEach((item, i) => visitStrings(item, fn, path ? `${path}.${i}` : String(i)));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) visitStrings(item, fn, path ? `${path}.${key}` : key);
  }
}

/** The raw value at a template path (`steps.tag1.output.status`, `case.tags`), or undefined. */
export function lookupPath(ctx: RunContext, path: string): unknown {
  return lookupSegments(ctx, path.split('.'));
}

const hasOwn = Object.prototype.hasOwnProperty;

/** lookupPath for a path already split at its dots (conditions split each field's path once). */
export function lookupSegments(ctx: RunContext, segments: readonly string[]): unknown {
  let current: unknown;
  switch (segments[0]) {
    case 'trigger': current = ctx.trigger; break;
    case 'case': current = ctx.case; break;
    case 'contact': current = ctx.contact; break;
    case 'channel': current = ctx.channel; break;
    case 'steps': current = ctx.steps; break;
    case 'now': current = ctx.now; break;
    default: return undefined;
  }
  for (let i = 1; i < segments.length; i++) {
    if (current === null || typeof current !== 'object') return undefined;
    const key = segments[i];
    // Own properties only: `{{case.constructor}}` must not reach into prototypes.
    if (!hasOwn.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** How a value reads inside text: missing → empty, lists joined with ", ", objects as JSON. */
export function templateText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.map((item) => (item !== null && typeof item === 'object' ? JSON.stringify(item) : templateText(item))).join(', ');
  return JSON.stringify(value);
}

/** Fills in every `{{ path }}` of one string. */
export function resolveTemplate(text: string, ctx: RunContext): string {
  if (!hasTemplate(text)) return text;
  return text.replace(TEMPLATE, (_, path: string) => templateText(lookupPath(ctx, path)));
}

/** Fills in the variables of every string deep inside a value; other values and keys are kept as they are. */
export function resolveTemplates<T>(value: T, ctx: RunContext): T {
  if (typeof value === 'string') return resolveTemplate(value, ctx) as T;
  if (Array.isArray(value)) return value.map((item) => resolveTemplates(item, ctx)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = resolveTemplates(item, ctx);
    return out as T;
  }
  return value;
}
