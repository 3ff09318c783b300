// Agents for routing (issue #10): everyone's status, skills, capacity and load (supervisor), an
// agent's status (themselves or a supervisor; going offline routes their cases again), skills (admin).
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { CaseCommandDeps } from '../../cases/case-commands';
import { ParleyError } from '../../errors';
import { getAgent, listAgents, setAgentSkills, setAgentStatus } from '../../routing/routing-admin-store';
import { rerouteAgentCases } from '../../routing/routing-commands';
import { AGENT_STATUSES, PROFICIENCY_BEST, PROFICIENCY_WORST } from '../../../model/routing/agent';
import { requireRole, type AuthEnv, type Principal } from '../auth';
import { IdParam, json, problemResponses } from '../schemas';

const tags = ['Routing'];

const PerKind = (description: string) => z.object({
  chat: z.number().int(), messaging: z.number().int(), email: z.number().int(), social: z.number().int(),
}).openapi({ description });

export const AgentSchema = z.object({
  id: z.string(), name: z.string(), email: z.string(), role: z.enum(['admin', 'supervisor', 'agent']),
  status: z.enum(AGENT_STATUSES), since: z.string().openapi({ description: 'When the status last changed.' }),
  skills: z.array(z.object({ skillId: z.string(), name: z.string(), proficiency: z.number().int() })),
  capacity: PerKind('Maximum concurrent cases per channel kind.'),
  load: PerKind('Cases held per channel kind (offered, accepted, or closed and still in wrap-up).'),
  activeCases: z.number().int(),
  lastAssignedAt: z.string().nullable(), lastAssignmentEndedAt: z.string().nullable(),
}).openapi('RoutingAgent');

const CapacityInput = z.object({
  chat: z.number().int().min(0).max(100), messaging: z.number().int().min(0).max(100),
  email: z.number().int().min(0).max(1000), social: z.number().int().min(0).max(100),
}).partial();

const StatusBody = z.object({
  status: z.enum(AGENT_STATUSES).openapi({ description: '`available` takes new cases; `away` keeps its cases but takes no new ones; `offline` also hands its cases to others.' }),
  capacity: CapacityInput.optional().openapi({ description: 'Change the maximum concurrent cases per channel kind (kinds left out are kept).' }),
});

const SkillsBody = z.object({
  skills: z.array(z.object({ skillId: z.string().min(1), proficiency: z.number().int().min(PROFICIENCY_BEST).max(PROFICIENCY_WORST).openapi({ description: '1 (best) to 20.' }) })).max(200),
});

const selfOrSupervisor = (p: Principal, id: string) => {
  if (p.userId === id) return;
  if (p.role === 'agent') throw new ParleyError(403, 'forbidden', 'An agent may change only their own status.');
};

export function routingAgentRoutes(deps: CaseCommandDeps) {
  const { db } = deps;
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(createRoute({
    method: 'get', path: '/agents', tags, summary: "Agents' status, skills, capacity and load (supervisor)",
    responses: { 200: json(z.object({ items: z.array(AgentSchema) }), 'Every user of the account, by name'), ...problemResponses(401, 403) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'supervisor');
    return c.json({ items: listAgents(db, p.accountId) }, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/agents/{id}', tags, summary: 'One agent (themselves, or a supervisor)',
    request: { params: IdParam('User') },
    responses: { 200: json(AgentSchema, 'The agent'), ...problemResponses(401, 403, 404) },
  }), (c) => {
    const p = c.get('principal');
    const { id } = c.req.valid('param');
    selfOrSupervisor(p, id);
    return c.json(getAgent(db, p.accountId, id), 200);
  });

  app.openapi(createRoute({
    method: 'put', path: '/agents/{id}/status', tags, summary: 'Set an agent\'s status (themselves, or a supervisor)',
    description: 'Going `offline` routes the cases offered to or held by the agent to others; becoming `available` lets the backlog drain to them.',
    request: { params: IdParam('User'), body: { content: { 'application/json': { schema: StatusBody } }, required: true } },
    responses: { 200: json(AgentSchema.extend({ reroutedCases: z.number().int() }), 'The agent after the change'), ...problemResponses(400, 401, 403, 404) },
  }), async (c) => {
    const p = c.get('principal');
    const { id } = c.req.valid('param');
    selfOrSupervisor(p, id);
    const body = c.req.valid('json');
    setAgentStatus(db, p.accountId, id, body);
    const reroutedCases = body.status === 'offline' ? await rerouteAgentCases(deps, id) : 0;
    return c.json({ ...getAgent(db, p.accountId, id), reroutedCases }, 200);
  });

  app.openapi(createRoute({
    method: 'put', path: '/agents/{id}/skills', tags, summary: "Replace an agent's skills (admin)",
    request: { params: IdParam('User'), body: { content: { 'application/json': { schema: SkillsBody } }, required: true } },
    responses: { 200: json(AgentSchema, 'The agent with the new skills'), ...problemResponses(400, 401, 403, 404, 422) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'admin');
    const { id } = c.req.valid('param');
    setAgentSkills(db, p.accountId, id, c.req.valid('json').skills);
    return c.json(getAgent(db, p.accountId, id), 200);
  });

  return app;
}
