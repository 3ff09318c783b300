// The payments flow's API (issue #7), under /api/v1: the account's Stripe connection, requesting a
// payment in a case, listing and reading payment requests, refunds and cancellation.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { PAYMENT_STATUS_VALUES } from '../../db/schema-payments';
import { ParleyError } from '../../errors';
import { cancelPayment, refundPayment, requestPayment, type PaymentCommandDeps } from '../../payments/payment-commands';
import { listPayments, paymentDetail, requirePayment } from '../../payments/payment-store';
import { minExpiryMinutes } from '../../payments/expiry-config';
import { deleteStripeConnection, getStripeConnectionView, saveStripeConnection } from '../../payments/stripe-connection-store';
import { parsePaymentRequest, ON_PAID_STATUSES, MAX_LINE_ITEMS } from '../../../model/payments/payment-request';
import { requireRole, type AuthEnv, type Principal } from '../auth';
import { IdParam, PageQuery, json, problemResponses } from '../schemas';
import type { FlowRouteDeps } from './flow-deps';

const tags = ['Payments'];

const StripeConnectionSchema = z.object({
  connected: z.boolean(),
  webhookUrl: z.string().openapi({ description: 'Add this endpoint in the Stripe Dashboard (Developers → Webhooks) for the checkout.session.* events.' }),
  stripeAccountId: z.string().nullable(),
  livemode: z.boolean(),
  secretKeyHint: z.string().nullable().openapi({ description: 'Which key is stored, e.g. sk_test_…4242; the key itself is never returned.' }),
  webhookSecretSet: z.boolean(),
  apiBaseUrl: z.string().nullable(),
  successUrl: z.string().nullable(),
  updatedAt: z.string().nullable(),
}).openapi('StripeConnection');

const StripeConnectionInput = z.object({
  secretKey: z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, { message: 'A Stripe secret key (sk_test_… / sk_live_…) or restricted key (rk_…)' }).optional()
    .openapi({ description: 'Required the first time; absent keeps the stored key. Checked against Stripe before it is stored.' }),
  webhookSecret: z.string().regex(/^whsec_[A-Za-z0-9+/=_-]+$/, { message: 'The webhook endpoint\'s signing secret (whsec_…)' }).optional(),
  apiBaseUrl: z.url({ protocol: /^https?$/ }).nullable().optional().openapi({ description: 'Another Stripe API base URL (stripe-mock in tests); default: PARLEY_STRIPE_API_URL or api.stripe.com.' }),
  successUrl: z.url({ protocol: /^https?$/ }).nullable().optional().openapi({ description: 'Where customers land after paying; default: Stripe\'s own confirmation page.' }),
}).openapi('StripeConnectionInput');

const LineItem = z.object({
  name: z.string().openapi({ example: 'T-shirt' }),
  unitAmount: z.number().openapi({ description: 'Price of one, in the smallest currency unit', example: 1000 }),
  quantity: z.number().optional().openapi({ example: 1 }),
});

const PaymentRequestBody = z.object({
  amount: z.number().optional().openapi({ description: 'In the currency\'s smallest unit, an integer: 1250 = €12.50, 500 = ¥500. Optional when line items give it.', example: 1250 }),
  currency: z.string().openapi({ description: 'ISO 4217 code Stripe accepts (zero-decimal ones such as JPY count whole units).', example: 'eur' }),
  description: z.string().openapi({ example: 'Order #42' }),
  lineItems: z.array(LineItem).max(MAX_LINE_ITEMS).optional(),
  expiresInMinutes: z.number().optional().openapi({ description: '30–1440 (Stripe\'s limits); default 60.', example: 60 }),
  onPaid: z.object({ tag: z.string().optional(), status: z.enum(ON_PAID_STATUSES).optional() }).optional()
    .openapi({ description: 'What to do to the case once paid.' }),
}).openapi('PaymentRequest');

const PaymentSchema = z.object({
  id: z.string(), caseId: z.string(), status: z.enum(PAYMENT_STATUS_VALUES),
  amount: z.number().int(), currency: z.string(), amountFormatted: z.string(), description: z.string(),
  lineItems: z.array(z.object({ name: z.string(), unitAmount: z.number(), quantity: z.number() })).nullable(),
  onPaid: z.object({ tag: z.string().optional(), status: z.string().optional() }).nullable(),
  requestedBy: z.object({ type: z.string(), id: z.string().nullable() }).passthrough(),
  expiresAt: z.string(), stripeSessionId: z.string().nullable(), checkoutUrl: z.string().nullable(), paymentIntentId: z.string().nullable(),
  linkMessageId: z.string().nullable(), refundedAmount: z.number().int(), refundableAmount: z.number().int(), failureReason: z.string().nullable(),
  paidAt: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(),
}).openapi('Payment');

const PaymentDetailSchema = PaymentSchema.extend({
  timeline: z.array(z.object({ type: z.string(), from: z.string().nullable(), to: z.string().nullable(), detail: z.record(z.string(), z.unknown()).nullable(), at: z.string() })),
  refunds: z.array(z.object({
    id: z.string(), amount: z.number().int(), amountFormatted: z.string(), reason: z.string().nullable(), status: z.string(),
    stripeRefundId: z.string().nullable(), requestedBy: z.string().nullable(), createdAt: z.string(),
  })),
}).openapi('PaymentDetail');

const RefundBody = z.object({
  amount: z.number().optional().openapi({ description: 'Smallest currency unit; default: all that is left to refund.', example: 500 }),
  reason: z.string().max(500).optional(),
}).openapi('RefundRequest');

/** The public base URL, as the channel store builds webhook URLs from it. */
const publicUrlOf = (deps: FlowRouteDeps) => deps.channels.publicBaseUrl;

