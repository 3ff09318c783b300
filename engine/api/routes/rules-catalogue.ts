// The palette as data: triggers with their config schemas and variables, built-in actions and the
// developer's custom steps with their input schemas (JSON Schema, for generated forms), and the
// condition fields with their operators.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { z as zod } from 'zod';
import { ACTIONS, type ActionSpec } from '../../../model/rules/actions';
import type { StepDescriptor } from '../../../model/rules/catalogue';
import { CONDITION_FIELDS } from '../../../model/rules/fields';
import { OPERATORS } from '../../../model/rules/predicate';
import { TRIGGERS } from '../../../model/rules/triggers';
import { requireRole, type AuthEnv } from '../auth';
import { json, problemResponses } from '../schemas';
import type { RulesDeps } from './rules-deps';
import { rulesTags as tags } from './rules-schemas';

/** The input side of a schema: fields with defaults are optional in the form. */
const inputJsonSchema = (schema: zod.ZodType) => zod.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

export function actionDescriptor(spec: ActionSpec): StepDescriptor {
  return {
    id: spec.type, kind: 'action', title: spec.title, description: spec.description, group: spec.group,
    inputSchema: inputJsonSchema(spec.input), outputSchema: null, outputs: spec.outputs, retry: spec.retry,
  };
}

// Built once: the built-in catalogue does not change while Parley runs.
let builtIns: { triggers: unknown[]; actions: StepDescriptor[] } | null = null;

function builtInCatalogue() {
  builtIns ??= {
    triggers: Object.values(TRIGGERS).map((t) => ({
      type: t.type, title: t.title, description: t.description, configSchema: inputJsonSchema(t.config), variables: t.variables,
    })),
    actions: ACTIONS.map(actionDescriptor),
  };
  return builtIns;
}

const Descriptor = z.object({
  id: z.string(), kind: z.enum(['action', 'step']), title: z.string(), description: z.string(), group: z.string(),
  inputSchema: z.record(z.string(), z.unknown()), outputSchema: z.record(z.string(), z.unknown()).nullable(),
  outputs: z.array(z.object({ path: z.string(), type: z.string(), description: z.string() })),
  retry: z.object({ maximumAttempts: z.number(), initialInterval: z.string(), backoffCoefficient: z.number().optional(), maximumInterval: z.string().optional() }),
}).openapi('StepDescriptor');

const CatalogueSchema = z.object({
  triggers: z.array(z.object({
    type: z.string(), title: z.string(), description: z.string(),
    configSchema: z.record(z.string(), z.unknown()), variables: z.array(z.object({ path: z.string(), type: z.string(), description: z.string() })),
  })),
  actions: z.array(Descriptor),
  steps: z.array(Descriptor).openapi({ description: 'Custom steps registered in temporal.config.ts.' }),
  fields: z.array(z.record(z.string(), z.unknown())).openapi({ description: 'What a condition can test, its type and its operators.' }),
  operators: z.array(z.string()),
}).openapi('RuleCatalogue');

export function ruleCatalogueRoutes(deps: RulesDeps) {
  const app = new OpenAPIHono<AuthEnv>();
  app.openapi(
    createRoute({
      method: 'get', path: '/rules/catalogue', tags, summary: 'Triggers, built-in actions, custom steps and condition fields, with JSON Schemas',
      responses: { 200: json(CatalogueSchema, 'The catalogue'), ...problemResponses(401, 403) },
    }),
    (c) => {
      requireRole(c.get('principal'), 'supervisor');
      return c.json({ ...builtInCatalogue(), steps: deps.steps.list(), fields: CONDITION_FIELDS, operators: OPERATORS } as any, 200);
    },
  );
  return app;
}
