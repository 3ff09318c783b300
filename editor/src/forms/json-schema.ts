// Reading the JSON Schemas the catalogue serves (z.toJSONSchema output, draft 2020-12) just enough
// to generate forms: what kind of input a property needs, its default, and immutable get/set by
// path into the value being edited.
import type { JsonSchema } from '../api/types';

export type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'array' | 'object' | 'json';

type S = JsonSchema & {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: S[];
  oneOf?: S[];
  $ref?: string;
  properties?: Record<string, S>;
  required?: string[];
  items?: S;
  additionalProperties?: boolean | S;
  default?: unknown;
  description?: string;
  title?: string;
};

/** Follows a local `$ref` and drops a `null` alternative (optional fields). */
export function resolve(schema: JsonSchema | undefined, root?: JsonSchema): S {
  let s = (schema ?? {}) as S;
  for (let guard = 0; guard < 10; guard++) {
    if (s.$ref && root) {
      const path = s.$ref.replace(/^#\//, '').split('/');
      let target: unknown = root;
      for (const part of path) target = (target as Record<string, unknown> | undefined)?.[part];
      s = { ...(target as S), ...(s.description ? { description: s.description } : {}) };
      continue;
    }
    const alts = s.anyOf ?? s.oneOf;
    if (alts) {
      const real = alts.filter((a) => a.type !== 'null');
      if (real.length === 1) { s = { ...real[0], ...(s.description ? { description: s.description } : {}), ...(s.default !== undefined ? { default: s.default } : {}) }; continue; }
      if (real.every((a) => a.const !== undefined)) return { ...s, enum: real.map((a) => a.const) };
    }
    break;
  }
  if (Array.isArray(s.type)) {
    const real = s.type.filter((t) => t !== 'null');
    if (real.length === 1) s = { ...s, type: real[0] };
  }
  return s;
}

export function kindOf(schema: JsonSchema | undefined, root?: JsonSchema): FieldKind {
  const s = resolve(schema, root);
  if (Array.isArray(s.enum) || s.const !== undefined) return 'enum';
  switch (s.type) {
    case 'string': return 'string';
    case 'number': return 'number';
    case 'integer': return 'integer';
    case 'boolean': return 'boolean';
    case 'array': return 'array';
    case 'object': return s.properties ? 'object' : 'json';
    default: return 'json';
  }
}

export function enumValues(schema: JsonSchema | undefined, root?: JsonSchema): string[] {
  const s = resolve(schema, root);
  if (Array.isArray(s.enum)) return s.enum.map(String);
  return s.const !== undefined ? [String(s.const)] : [];
}

export const propertiesOf = (schema: JsonSchema | undefined, root?: JsonSchema): [string, JsonSchema][] =>
  Object.entries(resolve(schema, root).properties ?? {});

export const requiredOf = (schema: JsonSchema | undefined, root?: JsonSchema): string[] => resolve(schema, root).required ?? [];

export const itemsOf = (schema: JsonSchema | undefined, root?: JsonSchema): JsonSchema => resolve(schema, root).items ?? {};

/** The value a new form starts with: declared defaults, and required nested objects filled in. */
export function defaultsOf(schema: JsonSchema | undefined, root?: JsonSchema): Record<string, unknown> {
  const s = resolve(schema, root ?? schema);
  const out: Record<string, unknown> = {};
  const required = new Set(s.required ?? []);
  for (const [key, prop] of Object.entries(s.properties ?? {})) {
    const p = resolve(prop, root ?? schema);
    if (p.default !== undefined) out[key] = structuredClone(p.default);
    else if (required.has(key) && kindOf(p, root ?? schema) === 'object') out[key] = defaultsOf(p, root ?? schema);
  }
  return out;
}

/** A property's label: its title, or its key in words (`timeoutMs` → "Timeout ms"). */
export function labelFor(key: string, schema: JsonSchema | undefined): string {
  const title = (schema as S | undefined)?.title;
  if (title) return title;
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export type Path = (string | number)[];

export function getIn(value: unknown, path: Path): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

/** An updated copy; setting `undefined` removes an object key (an optional field left empty). */
export function setIn<T>(value: T, path: Path, next: unknown): T {
  if (path.length === 0) return next as T;
  const [key, ...rest] = path;
  const base = (value ?? (typeof key === 'number' ? [] : {})) as Record<string | number, unknown> | unknown[];
  const child = setIn((base as Record<string | number, unknown>)[key], rest, next);
  if (Array.isArray(base)) {
    const copy = [...base];
    copy[key as number] = child;
    return copy as T;
  }
  const copy = { ...(base as Record<string, unknown>) };
  if (child === undefined) delete copy[key as string];
  else copy[key as string] = child;
  return copy as T;
}

/** `input.quickReplies.0.title` in an issue path, as the path a form field has. */
export const pathKey = (path: Path) => path.join('.');
