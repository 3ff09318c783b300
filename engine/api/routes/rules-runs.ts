// Rule runs API: a rule's run history, one run with its path, steps and event, the runs on a case.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { getRuleRun, listCaseRuns, listRuleRuns } from '../../rules/store/rule-runs-queries';
import { requireRole, type AuthEnv } from '../auth';
import { IdParam, json, problemResponses } from '../schemas';
import type { RulesDeps } from './rules-deps';
import { RuleEventJson, RuleIdParam, RunSchema, rulesTags as tags } from './rules-schemas';

const RunStatus = z.enum(['running', 'completed', 'failed', 'stopped', 'no_match']);

const RunDetailSchema = RunSchema.extend({
  steps: z.array(z.unknown()).openapi({ description: 'Each action or step executed: { nodeId, kind, name, input (resolved), output?, error?, startedAt, finishedAt }.' }),
  rule: z.object({ id: z.string(), name: z.string(), version: z.number().int() }),
  event: RuleEventJson.nullable(),
  eventSummary: z.string().nullable(),
}).openapi('RuleRunDetail');

export function ruleRunRoutes(deps: RulesDeps) {
  const { db } = deps;
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: 'get', path: '/rules/{id}/runs', tags, summary: 'A rule\'s runs, newest first',
      request: {
        params: RuleIdParam,
        query: z.object({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.string().optional().openapi({ description: 'The `nextCursor` of the previous page.' }),
          status: RunStatus.optional(),
        }),
      },
      responses: { 200: json(z.object({ items: z.array(RunSchema), nextCursor: z.string().nullable() }), 'A page of runs'), ...problemResponses(400, 401, 403, 404) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'supervisor');
      return c.json(listRuleRuns(db, principal.accountId, c.req.valid('param').id, c.req.valid('query')) as any, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/rule-runs', tags, summary: 'The rule runs that touched a case, newest first',
      request: { query: z.object({ caseId: z.string().min(1) }) },
      responses: { 200: json(z.object({ items: z.array(RunSchema.extend({ ruleName: z.string() })) }), 'Runs'), ...problemResponses(400, 401, 403) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'supervisor');
      return c.json({ items: listCaseRuns(db, principal.accountId, c.req.valid('query').caseId) } as any, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/rule-runs/{id}', tags, summary: 'One run: its path, each action\'s resolved input and result, and the event',
      request: { params: IdParam('Rule run') },
      responses: { 200: json(RunDetailSchema, 'The run'), ...problemResponses(401, 403, 404) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'supervisor');
      return c.json(getRuleRun(db, principal.accountId, c.req.valid('param').id) as any, 200);
    },
  );

  return app;
}
