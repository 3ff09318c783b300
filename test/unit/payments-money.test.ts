// Amounts in the smallest currency unit and currencies Stripe accepts: what a request may ask for,
// and the field errors a caller sees when it gets the unit or the currency wrong.
import { describe, expect, it } from 'vitest';
import { amountIssues, formatMoney, minorUnitDigits } from '../../model/payments/money';
import { parsePaymentRequest, refundIssues } from '../../model/payments/payment-request';

const base = { amount: 1250, currency: 'EUR', description: 'Order 42' };
const issuesOf = (input: unknown, opts = {}) => {
  const r = parsePaymentRequest(input, opts);
  return r.ok ? [] : r.issues;
};

describe('money', () => {
  it('knows zero- and three-decimal currencies', () => {
    expect([minorUnitDigits('eur'), minorUnitDigits('JPY'), minorUnitDigits('krw'), minorUnitDigits('kwd')]).toEqual([2, 0, 0, 3]);
  });

  it('formats minor units as a person reads them', () => {
    expect(formatMoney(1250, 'eur')).toBe('€12.50');
    expect(formatMoney(500, 'jpy')).toBe('¥500');
    expect(formatMoney(1250, 'kwd').replace(/\s/g, ' ')).toBe('KWD 1.250');
  });

  it('says what a decimal amount would be in minor units', () => {
    expect(amountIssues(12.5, 'eur')[0].message).toMatch(/integer in the smallest currency unit \(send 1250 for 12.5 EUR\)/);
    expect(amountIssues(500.5, 'jpy')[0].message).toMatch(/JPY has no minor unit/);
  });

  it('refuses zero, negatives, over Stripe\'s maximum, under its minimum, and 3-decimal amounts not ending in 0', () => {
    expect(amountIssues(0, 'eur')[0].message).toMatch(/greater than 0/);
    expect(amountIssues(-100, 'eur')[0].message).toMatch(/greater than 0/);
    expect(amountIssues(100_000_000, 'eur')[0].message).toMatch(/at most 99999999/);
    expect(amountIssues(49, 'usd')[0].message).toMatch(/minimum for USD is \$0.50/);
    expect(amountIssues(1255, 'kwd')[0].message).toMatch(/must end in 0/);
    expect(amountIssues(50, 'jpy')).toEqual([]);
    expect(amountIssues(1250, 'kwd')).toEqual([]);
  });
});

describe('payment request', () => {
  it('accepts a valid request, lower-cases the currency and defaults the expiry to an hour', () => {
    const r = parsePaymentRequest(base);
    expect(r).toEqual({ ok: true, value: { amount: 1250, currency: 'eur', description: 'Order 42', lineItems: null, expiresInMinutes: 60, onPaid: null } });
  });

  it('refuses an unknown currency and a decimal amount with field paths', () => {
    expect(issuesOf({ ...base, currency: 'XYZ' })).toEqual([{ path: 'currency', message: expect.stringMatching(/not an ISO 4217 currency Stripe accepts/) }]);
    expect(issuesOf({ ...base, amount: 12.5 })).toEqual([{ path: 'amount', message: expect.stringMatching(/send 1250/) }]);
    expect(issuesOf({ ...base, amount: '1250' })[0].path).toBe('amount');
    expect(issuesOf({ ...base, description: '' })[0].path).toBe('description');
  });

  it('keeps the expiry within Stripe\'s 30 minutes to 24 hours, unless a test lowers the minimum', () => {
    expect(issuesOf({ ...base, expiresInMinutes: 10 })).toEqual([{ path: 'expiresInMinutes', message: 'Must be between 30 and 1440 minutes (Stripe\'s limits for a checkout link)' }]);
    expect(issuesOf({ ...base, expiresInMinutes: 1441 })[0].path).toBe('expiresInMinutes');
    expect(issuesOf({ ...base, expiresInMinutes: 0.05 }, { minExpiryMinutes: 0.01 })).toEqual([]);
  });

  it('takes the amount from line items, or checks it against them', () => {
    const items = [{ name: 'Shirt', unitAmount: 1000, quantity: 2 }, { name: 'Shipping', unitAmount: 250 }];
    const r = parsePaymentRequest({ currency: 'eur', description: 'Order', lineItems: items });
    expect(r.ok && r.value.amount).toBe(2250);
    expect(issuesOf({ ...base, lineItems: items })).toEqual([{ path: 'amount', message: 'Must equal the line items\' total (2250)' }]);
    expect(issuesOf({ currency: 'eur', description: 'x', lineItems: [{ name: 'A', unitAmount: 9.99 }] })[0].path).toBe('lineItems.0.unitAmount');
    expect(issuesOf({ currency: 'eur', description: 'x' })).toEqual([{ path: 'amount', message: 'Required (or give line items)' }]);
  });

  it('checks refund amounts against what is left', () => {
    expect(refundIssues(500, 1250)).toEqual([]);
    expect(refundIssues(1251, 1250)[0].message).toMatch(/at most 1250/);
    expect(refundIssues(1.5, 1250)[0].message).toMatch(/integer/);
    expect(refundIssues(-1, 1250)[0].message).toMatch(/greater than 0/);
  });
});
