// The language picker's words, English and Spanish, chosen like the inbox's (inbox/strings.ts).
import { lang } from '../inbox/strings';

const en = {
  other: 'Other language…',
  otherLabel: 'Language tag (BCP 47)',
  otherPlaceholder: 'e.g. pt-BR, fr, de-CH',
  set: 'Set',
  cancel: 'Cancel',
  invalid: 'Not a language tag: try "fr", "pt-BR" or "de-CH".',
  noWords: 'Parley has no words in this language yet: customers read English.',
  saved: 'Language saved',
  customerLanguage: 'Language',
  customerLanguageLabel: 'Language of the words Parley adds for this customer',
  customerAutomatic: 'Automatic',
  customerLanguageHelp: 'Reply hints, confirmations and dates Parley adds to messages.',
};
const es: typeof en = {
  other: 'Otro idioma…',
  otherLabel: 'Etiqueta de idioma (BCP 47)',
  otherPlaceholder: 'p. ej. pt-BR, fr, de-CH',
  set: 'Aplicar',
  cancel: 'Cancelar',
  invalid: 'No es una etiqueta de idioma: prueba "fr", "pt-BR" o "de-CH".',
  noWords: 'Parley aún no tiene textos en este idioma: el cliente los leerá en inglés.',
  saved: 'Idioma guardado',
  customerLanguage: 'Idioma',
  customerLanguageLabel: 'Idioma de los textos que Parley añade para este cliente',
  customerAutomatic: 'Automático',
  customerLanguageHelp: 'Indicaciones de respuesta, confirmaciones y fechas que Parley añade a los mensajes.',
};

export const lt = (key: keyof typeof en): string => (lang === 'es' ? es : en)[key];
