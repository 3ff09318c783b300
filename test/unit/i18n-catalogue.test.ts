import { describe, expect, it } from 'vitest';
import { CATALOGUES, catalogueKey, customerWords } from '../../model/i18n/customer-words';
import { en } from '../../model/i18n/en';
import { canonicalLocale } from '../../model/i18n/locale-tag';

/** Every leaf of a catalogue as "path: kind" (a string, or a function with its arity). */
function leaves(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return [`${path}: string`];
  if (typeof value === 'function') return [`${path}: function/${value.length}`];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
}

/** Calls every function leaf with sample arguments: what a customer would read. */
function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'function') return [(value as (...a: unknown[]) => string)('X', 'Y', 'Z')];
  return Object.values(value as Record<string, unknown>).flatMap(texts);
}

describe('customer words catalogue', () => {
  it('has every English key, with the same shape, in every language', () => {
    const source = leaves(en).sort();
    expect(source.length).toBeGreaterThan(30);
    for (const [language, words] of Object.entries(CATALOGUES)) {
      expect(leaves(words).sort(), `catalogue "${language}"`).toEqual(source);
      for (const text of texts(words)) expect(text.trim(), `a text of "${language}"`).not.toBe('');
    }
  });

  it('ships Spanish, with its own words for what a customer reads most', () => {
    const es = customerWords('es');
    expect(es.replyHint).toBe('Responde con el número o la opción.');
    expect(es.timesIn('Europe/Madrid')).toBe('Horas en Europe/Madrid:');
    expect(es.appointment.cancel).toBe('Cancelar');
    expect(es.payment.paid('12,00 €', 'Pedido 42')).toBe('Pago recibido: 12,00 € por Pedido 42. ¡Gracias!');
  });

  it('falls back from a regional tag to its language, then to English', () => {
    expect(catalogueKey('es-MX')).toBe('es');
    expect(catalogueKey('es_ES')).toBe('es');
    expect(catalogueKey('ES')).toBe('es');
    expect(catalogueKey('fr-FR')).toBe('en');
    expect(catalogueKey(undefined)).toBe('en');
    expect(catalogueKey('')).toBe('en');
    // Not a language, just an object key: never a prototype property.
    expect(catalogueKey('constructor')).toBe('en');
    expect(customerWords('es-MX').replyHint).toBe('Responde con el número o la opción.');
    expect(customerWords('de').replyHint).toBe('Reply with the number or the option.');
  });

  it('canonicalises language tags the way providers send them, and refuses what is not one', () => {
    expect(canonicalLocale('es')).toBe('es');
    expect(canonicalLocale('es_ES')).toBe('es-ES');
    expect(canonicalLocale('pt-br')).toBe('pt-BR');
    expect(canonicalLocale(' EN ')).toBe('en');
    expect(canonicalLocale('')).toBeNull();
    expect(canonicalLocale('not a language')).toBeNull();
    expect(canonicalLocale('e')).toBeNull();
    expect(canonicalLocale(undefined)).toBeNull();
  });
});
