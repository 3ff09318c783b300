// The custom-step SDK: a developer describes one step (its id, palette title, input and output
// zod schemas, retry policy and `run`) in a module of their own and lists it under `steps` in
// temporal.config.ts. Kept light (zod and Temporal's failure type only): the settings file imports it.
import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import { ACTIONS_BY_TYPE, type RetrySpec } from '../../model/rules/actions';
import type { StepContext } from './step-context';

export type { RetrySpec } from '../../model/rules/actions';
export type { StepContext, StepLogger } from './step-context';

/** An object schema: its fields become the form in the editor and the step's output variables. */
export type StepObjectSchema = z.ZodObject;

export interface StepDefinition<I extends StepObjectSchema = StepObjectSchema, O extends StepObjectSchema = StepObjectSchema> {
  /** Lowercase letters, digits, dots and dashes, e.g. `shop.lookup-order`; what a rule's node refers to. */
  id: string;
  /** The palette entry's name. */
  title: string;
  description: string;
  /** The palette section (default `Custom`). */
  group: string;
  input: I;
  output: O;
  /** Attempts before the error is recorded on the run (default 3 attempts, 1s then doubling). */
  retry?: RetrySpec;
  /** Receives the input after it passed the input schema; what it returns must pass the output schema. */
  run(input: z.output<I>, ctx: StepContext): Promise<z.input<O>>;
}

export interface StepSpec<I extends StepObjectSchema, O extends StepObjectSchema> extends Omit<StepDefinition<I, O>, 'group'> {
  group?: string;
}

/** `shop.lookup-order`, `crm.create-lead`, `acme-tickets.create`: starts with a letter; dots and dashes separate words. */
export const STEP_ID_PATTERN = /^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/;
export const STEP_ID_MAX_LENGTH = 100;

export function stepIdProblem(id: unknown): string | null {
  if (typeof id !== 'string' || !STEP_ID_PATTERN.test(id) || id.length > STEP_ID_MAX_LENGTH) {
    return `Step id ${JSON.stringify(id)} is invalid: use lowercase letters, digits, dots and dashes, starting with a letter (e.g. "shop.lookup-order"), at most ${STEP_ID_MAX_LENGTH} characters.`;
  }
  if (ACTIONS_BY_TYPE.has(id)) return `Step id "${id}" is the id of a built-in action; pick another one (e.g. "mycompany.${id.replace(/_/g, '-')}").`;
  return null;
}

function isObjectSchema(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && (schema as { def?: { type?: string } }).def?.type === 'object';
}

/** Declares a custom step. Checks the declaration now, so a mistake stops start-up with a clear message. */
export function defineStep<I extends StepObjectSchema, O extends StepObjectSchema>(spec: StepSpec<I, O>): StepDefinition<I, O> {
  const idProblem = stepIdProblem(spec.id);
  if (idProblem) throw new Error(idProblem);
  const where = `Step "${spec.id}"`;
  if (!spec.title?.trim()) throw new Error(`${where} needs a title (the palette shows it).`);
  if (typeof spec.description !== 'string') throw new Error(`${where} needs a description.`);
  if (!isObjectSchema(spec.input)) throw new Error(`${where}: input must be a z.object({...}) schema (its fields become the form).`);
  if (!isObjectSchema(spec.output)) throw new Error(`${where}: output must be a z.object({...}) schema (its fields become variables).`);
  if (typeof spec.run !== 'function') throw new Error(`${where} needs a run(input, ctx) function.`);
  if (spec.retry && !(Number.isInteger(spec.retry.maximumAttempts) && spec.retry.maximumAttempts >= 1)) {
    throw new Error(`${where}: retry.maximumAttempts must be a whole number of at least 1.`);
  }
  return { ...spec, group: spec.group?.trim() || 'Custom' };
}

/**
 * A failure that retrying cannot fix (wrong credentials, a refusal by the other system): the run
 * records it at once instead of trying again. `throw nonRetryable('Shop refused the API key')`.
 */
export function nonRetryable(message: string, details?: unknown): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, 'StepFailed', ...(details === undefined ? [] : [details]));
}
