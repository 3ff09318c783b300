// The payments flow's API (issue #7), under /api/v1.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AuthEnv } from '../auth';
import type { FlowRouteDeps } from './flow-deps';

export function paymentRoutes(_deps: FlowRouteDeps) {
  return new OpenAPIHono<AuthEnv>();
}
