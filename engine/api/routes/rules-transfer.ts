// Export and import of rules as JSON documents (stable key order; importable into any account).
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { exportRule, importRule } from '../../rules/store/rule-export';
import { ruleDetail } from '../../rules/store/rule-store';
import { requireRole, type AuthEnv } from '../auth';
import { json, problemResponses } from '../schemas';
import type { RulesDeps } from './rules-deps';
import { GraphJson, RuleIdParam, RuleIssueSchema, RuleSchema, rulesTags as tags } from './rules-schemas';

const RuleDocumentJson = z.object({
  format: z.literal('parley.rule'),
  formatVersion: z.literal(1),
  rule: z.object({ name: z.string(), description: z.string(), folder: z.string(), priority: z.number().int(), enabled: z.boolean() }),
  graph: GraphJson,
}).openapi('RuleDocument');

export function ruleTransferRoutes(deps: RulesDeps) {
  const { db } = deps;
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: 'post', path: '/rules/import', tags, summary: 'Import a rule document as a new, unpublished rule',
      description: 'Works across accounts. Channel ids in trigger filters that do not exist in this account are listed in `warnings`; `issues` lists what validation finds in the imported draft.',
      request: { body: { content: { 'application/json': { schema: z.record(z.string(), z.unknown()).openapi({ description: 'A document from GET /rules/{id}/export (RuleDocument).' }) } }, required: true } },
      responses: {
        201: json(z.object({ rule: RuleSchema, warnings: z.array(RuleIssueSchema), issues: z.array(RuleIssueSchema) }), 'Imported'),
        ...problemResponses(400, 401, 403, 413, 422),
      },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'admin');
      const { rule, warnings, issues } = importRule(db, principal.accountId, c.req.valid('json'), deps.steps);
      return c.json({ rule: ruleDetail(db, rule), warnings, issues } as any, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/rules/{id}/export', tags, summary: 'Export the draft, or a version, as a JSON document (a download)',
      request: {
        params: RuleIdParam,
        query: z.object({ version: z.coerce.number().int().min(1).optional().openapi({ description: 'A published version; the draft when absent.' }) }),
      },
      responses: { 200: json(RuleDocumentJson, 'The rule document, keys sorted'), ...problemResponses(400, 401, 403, 404, 422) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'supervisor');
      const { filename, text } = exportRule(db, principal.accountId, c.req.valid('param').id, c.req.valid('query').version);
      return c.body(text, 200, { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` }) as any;
    },
  );

  return app;
}
