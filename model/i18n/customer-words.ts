// The words Parley itself adds to what a customer reads (reply hints, labels, appointment and payment
// texts), in the customer's language. To add a language: write `<code>.ts` exporting a
// `CustomerWords` object (copy en.ts; the type checker and test/unit/i18n-catalogue.test.ts make sure
// no key is missing), then import it below and add it to CATALOGUES (a regional variant such as
// "es-mx" is a key of its own; customers with "es-MX" use it, others fall back to "es").
import { en, type CustomerWords } from './en';
import { es } from './es';

export type { CustomerWords } from './en';

/** Languages by primary subtag (ISO 639-1), lower case. */
export const CATALOGUES: Readonly<Record<string, CustomerWords>> = {
  en,
  es,
};

export const SOURCE_LANGUAGE = 'en';

/**
 * The catalogue for a BCP 47 locale: the exact tag ("es-MX") if a file exists for it, else its
 * language ("es"), else English. Unknown or malformed tags fall back to English rather than throwing.
 */
export function customerWords(locale: string | null | undefined): CustomerWords {
  return CATALOGUES[catalogueKey(locale)];
}

/** Which catalogue `customerWords(locale)` uses: "es-mx" when such a file were added, "es", or "en". */
export function catalogueKey(locale: string | null | undefined): string {
  if (!locale) return SOURCE_LANGUAGE;
  const tag = locale.replace(/_/g, '-').toLowerCase();
  if (Object.hasOwn(CATALOGUES, tag)) return tag;
  const language = tag.split('-')[0];
  return Object.hasOwn(CATALOGUES, language) ? language : SOURCE_LANGUAGE;
}
