// Stripe's webhook endpoint (public; the signature is the authentication). Issue #7.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { FlowRouteDeps } from './flow-deps';

export function stripeWebhookRoutes(_deps: FlowRouteDeps) {
  return new OpenAPIHono();
}
