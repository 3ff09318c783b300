// Amounts and currencies as Stripe takes them: an integer in the currency's smallest unit (cents for
// EUR, yen for JPY), and a lower-case ISO 4217 code Stripe accepts. Pure: used by the API, the
// payment workflow's activities, the rule action and the console.

/** ISO 4217 codes Stripe accepts as presentment currencies (docs.stripe.com/currencies). */
export const STRIPE_CURRENCIES = [
  'aed', 'afn', 'all', 'amd', 'ang', 'aoa', 'ars', 'aud', 'awg', 'azn', 'bam', 'bbd', 'bdt', 'bgn', 'bhd', 'bif', 'bmd', 'bnd', 'bob',
  'brl', 'bsd', 'bwp', 'byn', 'bzd', 'cad', 'cdf', 'chf', 'clp', 'cny', 'cop', 'crc', 'cve', 'czk', 'djf', 'dkk', 'dop', 'dzd', 'egp',
  'etb', 'eur', 'fjd', 'fkp', 'gbp', 'gel', 'gip', 'gmd', 'gnf', 'gtq', 'gyd', 'hkd', 'hnl', 'htg', 'huf', 'idr', 'ils', 'inr', 'isk',
  'jmd', 'jod', 'jpy', 'kes', 'kgs', 'khr', 'kmf', 'krw', 'kwd', 'kyd', 'kzt', 'lak', 'lbp', 'lkr', 'lrd', 'lsl', 'mad', 'mdl', 'mga',
  'mkd', 'mmk', 'mnt', 'mop', 'mur', 'mvr', 'mwk', 'mxn', 'myr', 'mzn', 'nad', 'ngn', 'nio', 'nok', 'npr', 'nzd', 'omr', 'pab', 'pen',
  'pgk', 'php', 'pkr', 'pln', 'pyg', 'qar', 'ron', 'rsd', 'rub', 'rwf', 'sar', 'sbd', 'scr', 'sek', 'sgd', 'shp', 'sle', 'sos', 'srd',
  'std', 'szl', 'thb', 'tjs', 'tnd', 'top', 'try', 'ttd', 'twd', 'tzs', 'uah', 'ugx', 'usd', 'uyu', 'uzs', 'vnd', 'vuv', 'wst', 'xaf',
  'xcd', 'xof', 'xpf', 'yer', 'zar', 'zmw',
] as const;

const SUPPORTED: ReadonlySet<string> = new Set(STRIPE_CURRENCIES);

/** Currencies whose amount is in whole units: 500 JPY is `500`, not `50000`. */
export const ZERO_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set([
  'bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf',
]);

/** Three-decimal currencies: Stripe takes thousandths, and the last digit must be 0. */
export const THREE_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** Stripe's largest amount for one charge in most currencies: eight digits of the minor unit. */
export const MAX_AMOUNT = 99_999_999;

/**
 * Stripe's minimum charge per currency (docs.stripe.com/currencies#minimum-and-maximum-charge-amounts),
 * in the minor unit; other currencies: at least 1 and whatever Stripe says on creation.
 */
export const MIN_AMOUNTS: Readonly<Record<string, number>> = {
  usd: 50, eur: 50, gbp: 30, aud: 50, cad: 50, chf: 50, dkk: 250, nok: 300, sek: 300, pln: 200, czk: 1500, huf: 17500,
  jpy: 50, hkd: 400, sgd: 50, nzd: 50, mxn: 1000, brl: 50, inr: 50, aed: 200, ron: 200, bgn: 100, thb: 1000, myr: 200,
};

export function normalizeCurrency(code: string): string {
  return code.trim().toLowerCase();
}

export const isSupportedCurrency = (code: string) => SUPPORTED.has(normalizeCurrency(code));

/** Digits after the decimal point of the unit Stripe counts in. */
export function minorUnitDigits(currency: string): 0 | 2 | 3 {
  const c = normalizeCurrency(currency);
  if (ZERO_DECIMAL_CURRENCIES.has(c)) return 0;
  if (THREE_DECIMAL_CURRENCIES.has(c)) return 3;
  return 2;
}

export interface AmountIssue { path: string; message: string }

/**
 * Why `amount` (minor units) is not a valid charge in `currency`, or [] when it is. Says what a
 * decimal amount would be in minor units, because sending 12.5 for €12.50 is the usual mistake.
 */
export function amountIssues(amount: unknown, currency: string, path = 'amount'): AmountIssue[] {
  const c = normalizeCurrency(currency);
  const unit = minorUnitDigits(c);
  const code = c.toUpperCase();
  if (typeof amount !== 'number' || !Number.isFinite(amount)) return [{ path, message: 'Must be a number: the amount in the currency\'s smallest unit' }];
  if (!Number.isInteger(amount)) {
    const hint = unit === 0
      ? `${code} has no minor unit: send whole ${code}`
      : `send ${Math.round(amount * 10 ** unit)} for ${amount} ${code}`;
    return [{ path, message: `Must be an integer in the smallest currency unit (${hint})` }];
  }
  if (amount <= 0) return [{ path, message: 'Must be greater than 0' }];
  if (amount > MAX_AMOUNT) return [{ path, message: `Must be at most ${MAX_AMOUNT} (Stripe's limit for one payment)` }];
  const min = MIN_AMOUNTS[c];
  if (min !== undefined && amount < min) {
    return [{ path, message: `Stripe's minimum for ${code} is ${formatMoney(min, c)} (${min} in the smallest unit)` }];
  }
  if (unit === 3 && amount % 10 !== 0) return [{ path, message: `${code} amounts must end in 0 (Stripe rounds to hundredths)` }];
  return [];
}

/** "€12.50", "¥500", "BHD 1.250": the amount as a person reads it. */
export function formatMoney(amount: number, currency: string, locale = 'en'): string {
  const c = normalizeCurrency(currency);
  const digits = minorUnitDigits(c);
  const value = amount / 10 ** digits;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: c.toUpperCase(), minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  } catch {
    return `${value.toFixed(digits)} ${c.toUpperCase()}`;
  }
}
