// A Messenger customer's name and language: Graph `GET /{PSID}?fields=first_name,last_name,locale`
// with the Page access token (Messenger webhooks carry only the PSID).
import type { ConnectorDeps, ContactProfile } from '../connector';
import { compactProfile, fetchMetaProfile } from '../shared/meta/user-profile';
import type { MessengerConfig } from './config';

export async function fetchMessengerProfile(config: MessengerConfig, psid: string, deps: ConnectorDeps): Promise<ContactProfile> {
  const answer = await fetchMetaProfile(config, config.pageAccessToken, psid, ['first_name', 'last_name', 'locale'], deps);
  const name = [answer.first_name, answer.last_name].map((part) => part?.trim()).filter(Boolean).join(' ');
  return compactProfile(name || undefined, answer.locale);
}
