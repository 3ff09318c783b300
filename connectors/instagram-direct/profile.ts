// An Instagram customer's name: Graph `GET /{IGSID}?fields=name,username` with the account's token.
// Instagram's profile has no locale, so the language stays unknown; the @username stands in for a
// missing display name.
import type { ConnectorDeps, ContactProfile } from '../connector';
import { compactProfile, fetchMetaProfile } from '../shared/meta/user-profile';
import type { InstagramDirectConfig } from './config';

export async function fetchInstagramProfile(config: InstagramDirectConfig, igsid: string, deps: ConnectorDeps): Promise<ContactProfile> {
  const answer = await fetchMetaProfile(config, config.accessToken, igsid, ['name', 'username'], deps);
  const name = answer.name?.trim() || (answer.username?.trim() ? `@${answer.username.trim()}` : undefined);
  return compactProfile(name, undefined);
}
