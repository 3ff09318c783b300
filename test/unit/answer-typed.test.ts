// Typed answers in a fallback conversation: option numbers in any script and several spellings,
// option titles regardless of case, accents and width, mapped through fallbackOptions' numbering.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fallbackOptions } from '../../model/content/fallback';
import type { ContentMessage } from '../../model/content/model';
import { digitValue, parseDigits } from '../../connectors/shared/answer/digits';
import { foldForMatch } from '../../connectors/shared/answer/match-text';
import { optionForTap, optionForText, resolveAnswer } from '../../connectors/shared/answer/resolve-answer';
import { parseTypedNumber } from '../../connectors/shared/answer/typed-number';
import { anyContentMessage } from '../fixtures/content-arbitrary';

const sent: ContentMessage = {
  content: [
    { type: 'text', text: 'Thanks for waiting.' },
    {
      type: 'quickReplies',
      text: '¿Cómo valoras el servicio?',
      replies: [
        { id: 'great', title: 'Genial', payload: 'CSAT:5' },
        { id: 'ok', title: 'Normal', payload: 'CSAT:3' },
        { id: 'si', title: 'Sí, por favor', payload: 'YES' },
      ],
    },
    {
      type: 'listPicker',
      title: 'Departamento',
      sections: [{ items: [{ id: 'tech', title: 'Técnico', subtitle: 'La app', payload: 'DEPT:TECH' }, { id: 'sales', title: 'Ventas', payload: 'DEPT:SALES' }] }],
    },
  ],
};

describe('digits in every script', () => {
  const twos: [string, string][] = [
    ['ASCII', '2'],
    ['full-width', '２'],
    ['Arabic-Indic', '٢'],
    ['Extended Arabic-Indic (Persian)', '۲'],
    ['Devanagari', '२'],
    ['Bengali', '২'],
    ['Thai', '๒'],
    ['Lao', '໒'],
    ['Myanmar', '၂'],
    ['Tamil', '௨'],
    ['Mathematical double-struck', '𝟚'],
  ];
  for (const [script, digit] of twos) it(`${script} ${digit} is 2`, () => expect(digitValue(digit)).toBe(2));

  it('reads whole numbers, also across scripts', () => {
    expect(parseDigits('١٢')).toBe(12);
    expect(parseDigits('१०')).toBe(10);
    expect(parseDigits('1٢')).toBe(12);
    expect(parseDigits('2a')).toBeNull();
    expect(parseDigits('')).toBeNull();
  });

  it('agrees with String(n) for every ASCII number', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e9 }), (n) => parseDigits(String(n)) === n));
  });
});

describe('typed option numbers', () => {
  const forms = ['2', ' 2 ', '2.', '2)', '#2', '(2)', '[2]', 'option 2', 'Option 2', 'OPTION 2', 'opción 2', 'Opción 2.', 'opcao 2', 'no. 2', 'No 2', 'nº 2', 'n° 2', 'número 2', 'Nr. 2', 'choice 2', '２', '٢', '२', '２．'];
  for (const form of forms) it(`"${form}" is option 2`, () => expect(parseTypedNumber(form)).toBe(2));

  for (const other of ['0', '2 please', 'I want 2', 'two', 'no', '', '2-3', '1.5', 'option']) {
    it(`"${other}" is not an option number`, () => expect(parseTypedNumber(other)).toBeNull());
  }
});

describe('typed answers resolve through the fallback numbering', () => {
  const options = fallbackOptions(sent);

  it('numbers continue across blocks', () => {
    expect(options.map((o) => [o.index, o.id])).toEqual([
      [1, 'great'],
      [2, 'ok'],
      [3, 'si'],
      [4, 'tech'],
      [5, 'sales'],
    ]);
  });

  it.each([
    ['4', 'tech'],
    ['٤', 'tech'],
    ['opción 5', 'sales'],
    ['genial', 'great'],
    ['GENIAL!', 'great'],
    ['tecnico', 'tech'],
    ['  TÉCNICO ', 'tech'],
    ['si por favor', 'si'],
    ['Ｖｅｎｔａｓ', 'sales'],
    ['2. Normal', 'ok'],
    ['4. Técnico – La app', 'tech'],
    ['5\n\nOn Tue, Parley <support@example.com> wrote:\n> 1. Genial', 'sales'],
  ])('%j → %s', (text, id) => {
    expect(resolveAnswer('sms', { Body: text }, { text }, sent)).toEqual({ optionId: id, payload: options.find((o) => o.id === id)!.payload, channel: 'sms', raw: { Body: text } });
  });

  it.each(['6', '0', 'maybe', 'Thanks for waiting.', '2. Ventas'])('%j picks nothing', (text) => {
    expect(optionForText(text, options)).toBeUndefined();
  });

  it('an ambiguous title picks nothing', () => {
    const twice: ContentMessage = {
      content: [
        { type: 'quickReplies', text: 'A?', replies: [{ id: 'a1', title: 'Yes', payload: 'A' }] },
        { type: 'quickReplies', text: 'B?', replies: [{ id: 'b1', title: 'yes', payload: 'B' }] },
      ],
    };
    expect(optionForText('Yes', fallbackOptions(twice))).toBeUndefined();
    expect(optionForText('2', fallbackOptions(twice))?.id).toBe('b1');
  });

  it('taps resolve by id, by "#n" and by a unique payload', () => {
    expect(optionForTap('sales', options)?.id).toBe('sales');
    expect(optionForTap('#3', options)?.id).toBe('si');
    expect(optionForTap('DEPT:TECH', options)?.id).toBe('tech');
    expect(optionForTap('nope', options)).toBeUndefined();
  });

  it('every option of any message is reachable by its number and by its id', () => {
    fc.assert(
      fc.property(anyContentMessage, (message) => {
        const all = fallbackOptions(message);
        for (const option of all) {
          expect(optionForText(String(option.index), all)?.index).toBe(option.index);
          expect(optionForTap(`#${option.index}`, all)?.index).toBe(option.index);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('folding ignores case, accents, width and edge punctuation', () => {
    expect(foldForMatch('¡Sí, POR favor!')).toBe('si por favor');
    expect(foldForMatch('Ｖｅｎｔａｓ')).toBe('ventas');
  });
});
