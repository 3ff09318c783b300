// Routing moves on a case (issue #10): assign, transfer (to an agent or a skill, with a note),
// unassign, accept an offer; and the account's case-visibility setting. Each move is an Update of
// the case workflow, so it serialises with status changes and messages.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { CaseCommandDeps } from '../../cases/case-commands';
import { getCaseRow } from '../../cases/case-queries';
import { ParleyError } from '../../errors';
import { getRoutingSettings, putRoutingSettings } from '../../routing/routing-admin-store';
import { caseRoutingView } from '../../routing/queue-summary';
import { caseVisibility } from '../../routing/case-visibility';
import { getCaseWithThread } from '../../cases/case-queries';
import { acceptRoutedCase, assignRoutedCase, transferRoutedCase, unassignRoutedCase } from '../../routing/routing-commands';
import { requireRole, type AuthEnv, type Principal } from '../auth';
import { IdParam, json, problemResponses } from '../schemas';

const tags = ['Routing'];

export const RoutingViewSchema = z.object({
  phase: z.enum(['off', 'pending', 'waiting', 'offered', 'assigned', 'done']).openapi({ description: '`waiting`: in the backlog; `offered`: waiting for the agent to accept.' }),
  agentId: z.string().nullable(), assignmentId: z.string().nullable(), queueId: z.string().nullable(),
  offerExpiresAt: z.number().int().nullable().openapi({ description: 'When an unaccepted offer goes to another agent (ms since epoch).' }),
}).openapi('CaseRouting');

const Note = z.string().trim().min(1).max(2000);

const CaseRoutingDetailSchema = z.object({
  state: z.enum(['unrouted', 'waiting', 'assigned', 'done']),
  queueId: z.string().nullable(),
  queueName: z.string().nullable().openapi({ description: "The queue's name (agents cannot list queues); null without a queue or when it was deleted." }),
  position: z.number().int().min(1).nullable().openapi({ description: 'A waiting case: its place in its queue, 1 for the next one routing offers; null otherwise.' }),
  waitingInQueue: z.number().int().min(1).nullable().openapi({ description: 'A waiting case: how many cases wait in its queue, itself included; null otherwise.' }),
  waitingSince: z.string().nullable(),
  waitReason: z.string().nullable().openapi({ description: 'A waiting case: `no_queue`, `no_agent_with_skill`, `nobody_available` or `no_capacity`.' }),
  assignment: z.object({
    id: z.string(), agentId: z.string(), agentName: z.string().nullable(), state: z.enum(['offered', 'accepted']), offeredAt: z.string(), offerExpiresAt: z.string().nullable(),
    acceptedAt: z.string().nullable(), reason: z.record(z.string(), z.unknown()).openapi({ description: 'Why this agent: strategy, proficiency, idle time, load; or `manual` with who and the note.' }),
  }).nullable(),
}).openapi('CaseRoutingDetail');
const AssignBody = z.object({ agentId: z.string().min(1), note: Note.optional() });
const TransferBody = z.object({ agentId: z.string().min(1).optional(), skillId: z.string().min(1).optional(), queueId: z.string().min(1).optional(), note: Note.optional() })
  .refine((b) => [b.agentId, b.skillId, b.queueId].filter(Boolean).length === 1, { message: 'Transfer to an agent, a skill or a queue: send one of agentId, skillId, queueId.' });

const SettingsSchema = z.object({
  agentsSeeAllCases: z.boolean().openapi({ description: 'Off (default): an agent sees only cases assigned to them or in their skills.' }),
}).openapi('RoutingSettings');

const actorOf = (p: Principal) => p.userId ?? p.keyId;

/** Agents act on their own cases; supervisors and admins on any. */
function mayMove(deps: CaseCommandDeps, p: Principal, caseId: string, what: string) {
  if (p.role !== 'agent') return;
  const row = getCaseRow(deps.db, p.accountId, caseId);
  if (!p.userId || row.assigneeId !== p.userId) throw new ParleyError(403, 'forbidden', `An agent may ${what} only a case assigned to them.`);
}

