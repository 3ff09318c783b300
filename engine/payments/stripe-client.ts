// One configured `stripe` SDK client per call. The API's base URL is Stripe's unless the
// connection names another (tests: stripe-mock) or PARLEY_STRIPE_API_URL is set; the SDK takes it
// as host / port / protocol.
import Stripe from 'stripe';

export const STRIPE_API_URL_ENV = 'PARLEY_STRIPE_API_URL';

export interface StripeClientOptions {
  secretKey: string;
  /** e.g. http://127.0.0.1:12111; null or absent: PARLEY_STRIPE_API_URL, else api.stripe.com. */
  apiBaseUrl?: string | null;
  /** The SDK retries idempotent-safe failures itself (with the same idempotency key). */
  maxNetworkRetries?: number;
}

export function stripeClient(opts: StripeClientOptions): Stripe {
  const base = opts.apiBaseUrl || process.env[STRIPE_API_URL_ENV] || null;
  const config: ConstructorParameters<typeof Stripe>[1] = {
    maxNetworkRetries: opts.maxNetworkRetries ?? 1,
    timeout: 20_000,
    appInfo: { name: 'Parley' },
  };
  if (base) {
    const url = new URL(base);
    const protocol = url.protocol === 'http:' ? 'http' : 'https';
    Object.assign(config, { host: url.hostname, port: Number(url.port || (protocol === 'http' ? 80 : 443)), protocol });
  }
  return new Stripe(opts.secretKey, config);
}

/** What Stripe said, for an error message a person can act on. */
export function stripeErrorMessage(err: unknown): string {
  const e = err as { type?: string; message?: string; code?: string };
  return e?.message ? `${e.message}${e.code ? ` (${e.code})` : ''}` : String(err);
}

export const isStripeAuthError = (err: unknown) => (err as { type?: string })?.type === 'StripeAuthenticationError'
  || (err as { type?: string })?.type === 'StripePermissionError';
export const isStripeConnectionError = (err: unknown) => (err as { type?: string })?.type === 'StripeConnectionError';
/** A request Stripe refused as invalid: retrying the same request cannot succeed. */
export const isStripeInvalidRequest = (err: unknown) => (err as { type?: string })?.type === 'StripeInvalidRequestError'
  || isStripeAuthError(err) || (err as { type?: string })?.type === 'StripeIdempotencyError';
