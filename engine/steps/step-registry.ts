// The custom steps registered in temporal.config.ts, in the two forms Parley needs: a catalogue
// of descriptors (JSON Schemas, output variables, retry) for the validator, the API and the
// editor's palette, and `run` for the worker's `runRuleAction` activity, which checks the input
// and the output against the step's zod schemas around the developer's code.
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import type { FieldIssue } from '../errors';
import type { RetrySpec } from '../../model/rules/actions';
import type { CustomStepCatalogue, StepDescriptor } from '../../model/rules/catalogue';
import type { VariableSpec } from '../../model/rules/variables-spec';
import { stepIdProblem, type StepDefinition } from './define-step';
import { createStepContext, type StepRunInfo } from './step-context';

export const DEFAULT_STEP_RETRY: RetrySpec = { maximumAttempts: 3, initialInterval: '1s', backoffCoefficient: 2 };

export interface StepRegistry extends CustomStepCatalogue {
  definitions(): StepDefinition[];
  /**
   * Runs step `id`: parses `input` with its input schema (a mismatch fails at once, without
   * retries), calls its `run`, and parses what it returned with its output schema (same).
   * Errors thrown by the step itself pass through, so the activity's retry policy applies.
   */
  run(id: string, input: unknown, info: StepRunInfo): Promise<unknown>;
}

type JsonSchema = Record<string, unknown>;

const TEMPLATE = /\{\{[^{}]*\}\}/;

/** `items.0.sku`; the input itself is ``. */
const issuePath = (path: readonly PropertyKey[]) => path.map(String).join('.');

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function fieldIssues(error: z.ZodError, input: unknown): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issuePath(issue.path),
    message: issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined ? 'Required' : issue.message,
  }));
}

const describeIssues = (issues: FieldIssue[]) => issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
}

function variableType(schema: JsonSchema): VariableSpec['type'] {
  const types = ([] as unknown[]).concat(schema.type ?? []).filter((t) => t !== 'null');
  // z.nullable / z.union: `anyOf: [{ type: 'string' }, { type: 'null' }]`
  if (types.length === 0 && Array.isArray(schema.anyOf)) {
    const members = (schema.anyOf as JsonSchema[]).filter((m) => m.type !== 'null');
    return members.length === 1 ? variableType(members[0]!) : 'unknown';
  }
  if (types.length !== 1) return 'unknown';
  switch (types[0]) {
    case 'string': return 'string';
    case 'number': case 'integer': return 'number';
    case 'boolean': return 'boolean';
    case 'array': return 'array';
    case 'object': return 'object';
    default: return 'unknown';
  }
}

/** The object's fields (and its nested objects' fields) as `steps.<nodeId>.output.<path>` variables. */
function outputVariables(schema: JsonSchema, prefix = ''): VariableSpec[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(properties).flatMap(([key, property]) => {
    const path = prefix + key;
    const type = variableType(property);
    const own: VariableSpec = { path, type, description: typeof property.description === 'string' ? property.description : key };
    return type === 'object' && property.properties ? [own, ...outputVariables(property, `${path}.`)] : [own];
  });
}

function describe(step: StepDefinition): StepDescriptor & { validateInput(input: unknown): FieldIssue[] } {
  return {
    id: step.id,
    kind: 'step',
    title: step.title,
    description: step.description,
    group: step.group,
    inputSchema: toJsonSchema(step.input, 'input'),
    outputSchema: toJsonSchema(step.output, 'output'),
    outputs: outputVariables(toJsonSchema(step.output, 'output')),
    retry: step.retry ?? DEFAULT_STEP_RETRY,
    // At save time a field may hold a {{variable}} that only gets its value when the rule runs:
    // a problem with a templated value is left for the run-time check.
    validateInput(input) {
      const result = step.input.safeParse(input);
      if (result.success) return [];
      const relevant = result.error.issues.filter((issue) => {
        const value = valueAt(input, issue.path);
        return !(typeof value === 'string' && TEMPLATE.test(value));
      });
      return fieldIssues(new z.ZodError(relevant), input);
    },
  };
}

function checkDefinitions(steps: readonly unknown[]): StepDefinition[] {
  const seen = new Map<string, StepDefinition>();
  steps.forEach((step, index) => {
    const candidate = step as Partial<StepDefinition> | undefined;
    if (!candidate || typeof candidate !== 'object' || typeof candidate.run !== 'function' || !candidate.input || !candidate.output) {
      throw new Error(`steps[${index}] in temporal.config.ts is not a step made with defineStep (got ${step === undefined ? 'undefined' : typeof step}); check its import.`);
    }
    const problem = stepIdProblem(candidate.id);
    if (problem) throw new Error(problem);
    const earlier = seen.get(candidate.id!);
    if (earlier) {
      throw new Error(`Two custom steps use the id "${candidate.id}" ("${earlier.title}" and "${candidate.title}"): each step in temporal.config.ts needs its own id.`);
    }
    seen.set(candidate.id!, candidate as StepDefinition);
  });
  return [...seen.values()];
}

export function createStepRegistry(steps: readonly StepDefinition[]): StepRegistry {
  const definitions = checkDefinitions(steps);
  const byId = new Map(definitions.map((step) => [step.id, step]));
  const descriptors = new Map(definitions.map((step) => [step.id, describe(step)]));

  return {
    get: (id) => descriptors.get(id),
    list: () => [...descriptors.values()].map(({ validateInput: _omit, ...descriptor }) => descriptor),
    definitions: () => [...definitions],

    async run(id, input, info) {
      const step = byId.get(id);
      if (!step) {
        throw ApplicationFailure.nonRetryable(
          `No custom step "${id}" is registered on this worker: list it under steps in temporal.config.ts and restart.`, 'StepUnknown');
      }
      const parsedInput = step.input.safeParse(input);
      if (!parsedInput.success) {
        const issues = fieldIssues(parsedInput.error, input);
        throw ApplicationFailure.nonRetryable(`Step "${id}" got an input that does not match its schema: ${describeIssues(issues)}.`, 'StepInputInvalid', issues);
      }
      const output = await step.run(parsedInput.data, createStepContext(id, info));
      const parsedOutput = step.output.safeParse(output);
      if (!parsedOutput.success) {
        const issues = fieldIssues(parsedOutput.error, output);
        throw ApplicationFailure.nonRetryable(
          `Step "${id}" returned an output that does not match its output schema: ${describeIssues(issues)}. Fix the step's run() or its output schema.`,
          'StepOutputInvalid', issues);
      }
      return parsedOutput.data;
    },
  };
}