export function routingCaseRoutes(deps: CaseCommandDeps) {
  const app = new OpenAPIHono<AuthEnv>();
  const responses = { 200: json(RoutingViewSchema, "The case's routing after the move"), ...problemResponses(400, 401, 403, 404, 409, 422, 503) };

  app.openapi(createRoute({
    method: 'get', path: '/cases/{id}/routing', tags, summary: 'Where routing stands for a case',
    description: '`waiting` (in the backlog, with the reason), `assigned` (offered or accepted, to whom, why), `done` (closed), or `unrouted`.',
    request: { params: IdParam('Case') },
    responses: { 200: json(CaseRoutingDetailSchema, 'The routing of the case'), ...problemResponses(401, 404) },
  }), (c) => {
    const p = c.get('principal');
    const { id } = c.req.valid('param');
    getCaseWithThread(deps.db, p.accountId, id, caseVisibility(deps.db, p));
    return c.json(caseRoutingView(deps.db, id), 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/cases/{id}/assign', tags, summary: 'Assign a case to an agent',
    description: 'A person\'s decision: the agent\'s capacity is not enforced. An agent may assign a case only to themselves (and only one not assigned to someone else).',
    request: { params: IdParam('Case'), body: { content: { 'application/json': { schema: AssignBody } }, required: true } },
    responses,
  }), async (c) => {
    const p = c.get('principal');
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    if (p.role === 'agent') {
      const row = getCaseRow(deps.db, p.accountId, id);
      if (body.agentId !== p.userId || (row.assigneeId && row.assigneeId !== p.userId)) throw new ParleyError(403, 'forbidden', 'An agent may only take an unassigned case for themselves.');
    }
    return c.json(await assignRoutedCase(deps, p.accountId, id, body.agentId, actorOf(p), body.note), 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/cases/{id}/transfer', tags, summary: 'Transfer a case to an agent, a skill or a queue, with a note',
    description: 'To an agent: assigned to them at once. To a skill: the case takes the skill and is routed again among its agents (not the current one). '
      + 'To a queue: routed through that queue (its skill, strategy and timers) from now on, whatever its filters say. The note appears on the timeline.',
    request: { params: IdParam('Case'), body: { content: { 'application/json': { schema: TransferBody } }, required: true } },
    responses,
  }), async (c) => {
    const p = c.get('principal');
    const { id } = c.req.valid('param');
    mayMove(deps, p, id, 'transfer');
    return c.json(await transferRoutedCase(deps, p.accountId, id, c.req.valid('json'), actorOf(p)), 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/cases/{id}/unassign', tags, summary: 'Unassign a case (routed again without that agent)',
    request: { params: IdParam('Case') },
    responses,
  }), async (c) => {
    const p = c.get('principal');
    const { id } = c.req.valid('param');
    mayMove(deps, p, id, 'unassign');
    return c.json(await unassignRoutedCase(deps, p.accountId, id, actorOf(p)), 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/cases/{id}/accept', tags, summary: 'Accept a case offered to you',
    description: 'Only the agent it is offered to (a signed-in user) can accept; replying to the case accepts it too.',
    request: { params: IdParam('Case') },
    responses,
  }), async (c) => {
    const p = c.get('principal');
    if (!p.userId) throw new ParleyError(403, 'forbidden', 'Only a signed-in agent can accept a case offered to them.');
    return c.json(await acceptRoutedCase(deps, p.accountId, c.req.valid('param').id, { userId: p.userId, keyId: p.keyId }), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/routing/settings', tags, summary: 'Routing settings of this account',
    responses: { 200: json(SettingsSchema, 'The settings'), ...problemResponses(401) },
  }), (c) => c.json(getRoutingSettings(deps.db, c.get('principal').accountId), 200));

  app.openapi(createRoute({
    method: 'put', path: '/routing/settings', tags, summary: 'Change routing settings (admin)',
    request: { body: { content: { 'application/json': { schema: SettingsSchema } }, required: true } },
    responses: { 200: json(SettingsSchema, 'The updated settings'), ...problemResponses(400, 401, 403) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'admin');
    return c.json(putRoutingSettings(deps.db, p.accountId, c.req.valid('json')), 200);
  });

  return app;
}
