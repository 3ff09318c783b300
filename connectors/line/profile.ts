// A LINE customer's name and language: `GET /v2/bot/profile/{userId}` with the channel access token
// (displayName; `language` only when the user agreed to share it).
import type { ConnectorDeps, ContactProfile } from '../connector';
import { canonicalLocale } from '../../model/i18n/locale-tag';
import { callLineApi } from './messaging-api';
import type { LineConfig } from './config';

interface LineProfileAnswer {
  userId?: string;
  displayName?: string;
  language?: string;
}

export async function fetchLineProfile(config: LineConfig, userId: string, deps: ConnectorDeps): Promise<ContactProfile> {
  const { json } = await callLineApi<LineProfileAnswer>(config, { method: 'GET', path: `/v2/bot/profile/${encodeURIComponent(userId)}` }, deps);
  const name = json?.displayName?.trim();
  const language = canonicalLocale(json?.language);
  return { ...(name ? { name } : {}), ...(language ? { language } : {}) };
}
