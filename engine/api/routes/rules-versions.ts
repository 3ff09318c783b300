// Rule versions API: publish the draft, list and read versions, diff two of them (or one and the
// draft), roll back to an older one.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../../db/open-database';
import { ParleyError } from '../../errors';
import { diffGraphs } from '../../../model/rules/diff';
import { RuleGraphSchema, type RuleGraph } from '../../../model/rules/graph';
import { stableStringify } from '../../../model/rules/stable-json';
import { getRuleRow, ruleDetail } from '../../rules/store/rule-store';
import { getVersionRow, listVersions, publishRule, rollbackRule, versionView, versionWithGraph } from '../../rules/store/rule-versions';
import { requireRole, type AuthEnv, type Principal } from '../auth';
import { json, problemResponses } from '../schemas';
import { syncRuleHooks, type RulesDeps } from './rules-deps';
import { RuleIdParam, RuleSchema, RuleVersionSchema, RuleVersionWithGraphSchema, rulesTags as tags } from './rules-schemas';

const VersionParams = RuleIdParam.extend({
  version: z.coerce.number().int().min(1).openapi({ param: { name: 'version', in: 'path' }, description: 'Version number' }),
});

const VersionRef = z.string().regex(/^(\d+|draft)$/, { message: 'A version number or `draft`' });

const PublishResult = z.object({ rule: RuleSchema, version: RuleVersionSchema });

const actor = (p: Principal) => p.userId ?? p.keyId;

/** A version's graph, or the draft's when it has the shape of a graph (a draft may be incomplete). */
function graphAt(db: Db, accountId: string, ruleId: string, ref: string): RuleGraph {
  if (ref !== 'draft') return getVersionRow(db, accountId, ruleId, Number(ref)).graph as RuleGraph;
  const parsed = RuleGraphSchema.safeParse(getRuleRow(db, accountId, ruleId).draft);
  if (!parsed.success) {
    throw new ParleyError(422, 'draft_not_comparable', 'The draft is not a complete graph yet, so it cannot be compared; save a draft that validates first.');
  }
  return parsed.data;
}

export function ruleVersionRoutes(deps: RulesDeps) {
  const { db } = deps;
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: 'post', path: '/rules/{id}/publish', tags, summary: 'Publish the draft as the next version',
      description: 'The draft is validated; an invalid one is refused with 422 and one entry per problem (`nodeId`, `path`, `message`). The new version becomes the active one and the previous one is archived.',
      request: { params: RuleIdParam, body: { content: { 'application/json': { schema: z.object({ note: z.string().max(500).optional() }) } }, required: false } },
      responses: { 201: json(PublishResult, 'Published'), ...problemResponses(400, 401, 403, 404, 422, 503) },
    }),
    async (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'admin');
      const body = c.req.valid('json') ?? {};
      const { rule, version } = publishRule(db, principal.accountId, c.req.valid('param').id, { note: body.note, by: actor(principal), steps: deps.steps });
      await syncRuleHooks(deps.ruleHooks, rule);
      return c.json({ rule: ruleDetail(db, rule), version: versionView(version) } as any, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/rules/{id}/rollback', tags, summary: 'Publish an older version again (as a new version)',
      description: 'The old version\'s graph is published as version N+1 with `rolledBackFrom` set, and becomes the draft too.',
      request: { params: RuleIdParam, body: { content: { 'application/json': { schema: z.object({ version: z.number().int().min(1) }) } }, required: true } },
      responses: { 201: json(PublishResult, 'Rolled back'), ...problemResponses(400, 401, 403, 404, 422, 503) },
    }),
    async (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'admin');
      const { rule, version } = rollbackRule(db, principal.accountId, c.req.valid('param').id, c.req.valid('json').version, { by: actor(principal), steps: deps.steps });
      await syncRuleHooks(deps.ruleHooks, rule);
      return c.json({ rule: ruleDetail(db, rule), version: versionView(version) } as any, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/rules/{id}/versions', tags, summary: 'List a rule\'s published versions, newest first',
      request: { params: RuleIdParam },
      responses: { 200: json(z.object({ items: z.array(RuleVersionSchema) }), 'Versions'), ...problemResponses(401, 403, 404) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'supervisor');
      return c.json({ items: listVersions(db, principal.accountId, c.req.valid('param').id) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/rules/{id}/versions/{version}', tags, summary: 'Get one version with its graph',
      request: { params: VersionParams },
      responses: { 200: json(RuleVersionWithGraphSchema, 'The version'), ...problemResponses(400, 401, 403, 404) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'supervisor');
      const { id, version } = c.req.valid('param');
      getRuleRow(db, principal.accountId, id);
      return c.json(versionWithGraph(getVersionRow(db, principal.accountId, id, version)) as any, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/rules/{id}/diff', tags, summary: 'Compare two versions, or a version and the draft',
      description: '`diff` lists nodes added, removed and changed (with field paths) and edges added and removed; `json` holds both graphs as stable, sorted JSON for a line diff.',
      request: {
        params: RuleIdParam,
        query: z.object({
          from: VersionRef.openapi({ description: 'A version number or `draft`', example: '1' }),
          to: VersionRef.openapi({ description: 'A version number or `draft`', example: 'draft' }),
        }),
      },
      responses: {
        200: json(z.object({
          from: z.string(), to: z.string(),
          diff: z.record(z.string(), z.unknown()).openapi({ description: 'Nodes added / removed / changed, edges added / removed.' }),
          json: z.object({ from: z.string(), to: z.string() }),
        }), 'The differences'),
        ...problemResponses(400, 401, 403, 404, 422),
      },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'supervisor');
      const { id } = c.req.valid('param');
      const { from, to } = c.req.valid('query');
      getRuleRow(db, principal.accountId, id);
      const a = graphAt(db, principal.accountId, id, from);
      const b = graphAt(db, principal.accountId, id, to);
      return c.json({ from, to, diff: diffGraphs(a, b) as any, json: { from: stableStringify(a), to: stableStringify(b) } }, 200);
    },
  );

  return app;
}
