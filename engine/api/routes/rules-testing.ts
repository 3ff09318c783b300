// Trying a rule without running it: dry-run over one event, replay over the last days' events.
// Supervisors may use both (they only read); nothing is executed and nothing is written.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { dryRunRule } from '../../rules/store/rule-dry-run';
import { replayRule } from '../../rules/store/rule-replay';
import { requireRole, type AuthEnv } from '../auth';
import { json, problemResponses } from '../schemas';
import type { RulesDeps } from './rules-deps';
import { DryRunResultSchema, GraphJson, ReplayResultSchema, RuleEventJson, RuleIdParam, rulesTags as tags } from './rules-schemas';

const DryRunBody = z.object({
  eventId: z.string().min(1).optional().openapi({ description: 'A recorded event (GET /rule-events).' }),
  event: RuleEventJson.optional().openapi({ description: 'Or an event pasted as JSON: `type` is required; snapshots (case, contact, channel, message) are optional.' }),
  graph: GraphJson.optional().openapi({ description: 'Evaluate this graph instead of the saved draft (unsaved changes in the editor).' }),
  version: z.number().int().min(1).optional().openapi({ description: 'Evaluate this published version instead of the draft.' }),
  sampleOutputs: z.record(z.string(), z.unknown()).optional().openapi({ description: 'Outputs to pretend actions returned, by node id (e.g. a `Call a URL` response body); others get placeholders.' }),
}).refine((b) => b.eventId !== undefined || b.event !== undefined, { message: 'Send eventId (a recorded event) or event (a pasted one).', path: ['eventId'] });

const ReplayBody = z.object({
  days: z.number().int().min(1).max(30).default(7).openapi({ description: 'How many days back (1–30).' }),
  limit: z.number().int().min(1).max(5000).default(1000).openapi({ description: 'At most this many events (the newest), up to 5000.' }),
});

export function ruleTestingRoutes(deps: RulesDeps) {
  const { db } = deps;
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: 'post', path: '/rules/{id}/dry-run', tags, summary: 'Dry-run the rule over one event: the path it takes and the actions it would run',
      description: 'Uses the same interpreter as real runs; variables in the actions\' inputs are resolved. Nothing is executed and nothing is written.',
      request: { params: RuleIdParam, body: { content: { 'application/json': { schema: DryRunBody } }, required: true } },
      responses: { 200: json(DryRunResultSchema, 'What would happen'), ...problemResponses(400, 401, 403, 404, 422) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'supervisor');
      return c.json(dryRunRule(db, principal.accountId, c.req.valid('param').id, c.req.valid('json'), deps.steps) as any, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/rules/{id}/replay', tags, summary: 'Replay the draft over the last days\' recorded events, next to the published version',
      request: { params: RuleIdParam, body: { content: { 'application/json': { schema: ReplayBody } }, required: false } },
      responses: { 200: json(ReplayResultSchema, 'How often each would have fired and what it would have done'), ...problemResponses(400, 401, 403, 404, 422) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'supervisor');
      const body = ReplayBody.parse(c.req.valid('json') ?? {});
      return c.json(replayRule(db, principal.accountId, c.req.valid('param').id, body, deps.steps) as any, 200);
    },
  );

  return app;
}
