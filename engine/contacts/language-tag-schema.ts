// The API's field for a language: a BCP 47 tag Intl accepts ("es", "pt-BR"); stored canonical.
import { z } from '@hono/zod-openapi';
import { canonicalLocale } from '../../model/i18n/locale-tag';

export const LanguageTag = z.string().max(35)
  .refine((tag) => canonicalLocale(tag) !== null, { message: 'A BCP 47 language tag such as "es", "en-GB" or "pt-BR"' })
  .openapi({ example: 'es', description: 'BCP 47 language tag (validated with Intl.getCanonicalLocales; stored canonical).' });

/** The stored form of a validated tag (null stays null: "not set"). */
export const storedLanguage = (tag: string | null): string | null => (tag === null ? null : canonicalLocale(tag));
