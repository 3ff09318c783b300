// Every routing route (issue #10), mounted with one line in app.ts.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { CaseCommandDeps } from '../../cases/case-commands';
import type { AuthEnv } from '../auth';
import { routingAgentRoutes } from './routing-agents';
import { routingAssignmentRoutes } from './routing-assignments';
import { routingCaseRoutes } from './routing-cases';
import { routingQueueRoutes } from './routing-queues';
import { routingSkillRoutes } from './routing-skills';

export function routingRoutes(deps: CaseCommandDeps) {
  const app = new OpenAPIHono<AuthEnv>();
  // The fixed path /routing/queues/summary is declared before /queues/{id}-style paths.
  app.route('/', routingQueueRoutes(deps.db));
  app.route('/', routingAssignmentRoutes(deps.db));
  app.route('/', routingSkillRoutes(deps.db));
  app.route('/', routingAgentRoutes(deps));
  app.route('/', routingCaseRoutes(deps));
  return app;
}
