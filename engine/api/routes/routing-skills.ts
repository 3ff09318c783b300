// Routing skills (issue #10): list (any signed-in role: the inbox names them), create, rename and
// delete (admin); a channel's default skill (admin).
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../../db/open-database';
import { createSkill, deleteSkill, getSkill, listSkills, setChannelSkill, skillView, updateSkill } from '../../routing/routing-admin-store';
import { requireRole, type AuthEnv } from '../auth';
import { IdParam, json, problemResponses } from '../schemas';

const tags = ['Routing'];

export const SkillSchema = z.object({
  id: z.string(), name: z.string(), description: z.string(), createdAt: z.string(), updatedAt: z.string(),
}).openapi('Skill');

const SkillBody = z.object({
  name: z.string().trim().min(1).max(100).openapi({ example: 'Billing' }),
  description: z.string().max(500).optional(),
});
const SkillPatch = SkillBody.partial().refine((b) => Object.keys(b).length > 0, { message: 'Send at least one field to change.' });

export function routingSkillRoutes(db: Db) {
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(createRoute({
    method: 'get', path: '/skills', tags, summary: 'List skills',
    responses: { 200: json(z.object({ items: z.array(SkillSchema) }), 'The account\'s skills, by name'), ...problemResponses(401) },
  }), (c) => c.json({ items: listSkills(db, c.get('principal').accountId) }, 200));

  app.openapi(createRoute({
    method: 'post', path: '/skills', tags, summary: 'Create a skill (admin)',
    request: { body: { content: { 'application/json': { schema: SkillBody } }, required: true } },
    responses: { 201: json(SkillSchema, 'Created'), ...problemResponses(400, 401, 403, 409) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'admin');
    return c.json(createSkill(db, p.accountId, c.req.valid('json')), 201);
  });

  app.openapi(createRoute({
    method: 'get', path: '/skills/{id}', tags, summary: 'Get a skill',
    request: { params: IdParam('Skill') },
    responses: { 200: json(SkillSchema, 'The skill'), ...problemResponses(401, 404) },
  }), (c) => c.json(skillView(getSkill(db, c.get('principal').accountId, c.req.valid('param').id)), 200));

  app.openapi(createRoute({
    method: 'patch', path: '/skills/{id}', tags, summary: 'Rename or describe a skill (admin)',
    request: { params: IdParam('Skill'), body: { content: { 'application/json': { schema: SkillPatch } }, required: true } },
    responses: { 200: json(SkillSchema, 'The updated skill'), ...problemResponses(400, 401, 403, 404, 409) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'admin');
    return c.json(updateSkill(db, p.accountId, c.req.valid('param').id, c.req.valid('json')), 200);
  });

  app.openapi(createRoute({
    method: 'delete', path: '/skills/{id}', tags, summary: 'Delete a skill (admin)',
    description: 'Agents lose it; queues and channels that named it fall back to the case\'s own skill.',
    request: { params: IdParam('Skill') },
    responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 403, 404) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'admin');
    deleteSkill(db, p.accountId, c.req.valid('param').id);
    return c.body(null, 204);
  });

  app.openapi(createRoute({
    method: 'put', path: '/channels/{id}/default-skill', tags, summary: "Set a channel's default skill (admin)",
    description: 'Cases from the channel need this skill unless a rule, a queue or a transfer names another. `null` removes it.',
    request: { params: IdParam('Channel'), body: { content: { 'application/json': { schema: z.object({ skillId: z.string().min(1).nullable() }) } }, required: true } },
    responses: { 200: json(z.object({ channelId: z.string(), skillId: z.string().nullable() }), 'Set'), ...problemResponses(400, 401, 403, 404) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'admin');
    const { id } = c.req.valid('param');
    const { skillId } = c.req.valid('json');
    setChannelSkill(db, p.accountId, id, skillId);
    return c.json({ channelId: id, skillId }, 200);
  });

  return app;
}
