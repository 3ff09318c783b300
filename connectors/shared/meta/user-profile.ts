// Meta's User Profile API: `GET /{user-id}?fields=…` with the channel's token (Messenger: the Page
// access token and a PSID; Instagram: the account's token and an IGSID). Meta gives locales as
// "es_ES"; Parley stores BCP 47 ("es-ES").
import type { ConnectorDeps, ContactProfile } from '../../connector';
import { canonicalLocale } from '../../../model/i18n/locale-tag';
import { graphRequest } from './graph-request';
import type { MetaGraphConfig } from './graph-config';

export interface MetaProfileAnswer {
  first_name?: string;
  last_name?: string;
  name?: string;
  username?: string;
  locale?: string;
}

export async function fetchMetaProfile(
  config: Pick<MetaGraphConfig, 'graphApiBaseUrl' | 'graphApiVersion' | 'timeoutMs'>,
  token: string,
  userId: string,
  fields: string[],
  deps: ConnectorDeps,
): Promise<MetaProfileAnswer> {
  return graphRequest<MetaProfileAnswer>(config, deps, {
    method: 'GET', path: encodeURIComponent(userId), token, query: { fields: fields.join(',') }, what: 'read the customer\'s profile',
  });
}

/** Only what is there: a blank name or a locale Intl rejects is left out. */
export function compactProfile(name: string | undefined, locale: string | undefined): ContactProfile {
  const trimmed = name?.trim();
  const language = canonicalLocale(locale);
  return { ...(trimmed ? { name: trimmed } : {}), ...(language ? { language } : {}) };
}
