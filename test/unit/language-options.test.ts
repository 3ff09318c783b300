// The console's language choices (issue #9): the languages Parley has words for first, any BCP 47
// tag typed in, and a plain statement when Parley has no words in the chosen language.
import { describe, expect, it } from 'vitest';
import { CATALOGUES } from '../../model/i18n/customer-words';
import { hasWords, languageLabel, languageOptions, typedLanguage } from '../../editor/src/settings/language-options';

describe('language options', () => {
  it('lists every language Parley has words for, in its own name with its tag', () => {
    const options = languageOptions(null);
    expect(options.map((o) => o.tag)).toEqual(Object.keys(CATALOGUES));
    expect(options.find((o) => o.tag === 'es')?.label).toBe('Español (es)');
    expect(options.find((o) => o.tag === 'en')?.label).toBe('English (en)');
    expect(options.every((o) => o.hasWords)).toBe(true);
  });

  it('keeps a stored tag Parley has no words for as a choice, and says customers read English', () => {
    const options = languageOptions('pt-BR');
    expect(options.at(-1)).toEqual({ tag: 'pt-BR', label: 'Português (Brasil) (pt-BR)', hasWords: false });
    expect(languageOptions('es').length).toBe(Object.keys(CATALOGUES).length);
    expect(hasWords('es-MX')).toBe(true); // falls back to the Spanish words
    expect(hasWords('en-GB')).toBe(true);
    expect(hasWords('fr')).toBe(false);
  });

  it('accepts any BCP 47 tag typed, canonical, and refuses what is not one', () => {
    expect(typedLanguage('pt_br')).toBe('pt-BR');
    expect(typedLanguage(' DE-ch ')).toBe('de-CH');
    expect(typedLanguage('not a tag')).toBeNull();
    expect(typedLanguage('')).toBeNull();
    expect(languageLabel('xx-invalid-!')).toBe('xx-invalid-!');
  });
});
