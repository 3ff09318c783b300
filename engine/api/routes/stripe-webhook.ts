// Stripe's webhook endpoint (public; the signature is the authentication). Issue #7.
// POST /webhooks/stripe/{accountId}: the raw body is verified against the account's signing secret.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { handleStripeWebhook } from '../../payments/stripe-webhook-handler';
import { json, problemResponses } from '../schemas';
import type { FlowRouteDeps } from './flow-deps';

const WebhookAnswer = z.object({
  received: z.literal(true),
  outcome: z.enum(['signalled', 'duplicate', 'ignored']),
  reason: z.string().optional(),
  paymentId: z.string().optional(),
}).openapi('StripeWebhookAnswer');

export function stripeWebhookRoutes(deps: FlowRouteDeps) {
  const app = new OpenAPIHono();
  app.openapi(
    createRoute({
      method: 'post', path: '/webhooks/stripe/{accountId}', tags: ['Payments'], security: [],
      summary: 'Stripe webhook (checkout.session.completed, async_payment_succeeded / _failed, expired)',
      description: 'Point the Stripe webhook endpoint here and store its signing secret with PUT /api/v1/settings/stripe. A bad or stale Stripe-Signature gets 400 and changes nothing; a repeated event id gets 200 `duplicate`.',
      request: { params: z.object({ accountId: z.string().min(1).openapi({ param: { name: 'accountId', in: 'path' } }) }) },
      responses: { 200: json(WebhookAnswer, 'Received'), ...problemResponses(400, 404, 503) },
    }),
    async (c) => {
      const raw = Buffer.from(await c.req.arrayBuffer());
      const outcome = await handleStripeWebhook(
        { db: deps.db, box: deps.box, client: deps.commands.client },
        c.req.valid('param').accountId, raw, c.req.header('stripe-signature'),
      );
      return c.json(outcome, 200);
    },
  );
  return app;
}
