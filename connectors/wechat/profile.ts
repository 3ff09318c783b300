// A WeChat follower's name and language: `GET /cgi-bin/user/info?access_token&openid&lang=en` with
// the cached access token. WeChat gives languages as "zh_CN"; Parley stores BCP 47 ("zh-CN"). Since
// 2021 WeChat may leave nickname and language out for some accounts: then nothing is learned.
import type { ConnectorDeps, ContactProfile } from '../connector';
import { canonicalLocale } from '../../model/i18n/locale-tag';
import { getWithToken } from './official-api';
import type { WeChatConfig } from './config';

export async function fetchWeChatProfile(config: WeChatConfig, openId: string, deps: ConnectorDeps): Promise<ContactProfile> {
  const answer = await getWithToken(config, '/cgi-bin/user/info', { openid: openId, lang: 'en' }, deps) as { nickname?: string; language?: string; subscribe?: number };
  const name = answer.nickname?.trim();
  const language = canonicalLocale(answer.language);
  return { ...(name ? { name } : {}), ...(language ? { language } : {}) };
}
