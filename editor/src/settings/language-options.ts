// The languages offered for the words Parley adds to what a customer reads (issue #9): first the
// ones Parley has words for (model/i18n/customer-words.ts), then whatever BCP 47 tag a person types.
// Pure, so it is unit-tested (test/unit/language-options.test.ts).
import { CATALOGUES, catalogueKey } from '../../../model/i18n/customer-words';
import { canonicalLocale } from '../../../model/i18n/locale-tag';

export interface LanguageOption { tag: string; label: string; hasWords: boolean }

/** "Español (es)": the language's own name (Intl), then its tag. */
export function languageLabel(tag: string): string {
  try {
    const name = new Intl.DisplayNames([tag], { type: 'language' }).of(tag);
    return name && name.toLowerCase() !== tag.toLowerCase() ? `${name[0].toUpperCase()}${name.slice(1)} (${tag})` : tag;
  } catch {
    return tag;
  }
}

/** Parley has its own words for this tag (or its language); otherwise customers read English. */
export const hasWords = (tag: string) => catalogueKey(tag) !== 'en' || tag.toLowerCase().split('-')[0] === 'en';

/** The known languages, plus `current` when it is another tag (so the select can show it). */
export function languageOptions(current: string | null): LanguageOption[] {
  const known = Object.keys(CATALOGUES).map((tag) => ({ tag, label: languageLabel(tag), hasWords: true }));
  if (current && !known.some((o) => o.tag.toLowerCase() === current.toLowerCase())) known.push({ tag: current, label: languageLabel(current), hasWords: hasWords(current) });
  return known;
}

/** A typed tag, canonical ("pt_br" → "pt-BR"), or null when it is not a BCP 47 tag. */
export const typedLanguage = (text: string): string | null => canonicalLocale(text);
