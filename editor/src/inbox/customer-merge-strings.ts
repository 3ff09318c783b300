// The customer panel's merge words (issue #10), English and Spanish, chosen like the inbox's (strings.ts).
import { lang } from './strings';

const en = {
  mergeOpen: 'Merge with another customer…',
  mergeTitle: 'Merge with another customer',
  mergeSearchHint: 'Find the other card of the same person: name, email, phone or an id on a channel.',
  mergeSearchLabel: 'Search customers',
  mergeSearchPlaceholder: 'Name, email, phone, channel id',
  mergeNoResults: 'No other customer matches.',
  mergeConfirmTitle: 'Merge these customer cards?',
  mergeConfirmHint: '{kept} stays. The identities, cases and missing details of {other} move to it; that card is then deleted.',
  mergeKeeps: 'Stays',
  mergeMoves: 'Merged into it',
  mergeConflicts: 'Both cards have a value: {kept}’s is kept',
  mergeDropped: 'dropped: {value}',
  mergeCases: '{n} cases',
  mergeCase: '1 case',
  mergeBack: 'Back',
  mergeCancel: 'Cancel',
  mergeConfirm: 'Merge cards',
  mergeDone: 'Cards merged: {identities} and {cases} moved here.',
  mergeIdentity: '1 identity',
  mergeIdentities: '{n} identities',
  unknown: 'Unknown customer',
};

const es: typeof en = {
  mergeOpen: 'Fusionar con otro cliente…',
  mergeTitle: 'Fusionar con otro cliente',
  mergeSearchHint: 'Busca la otra ficha de la misma persona: nombre, correo, teléfono o un id en un canal.',
  mergeSearchLabel: 'Buscar clientes',
  mergeSearchPlaceholder: 'Nombre, correo, teléfono, id de canal',
  mergeNoResults: 'Ningún otro cliente coincide.',
  mergeConfirmTitle: '¿Fusionar estas fichas de cliente?',
  mergeConfirmHint: 'Se conserva {kept}. Las identidades, casos y datos que faltan de {other} pasan a ella; después esa ficha se elimina.',
  mergeKeeps: 'Se conserva',
  mergeMoves: 'Se fusiona en ella',
  mergeConflicts: 'Las dos fichas tienen un valor: se conserva el de {kept}',
  mergeDropped: 'se descarta: {value}',
  mergeCases: '{n} casos',
  mergeCase: '1 caso',
  mergeBack: 'Atrás',
  mergeCancel: 'Cancelar',
  mergeConfirm: 'Fusionar fichas',
  mergeDone: 'Fichas fusionadas: {identities} y {cases} movidos aquí.',
  mergeIdentity: '1 identidad',
  mergeIdentities: '{n} identidades',
  unknown: 'Cliente desconocido',
};

export type MergeStringKey = keyof typeof en;
const table = lang === 'es' ? es : en;

export function mt(key: MergeStringKey, vars: Record<string, string | number> = {}): string {
  return table[key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

export const mergeStringTables = { en, es };
