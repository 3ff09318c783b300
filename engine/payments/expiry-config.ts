// The shortest payment-link expiry accepted. Stripe's own minimum is 30 minutes; tests set
// PARLEY_PAYMENTS_MIN_EXPIRY_MINUTES (e.g. 0.05 = 3 s) to watch a link expire without waiting: the
// workflow's timer then fires at the short deadline and expires the Stripe session explicitly
// (the session itself is created with Stripe's 30-minute minimum). Never set it in production.
export const MIN_EXPIRY_ENV = 'PARLEY_PAYMENTS_MIN_EXPIRY_MINUTES';

export function minExpiryMinutes(): number | undefined {
  const value = Number(process.env[MIN_EXPIRY_ENV]);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
