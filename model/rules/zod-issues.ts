// zod issues turned into messages a person can act on ("Must be one of: open, pending" instead of
// `Invalid option: expected one of "open"|"pending"`), and the small amount of schema reading the
// interpreter needs to turn a filled-in `"{{…}}"` into the number a field expects.
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

export const joinPath = (path: readonly PropertyKey[]): string => path.map(String).join('.');

/** The value at a zod issue's path inside the parsed input. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

const ZOD_DEFAULT = /^(Invalid input|Invalid option|Too big|Too small|Invalid string|Invalid discriminator|Invalid element|Invalid key|Unrecognized key)/;

const TYPE_NAMES: Record<string, string> = {
  string: 'text', number: 'a number', int: 'a whole number', boolean: 'true or false', array: 'a list', object: 'an object', record: 'an object',
};

function limit(issue: Issue & { code: 'too_big' | 'too_small' }): string {
  const n = Number(issue.code === 'too_big' ? issue.maximum : issue.minimum);
  const big = issue.code === 'too_big';
  switch (issue.origin) {
    case 'string':
      if (!big && n === 1) return 'Must not be empty';
      return `${big ? 'At most' : 'At least'} ${n} character${n === 1 ? '' : 's'}`;
    case 'array': case 'set':
      return `${big ? 'At most' : 'At least'} ${n} item${n === 1 ? '' : 's'}`;
    default:
      return `Must be ${big ? 'at most' : 'at least'} ${n}`;
  }
}

/** A readable message for one issue; custom messages from the schemas are kept as written. */
export function humanIssueMessage(issue: Issue, input: unknown): string {
  if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
  const value = valueAt(input, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return 'Required';
      return `Expected ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_big': case 'too_small': return limit(issue);
    case 'invalid_value':
      if (value === undefined) return `Required: one of ${issue.values.map(String).join(', ')}`;
      return `${JSON.stringify(value)} is not allowed: use one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      if (issue.discriminator) return `${JSON.stringify(value)} is not a ${issue.discriminator}: use one of ${((issue as { options?: unknown[] }).options ?? []).map(String).join(', ')}`;
      return 'Does not match any of the allowed forms';
    case 'invalid_format': return issue.format === 'regex' ? 'Invalid format' : `Must be a valid ${issue.format}`;
    case 'unrecognized_keys': return `Unknown field${issue.keys.length === 1 ? '' : 's'}: ${issue.keys.join(', ')}`;
    default: return issue.message;
  }
}

/** The inner schema of optional / default / nullable wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema as unknown as { _zod: { def: { type: string; innerType?: unknown } } };
  while (s._zod.def.innerType && ['optional', 'default', 'nullable', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(s._zod.def.type)) {
    s = s._zod.def.innerType as typeof s;
  }
  return s as unknown as z.ZodType;
}

/** The base type of an object schema's field (`number`, `string`, `enum`, ...), or null. */
export function fieldType(objectSchema: z.ZodType, key: string): string | null {
  const shape = (objectSchema as unknown as { shape?: Record<string, z.ZodType> }).shape;
  const field = shape?.[key];
  if (!field) return null;
  return (unwrap(field) as unknown as { _zod: { def: { type: string } } })._zod.def.type;
}

/**
 * After variables were filled in, a number or boolean field given as `"{{…}}"` holds text such as
 * `"42"`: turn it into the number (or boolean) the schema expects before parsing.
 */
export function coerceFilledIn(objectSchema: z.ZodType, input: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | null = null;
  for (const [key, value] of Object.entries(input)) {
    if (typeof value !== 'string') continue;
    const type = fieldType(objectSchema, key);
    let coerced: unknown = value;
    if (type === 'number' && value.trim() !== '' && Number.isFinite(Number(value))) coerced = Number(value);
    else if (type === 'boolean' && (value === 'true' || value === 'false')) coerced = value === 'true';
    if (coerced !== value) (out ??= { ...input })[key] = coerced;
  }
  return out ?? input;
}
