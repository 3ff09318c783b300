// A typed option number: "2", "2.", "2)", "#2", "(2)", "no. 2", "option 2", "opción 2", "２", "٢", "२".
import { parseDigits } from './digits';

// Words people put before an option number, in the languages Parley's customers write most.
const PREFIX_WORDS = [
  'option', 'opt', 'choice', 'number', 'num', 'no', 'nr', 'n',
  'opcion', 'opcao', 'opzione', 'optie', 'numero', 'nummer', 'nro', 'wahl', 'auswahl',
];

// Longest first, so "numero" is not read as "num" + "ero".
const PREFIX = new RegExp(
  `^(?:(?:${[...PREFIX_WORDS].sort((a, b) => b.length - a.length).join('|')})\\.?\\s*)?(?:[#№º°]\\s*)?`,
  'u',
);

/** The option number the whole reply spells, or null when the reply is anything else. */
export function parseTypedNumber(text: string): number | null {
  let s = text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .trim();
  s = s.replace(/^[([{]\s*(.*?)\s*[)\]}]$/u, '$1');
  s = s.replace(/[\s.)\]:!,;。、]+$/u, '').replace(PREFIX, '').trim();
  s = s.replace(/^[([{]\s*(.*?)\s*[)\]}]$/u, '$1');
  const value = parseDigits(s);
  return value !== null && value > 0 ? value : null;
}