// A person (a signed-in user, or an agent's key) sends the link as themselves; integrations send it as Parley.
const requester = (principal: Principal) => ({ type: principal.userId || principal.role === 'agent' ? 'agent' as const : 'api' as const, id: principal.userId ?? principal.keyId });

export function paymentRoutes(deps: FlowRouteDeps) {
  const app = new OpenAPIHono<AuthEnv>();
  const commands: PaymentCommandDeps = { db: deps.db, box: deps.box, client: deps.commands.client, taskQueue: deps.commands.taskQueue };

  app.openapi(
    createRoute({
      method: 'get', path: '/settings/stripe', tags, summary: 'The account\'s Stripe connection (secrets never returned)',
      responses: { 200: json(StripeConnectionSchema, 'The connection'), ...problemResponses(401, 403) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'admin');
      return c.json(getStripeConnectionView(deps.db, deps.box, principal.accountId, publicUrlOf(deps)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put', path: '/settings/stripe', tags, summary: 'Connect Stripe: secret key and webhook signing secret, checked against Stripe',
      description: 'The key is checked by asking Stripe which account it belongs to; a key Stripe rejects gets 422 and nothing is stored. Secrets are sealed at rest.',
      request: { body: { content: { 'application/json': { schema: StripeConnectionInput } }, required: true } },
      responses: { 200: json(StripeConnectionSchema, 'The connection'), ...problemResponses(400, 401, 403, 422) },
    }),
    async (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'admin');
      await saveStripeConnection(deps.db, deps.box, principal.accountId, c.req.valid('json'));
      return c.json(getStripeConnectionView(deps.db, deps.box, principal.accountId, publicUrlOf(deps)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete', path: '/settings/stripe', tags, summary: 'Disconnect Stripe (the stored secrets are deleted)',
      responses: { 204: { description: 'Disconnected' }, ...problemResponses(401, 403, 404) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'admin');
      if (!deleteStripeConnection(deps.db, principal.accountId)) throw new ParleyError(404, 'stripe_not_connected', 'Stripe is not connected.');
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/cases/{id}/payments', tags, summary: 'Request a payment in a case',
      description: 'Starts the payment workflow: a Stripe Checkout Session (idempotency key = the payment id), its link sent into the case thread, then the outcome from Stripe\'s webhook or the link\'s expiry.',
      request: { params: IdParam('Case'), body: { content: { 'application/json': { schema: PaymentRequestBody } }, required: true } },
      responses: { 201: json(PaymentSchema, 'The payment request'), ...problemResponses(400, 401, 404, 409, 503) },
    }),
    async (c) => {
      const principal = c.get('principal');
      const parsed = parsePaymentRequest(c.req.valid('json'), { minExpiryMinutes: minExpiryMinutes() });
      if (!parsed.ok) throw new ParleyError(400, 'validation_failed', 'The payment request is not valid.', parsed.issues);
      const payment = await requestPayment(commands, principal.accountId, c.req.valid('param').id, parsed.value, requester(principal));
      return c.json(payment as any, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/payments', tags, summary: 'Payment requests, newest first',
      request: {
        query: z.object({
          status: z.string().optional().openapi({ description: `Comma-separated: ${PAYMENT_STATUS_VALUES.join(', ')}` }),
          caseId: z.string().optional(),
          ...PageQuery,
        }),
      },
      responses: { 200: json(z.object({ items: z.array(PaymentSchema), nextCursor: z.string().nullable() }), 'A page'), ...problemResponses(400, 401) },
    }),
    (c) => {
      const principal = c.get('principal');
      const { status, caseId, limit, cursor } = c.req.valid('query');
      const statuses = status ? status.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
      const unknown = statuses?.filter((s) => !(PAYMENT_STATUS_VALUES as readonly string[]).includes(s));
      if (unknown?.length) throw new ParleyError(400, 'validation_failed', 'Unknown status.', [{ path: 'status', message: `Unknown: ${unknown.join(', ')}` }]);
      return c.json(listPayments(deps.db, principal.accountId, { status: statuses as any, caseId }, { limit, cursor }) as any, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/payments/{id}', tags, summary: 'A payment request with its timeline and refunds',
      request: { params: IdParam('Payment') },
      responses: { 200: json(PaymentDetailSchema, 'The payment'), ...problemResponses(401, 404) },
    }),
    (c) => {
      const principal = c.get('principal');
      return c.json(paymentDetail(deps.db, requirePayment(deps.db, principal.accountId, c.req.valid('param').id)) as any, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/payments/{id}/refunds', tags, summary: 'Refund a paid payment, fully or in part (supervisors and admins)',
      description: 'Through the payment workflow: Stripe refunds.create with the refund id as idempotency key. The amount must not exceed what is left to refund.',
      request: { params: IdParam('Payment'), body: { content: { 'application/json': { schema: RefundBody } }, required: true } },
      responses: {
        201: json(z.object({ refundId: z.string(), stripeRefundId: z.string(), amount: z.number().int(), status: z.string(), payment: PaymentSchema }), 'The refund'),
        ...problemResponses(400, 401, 403, 404, 409, 503),
      },
    }),
    async (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'supervisor');
      const result = await refundPayment(commands, principal.accountId, c.req.valid('param').id, c.req.valid('json'), principal.userId ?? principal.keyId);
      return c.json(result as any, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/payments/{id}/cancel', tags, summary: 'Cancel a request not paid yet (its link stops working)',
      request: { params: IdParam('Payment') },
      responses: { 200: json(PaymentSchema, 'The cancelled payment'), ...problemResponses(401, 404, 409, 503) },
    }),
    async (c) => {
      const principal = c.get('principal');
      return c.json(await cancelPayment(commands, principal.accountId, c.req.valid('param').id, principal.userId ?? principal.keyId) as any, 200);
    },
  );

  return app;
}
