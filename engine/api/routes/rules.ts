// Rules API: create, list, read, change, delete a rule; save its draft; validate a graph.
// Admins write; supervisors read; agents see none of it.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { validateGraph } from '../../../model/rules/validate-graph';
import { toRuleIssues } from '../../rules/store/graph-issues';
import { createRule, deleteRule, getRule, listRules, ruleDetail, saveDraft, updateRuleMeta } from '../../rules/store/rule-store';
import { requireRole, type AuthEnv } from '../auth';
import { json, problemResponses } from '../schemas';
import { syncRuleHooks, type RulesDeps } from './rules-deps';
import { GraphJson, RuleIdParam, RuleIssueSchema, RuleSchema, RuleSummarySchema, rulesTags as tags } from './rules-schemas';

const Meta = {
  name: z.string().trim().min(1).max(200).openapi({ example: 'Refunds' }),
  description: z.string().max(2000),
  folder: z.string().trim().max(200).openapi({ description: 'Folder name; empty for none.', example: 'Billing' }),
  priority: z.number().int().min(0).max(10_000).openapi({ description: 'Lower runs first (default 100).' }),
  enabled: z.boolean(),
};

const CreateRule = z.object({
  name: Meta.name,
  description: Meta.description.optional(),
  folder: Meta.folder.optional(),
  priority: Meta.priority.optional(),
  enabled: Meta.enabled.optional(),
  draft: GraphJson.optional().openapi({ description: 'The first draft; by default one `message.created` trigger.' }),
});

const PatchRule = z.object({
  name: Meta.name.optional(), description: Meta.description.optional(), folder: Meta.folder.optional(),
  priority: Meta.priority.optional(), enabled: Meta.enabled.optional(),
}).refine((b) => Object.keys(b).length > 0, { message: 'Send at least one field to change.' });

const ListQuery = z.object({
  folder: z.string().optional(),
  enabled: z.enum(['true', 'false']).optional(),
  q: z.string().max(200).optional().openapi({ description: 'Part of the rule name.' }),
});

const GraphBody = z.object({ graph: GraphJson });

export function ruleRoutes(deps: RulesDeps) {
  const { db } = deps;
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: 'post', path: '/rules/validate', tags, summary: 'Validate a rule graph without saving it',
      request: { body: { content: { 'application/json': { schema: GraphBody } }, required: true } },
      responses: { 200: json(z.object({ ok: z.boolean(), issues: z.array(RuleIssueSchema) }), 'What is wrong with it, one entry per problem'), ...problemResponses(400, 401, 403, 413) },
    }),
    (c) => {
      requireRole(c.get('principal'), 'supervisor');
      const result = validateGraph(c.req.valid('json').graph, { steps: deps.steps });
      return c.json(result.ok ? { ok: true, issues: [] } : { ok: false, issues: toRuleIssues(result.issues) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/rules', tags, summary: 'List rules by folder and priority',
      request: { query: ListQuery },
      responses: { 200: json(z.object({ items: z.array(RuleSummarySchema) }), 'The rules of this account'), ...problemResponses(400, 401, 403) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'supervisor');
      const { enabled, ...filters } = c.req.valid('query');
      return c.json({ items: listRules(db, principal.accountId, { ...filters, enabled: enabled === undefined ? undefined : enabled === 'true' }) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/rules', tags, summary: 'Create a rule (a draft; publish it to make it run)',
      request: { body: { content: { 'application/json': { schema: CreateRule } }, required: true } },
      responses: { 201: json(RuleSchema, 'Created'), ...problemResponses(400, 401, 403, 413, 422) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'admin');
      const row = createRule(db, principal.accountId, c.req.valid('json'));
      return c.json(ruleDetail(db, row) as any, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/rules/{id}', tags, summary: 'Get a rule with its draft',
      request: { params: RuleIdParam },
      responses: { 200: json(RuleSchema, 'The rule'), ...problemResponses(401, 403, 404) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'supervisor');
      return c.json(getRule(db, principal.accountId, c.req.valid('param').id) as any, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch', path: '/rules/{id}', tags, summary: 'Rename, describe, move to a folder, reorder, enable or disable a rule',
      request: { params: RuleIdParam, body: { content: { 'application/json': { schema: PatchRule } }, required: true } },
      responses: { 200: json(RuleSchema, 'The updated rule'), ...problemResponses(400, 401, 403, 404, 503) },
    }),
    async (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'admin');
      const { before, after } = updateRuleMeta(db, principal.accountId, c.req.valid('param').id, c.req.valid('json'));
      if (before.enabled !== after.enabled && after.activeVersion != null) await syncRuleHooks(deps.ruleHooks, after);
      return c.json(ruleDetail(db, after) as any, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete', path: '/rules/{id}', tags, summary: 'Delete a rule (it stops running; its versions and runs stay in the audit trail)',
      request: { params: RuleIdParam },
      responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 403, 404, 503) },
    }),
    async (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'admin');
      const row = deleteRule(db, principal.accountId, c.req.valid('param').id);
      if (row.activeVersion != null) await syncRuleHooks(deps.ruleHooks, row);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'put', path: '/rules/{id}/draft', tags, summary: 'Save the draft (kept even when invalid; the issues are returned)',
      description: 'Work in progress is saved as it is, so the editor never loses it; `issues` lists what must be fixed before publishing, each on its node. A draft over 512 KB or over 200 nodes is refused.',
      request: { params: RuleIdParam, body: { content: { 'application/json': { schema: GraphBody } }, required: true } },
      responses: { 200: json(z.object({ rule: RuleSchema, issues: z.array(RuleIssueSchema) }), 'Saved'), ...problemResponses(400, 401, 403, 404, 413, 422) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'admin');
      const { row, issues } = saveDraft(db, principal.accountId, c.req.valid('param').id, c.req.valid('json').graph, deps.steps);
      return c.json({ rule: ruleDetail(db, row), issues } as any, 200);
    },
  );

  return app;
}
