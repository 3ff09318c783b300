// The console's one dictionary (editor/src/i18n.ts): Spanish has every English key and no other,
// no empty words, the same {placeholders}, and t() fills them.
import { describe, expect, it } from 'vitest';
import { dictionaries, t } from '../../editor/src/i18n';

const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();

describe('console dictionary', () => {
  const { en, es } = dictionaries;

  it('has the same keys in English and Spanish', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
  });

  it('has no empty word and the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(en[key].trim(), key).not.toBe('');
      expect(es[key].trim(), key).not.toBe('');
      expect(placeholders(es[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('groups every key under a screen', () => {
    for (const key of Object.keys(en)) expect(key, key).toMatch(/^[a-z][A-Za-z]*\.[\w.]+$/);
  });

  it('fills placeholders and leaves unknown ones as written (Node has no browser language: English)', () => {
    expect(t('inbox.opened', { time: '14:02' })).toBe('opened 14:02');
    expect(t('inbox.option')).toBe('Option {n}');
  });
});
