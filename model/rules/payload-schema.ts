// The JSON Schema an API-triggered rule declares for its payload: a small subset (types,
// properties, required, enum, bounds, items) that is checked at save, enforced on
// POST /api/v1/rules/events/{key}, and turned into `{{trigger.payload.<field>}}` variables.
import type { FieldIssue } from '../field-issue';
import { variable, type VariableSpec } from './variables-spec';

type Schema = Record<string, unknown>;

const TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array'] as const;
type JsonType = (typeof TYPES)[number];
const CHECKED = ['type', 'properties', 'required', 'enum', 'minimum', 'maximum', 'minLength', 'maxLength', 'items', 'additionalProperties'];
/** Annotations that change nothing about what is accepted. */
const ANNOTATIONS = ['title', 'description', '$schema', '$id', 'default', 'examples', '$comment'];
const MAX_DEPTH = 6;

const isObject = (v: unknown): v is Schema => v !== null && typeof v === 'object' && !Array.isArray(v);
const at = (path: string, key: string) => (path ? `${path}.${key}` : key);
const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function checkNode(schema: unknown, path: string, depth: number, issues: FieldIssue[]): void {
  if (!isObject(schema)) { issues.push({ path, message: 'Expected a schema object, e.g. { "type": "string" }' }); return; }
  if (depth > MAX_DEPTH) { issues.push({ path, message: `Schemas nest at most ${MAX_DEPTH} levels deep` }); return; }
  for (const key of Object.keys(schema)) {
    if (!CHECKED.includes(key) && !ANNOTATIONS.includes(key)) {
      issues.push({ path: at(path, key), message: `"${key}" is not supported here: use ${CHECKED.join(', ')}` });
    }
  }
  const type = schema.type;
  if (type === undefined) issues.push({ path: at(path, 'type'), message: `Add a type: ${TYPES.join(', ')}` });
  else if (typeof type !== 'string' || !(TYPES as readonly string[]).includes(type)) {
    issues.push({ path: at(path, 'type'), message: `${JSON.stringify(type)} is not a supported type: use ${TYPES.join(', ')}` });
  }
  const t = type as JsonType;
  const onlyFor = (key: string, types: JsonType[]) => {
    if (schema[key] !== undefined && !types.includes(t)) issues.push({ path: at(path, key), message: `"${key}" applies to ${types.join(' or ')} fields only` });
  };
  onlyFor('minimum', ['number', 'integer']); onlyFor('maximum', ['number', 'integer']);
  onlyFor('minLength', ['string']); onlyFor('maxLength', ['string']);
  onlyFor('items', ['array']); onlyFor('properties', ['object']); onlyFor('required', ['object']); onlyFor('additionalProperties', ['object']);
  for (const key of ['minimum', 'maximum']) {
    if (schema[key] !== undefined && (typeof schema[key] !== 'number' || !Number.isFinite(schema[key]))) issues.push({ path: at(path, key), message: 'Expected a number' });
  }
  for (const key of ['minLength', 'maxLength']) {
    if (schema[key] !== undefined && !isCount(schema[key])) issues.push({ path: at(path, key), message: 'Expected a whole number of at least 0' });
  }
  if (typeof schema.minimum === 'number' && typeof schema.maximum === 'number' && schema.minimum > schema.maximum) {
    issues.push({ path: at(path, 'minimum'), message: 'minimum is greater than maximum' });
  }
  if (isCount(schema.minLength) && isCount(schema.maxLength) && (schema.minLength as number) > (schema.maxLength as number)) {
    issues.push({ path: at(path, 'minLength'), message: 'minLength is greater than maxLength' });
  }
  if (schema.enum !== undefined) {
    if (!Array.isArray(schema.enum) || schema.enum.length === 0 || !schema.enum.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) {
      issues.push({ path: at(path, 'enum'), message: 'enum is a non-empty list of strings, numbers or booleans' });
    }
  }
  if (schema.additionalProperties !== undefined && typeof schema.additionalProperties !== 'boolean') {
    issues.push({ path: at(path, 'additionalProperties'), message: 'Expected true or false' });
  }
  if (schema.properties !== undefined) {
    if (!isObject(schema.properties)) issues.push({ path: at(path, 'properties'), message: 'Expected an object of field schemas' });
    else {
      for (const [name, child] of Object.entries(schema.properties)) {
        if (!/^[A-Za-z0-9_]{1,64}$/.test(name)) issues.push({ path: at(path, `properties.${name}`), message: `Field name "${name}": use letters, digits or _ (at most 64), so it can be used as {{trigger.payload.${name}}}` });
        checkNode(child, at(path, `properties.${name}`), depth + 1, issues);
      }
    }
  }
  if (schema.required !== undefined) {
    if (!Array.isArray(schema.required) || !schema.required.every((r) => typeof r === 'string')) {
      issues.push({ path: at(path, 'required'), message: 'required is a list of field names' });
    } else {
      const props = isObject(schema.properties) ? schema.properties : {};
      schema.required.forEach((name, i) => {
        if (!(name in props)) issues.push({ path: at(path, `required.${i}`), message: `"${name}" is required but not described under properties` });
      });
    }
  }
  if (schema.items !== undefined) checkNode(schema.items, at(path, 'items'), depth + 1, issues);
}

