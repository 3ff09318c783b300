// The account's Stripe connection: secret key and webhook signing secret sealed at rest with the
// account SecretBox (like the SMTP password), checked against Stripe before they are stored.
// Secrets are never returned; the view says which key is set by its prefix and last four characters.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { stripeConnections } from '../db/schema-payments';
import { ParleyError } from '../errors';
import type { SecretBox } from '../security/secret-box';
import { isStripeAuthError, isStripeConnectionError, stripeClient, stripeErrorMessage } from './stripe-client';

interface StripeSecrets {
  secretKey: string;
  webhookSecret: string;
}

export interface StripeConnection extends StripeSecrets {
  accountId: string;
  apiBaseUrl: string | null;
  successUrl: string | null;
}

export interface StripeConnectionView {
  connected: boolean;
  /** Where to point the Stripe webhook (Dashboard → Developers → Webhooks). */
  webhookUrl: string;
  stripeAccountId: string | null;
  livemode: boolean;
  /** e.g. `sk_test_…4242`: which key is stored, never the key. */
  secretKeyHint: string | null;
  webhookSecretSet: boolean;
  apiBaseUrl: string | null;
  successUrl: string | null;
  updatedAt: string | null;
}

export interface StripeConnectionInput {
  /** Required the first time; absent keeps the stored one. */
  secretKey?: string;
  webhookSecret?: string;
  apiBaseUrl?: string | null;
  successUrl?: string | null;
}

const hint = (key: string) => `${key.slice(0, key.indexOf('_', 3) + 1 || 3)}…${key.slice(-4)}`;
export const stripeWebhookPath = (accountId: string) => `/webhooks/stripe/${accountId}`;

export function getStripeConnectionView(db: Db, box: SecretBox, accountId: string, publicUrl: string): StripeConnectionView {
  const row = db.select().from(stripeConnections).where(eq(stripeConnections.accountId, accountId)).get();
  const webhookUrl = `${publicUrl}${stripeWebhookPath(accountId)}`;
  if (!row) {
    return { connected: false, webhookUrl, stripeAccountId: null, livemode: false, secretKeyHint: null, webhookSecretSet: false, apiBaseUrl: null, successUrl: null, updatedAt: null };
  }
  const secrets = box.open<StripeSecrets>(row.secrets);
  return {
    connected: true, webhookUrl, stripeAccountId: row.stripeAccountId, livemode: row.livemode,
    secretKeyHint: hint(secrets.secretKey), webhookSecretSet: Boolean(secrets.webhookSecret),
    apiBaseUrl: row.apiBaseUrl, successUrl: row.successUrl, updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

/** The connection with its secrets, for the payment activities and the webhook; null when not connected. */
export function getStripeConnection(db: Db, box: SecretBox, accountId: string): StripeConnection | null {
  const row = db.select().from(stripeConnections).where(eq(stripeConnections.accountId, accountId)).get();
  if (!row) return null;
  return { accountId, ...box.open<StripeSecrets>(row.secrets), apiBaseUrl: row.apiBaseUrl, successUrl: row.successUrl };
}

export function requireStripeConnection(db: Db, box: SecretBox, accountId: string): StripeConnection {
  const connection = getStripeConnection(db, box, accountId);
  if (!connection) {
    throw new ParleyError(409, 'stripe_not_connected', 'Connect Stripe first (Settings → Payments, or PUT /api/v1/settings/stripe): this account has no Stripe key.');
  }
  return connection;
}

/** Checks the key against Stripe (who does it belong to?) and stores the connection sealed. */
export async function saveStripeConnection(db: Db, box: SecretBox, accountId: string, input: StripeConnectionInput) {
  const current = getStripeConnection(db, box, accountId);
  const secretKey = input.secretKey ?? current?.secretKey;
  const webhookSecret = input.webhookSecret ?? current?.webhookSecret;
  const issues = [
    ...(!secretKey ? [{ path: 'secretKey', message: 'Required: the secret key (sk_…) or a restricted key (rk_…) from the Stripe Dashboard' }] : []),
    ...(!webhookSecret ? [{ path: 'webhookSecret', message: 'Required: the webhook endpoint\'s signing secret (whsec_…)' }] : []),
  ];
  if (issues.length) throw new ParleyError(400, 'validation_failed', 'The Stripe connection is incomplete.', issues);
  const apiBaseUrl = input.apiBaseUrl === undefined ? current?.apiBaseUrl ?? null : input.apiBaseUrl;
  const successUrl = input.successUrl === undefined ? current?.successUrl ?? null : input.successUrl;

  let stripeAccountId: string | null = null;
  const livemode = secretKey!.includes('_live_');
  try {
    // Who the key belongs to: proves the key works (a wrong or revoked key is refused here, not at the first payment).
    const account = await stripeClient({ secretKey: secretKey!, apiBaseUrl, maxNetworkRetries: 0 }).accounts.retrieveCurrent();
    stripeAccountId = account.id;
  } catch (err) {
    if (isStripeAuthError(err)) {
      throw new ParleyError(422, 'stripe_key_rejected', `Stripe rejected the secret key: ${stripeErrorMessage(err)}`, [{ path: 'secretKey', message: 'Stripe rejected this key' }]);
    }
    if (isStripeConnectionError(err)) {
      throw new ParleyError(422, 'stripe_unreachable', `Stripe could not be reached to check the key (${stripeErrorMessage(err)}); nothing was saved.`, [{ path: 'apiBaseUrl', message: 'unreachable' }]);
    }
    throw new ParleyError(422, 'stripe_check_failed', `Stripe did not accept the key check: ${stripeErrorMessage(err)}`, [{ path: 'secretKey', message: 'check failed' }]);
  }
  const now = Date.now();
  const values = { secrets: box.seal({ secretKey: secretKey!, webhookSecret: webhookSecret! } satisfies StripeSecrets), stripeAccountId, livemode, apiBaseUrl, successUrl, updatedAt: now };
  db.insert(stripeConnections).values({ accountId, ...values, createdAt: now })
    .onConflictDoUpdate({ target: stripeConnections.accountId, set: values }).run();
}

export function deleteStripeConnection(db: Db, accountId: string): boolean {
  return db.delete(stripeConnections).where(eq(stripeConnections.accountId, accountId)).run().changes > 0;
}
