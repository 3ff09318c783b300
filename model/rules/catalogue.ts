// The palette as data: built-in actions plus the developer's custom steps, described by JSON
// Schemas so the API can serve them and the editor can generate forms. The server-side validator
// also gets `validateInput` for custom steps (their zod schema), which the browser does not have.
import type { FieldIssue } from '../field-issue';
import type { RetrySpec } from './actions';
import type { VariableSpec } from './variables-spec';

export interface StepDescriptor {
  /** The node's `step` (custom) or `action` (built-in) value. */
  id: string;
  kind: 'action' | 'step';
  title: string;
  description: string;
  group: string;
  /** JSON Schema (draft 2020-12) of the input, from z.toJSONSchema. */
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown> | null;
  outputs: VariableSpec[];
  retry: RetrySpec;
}

/** What the validator and the interpreter need to know about the custom steps registered here. */
export interface CustomStepCatalogue {
  get(id: string): (StepDescriptor & { validateInput?: (input: unknown) => FieldIssue[] }) | undefined;
  list(): StepDescriptor[];
}

export const NO_CUSTOM_STEPS: CustomStepCatalogue = { get: () => undefined, list: () => [] };