/** Problems that make a payload schema unusable (paths inside the schema, e.g. `properties.amount.type`). */
export function checkPayloadSchema(schema: unknown): FieldIssue[] {
  if (!isObject(schema)) return [{ path: '', message: 'The payload schema is a JSON Schema object, e.g. { "type": "object", "properties": { … } }' }];
  if (schema.type !== 'object') return [{ path: 'type', message: 'A payload is a JSON object: set "type" to "object"' }];
  const issues: FieldIssue[] = [];
  checkNode(schema, '', 0, issues);
  return issues;
}

const TYPE_NAMES: Record<JsonType, string> = {
  string: 'text', number: 'a number', integer: 'a whole number', boolean: 'true or false', object: 'an object', array: 'a list',
};

function hasType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'boolean': return typeof value === 'boolean';
    case 'object': return isObject(value);
    case 'array': return Array.isArray(value);
  }
}

function validateNode(schema: Schema, value: unknown, path: string, issues: FieldIssue[]): void {
  const type = schema.type as JsonType | undefined;
  if (type && !hasType(value, type)) { issues.push({ path, message: `Expected ${TYPE_NAMES[type]}` }); return; }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value)) {
    issues.push({ path, message: `Must be one of: ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}` });
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) issues.push({ path, message: `Must be at least ${schema.minimum}` });
    if (typeof schema.maximum === 'number' && value > schema.maximum) issues.push({ path, message: `Must be at most ${schema.maximum}` });
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength) issues.push({ path, message: schema.minLength === 1 ? 'Must not be empty' : `At least ${schema.minLength} characters` });
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) issues.push({ path, message: `At most ${schema.maxLength} characters` });
  }
  if (isObject(value)) {
    const props = isObject(schema.properties) ? schema.properties : {};
    if (Array.isArray(schema.required)) {
      for (const name of schema.required) if (typeof name === 'string' && value[name] === undefined) issues.push({ path: `${path}.${name}`, message: 'Required' });
    }
    for (const [name, child] of Object.entries(props)) {
      if (value[name] !== undefined && isObject(child)) validateNode(child, value[name], `${path}.${name}`, issues);
    }
    if (schema.additionalProperties === false) {
      for (const name of Object.keys(value)) if (!(name in props)) issues.push({ path: `${path}.${name}`, message: 'Not a field of this event: remove it' });
    }
  }
  if (Array.isArray(value) && isObject(schema.items)) {
    value.forEach((item, i) => validateNode(schema.items as Schema, item, `${path}.${i}`, issues));
  }
}

/** Where a payload does not match its schema: `[{ path: 'payload.amount', message: 'Expected a number' }]`. */
export function validatePayload(schema: unknown, payload: unknown): FieldIssue[] {
  if (!isObject(schema)) return [];
  const issues: FieldIssue[] = [];
  validateNode(schema, payload, 'payload', issues);
  return issues;
}

const VARIABLE_TYPES: Record<JsonType, VariableSpec['type']> = {
  string: 'string', number: 'number', integer: 'number', boolean: 'boolean', object: 'object', array: 'array',
};

/** `{{trigger.payload.<field>}}` for every declared field (nested objects too). */
export function payloadVariables(schema: unknown, prefix = 'trigger.payload', depth = 0): VariableSpec[] {
  if (!isObject(schema) || !isObject(schema.properties) || depth > MAX_DEPTH) return [];
  const out: VariableSpec[] = [];
  for (const [name, child] of Object.entries(schema.properties)) {
    if (!isObject(child)) continue;
    const path = `${prefix}.${name}`;
    const type = VARIABLE_TYPES[child.type as JsonType] ?? 'unknown';
    out.push(variable(path, type, typeof child.description === 'string' ? child.description : `Payload field ${name}`));
    if (child.type === 'object') out.push(...payloadVariables(child, path, depth + 1));
  }
  return out;
}
