// A WeChat Official Account channel's configuration: the AppID and AppSecret (公众号 → 设置与开发 →
// 基本配置), the Token of the server configuration that signs every request WeChat sends
// (generated when omitted; the person pastes it), and the API base URL (a stand-in in tests).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { apiBaseUrlMeta, field, timeoutMeta } from '../shared/config-meta';

export const WECHAT_API_BASE_URL = 'https://api.weixin.qq.com';
export const DEFAULT_TIMEOUT_MS = 10_000;

// WeChat's server configuration: the Token is 3–32 English letters or digits.
export const TOKEN_PATTERN = /^[A-Za-z0-9]{3,32}$/;

export const wechatConfigSchema = z.strictObject({
  /** The Official Account's AppID ("wx" + 16 hex characters). */
  appId: z.string({ error: 'appId is required: the AppID of the Official Account (Settings and Development → Basic Configuration)' })
    .regex(/^wx[0-9a-f]{16}$/, 'appId must be the AppID of the Official Account: "wx" followed by 16 hex characters')
    .meta(field('AppID (开发者ID)', 'Official Account Platform → Settings and Development → Basic Configuration → AppID (wx…).')),
  /** The AppSecret, from the same page. */
  appSecret: z.string({ error: 'appSecret is required: the AppSecret of the Official Account (Basic Configuration)' })
    .regex(/^[0-9A-Za-z]{16,64}$/, 'appSecret must be the AppSecret of the Official Account (32 letters and digits)')
    .meta(field('AppSecret (开发者密码)', 'Same page, AppSecret; also add Parley\'s server IP to the IP whitelist there.')),
  /** The server configuration's Token: signs every request WeChat sends; generated when omitted. */
  token: z.string().regex(TOKEN_PATTERN, 'token must be 3–32 English letters or digits, as WeChat\'s server configuration requires').optional()
    .meta(field('Server Token (令牌)', 'The Token you enter under Server Configuration; leave empty and Parley generates one.')),
  /** API base URL, for a proxy or a test stand-in. */
  apiBaseUrl: z.url({ protocol: /^https?$/, error: 'apiBaseUrl must be an http(s) URL' }).default(WECHAT_API_BASE_URL).meta(apiBaseUrlMeta('WeChat', WECHAT_API_BASE_URL)),
  /** How long one API call may take. */
  timeoutMs: z.number().int().min(100).max(60_000).default(DEFAULT_TIMEOUT_MS).meta(timeoutMeta('WeChat')),
});

export type WeChatConfig = z.output<typeof wechatConfigSchema>;

export const WECHAT_SECRET_FIELDS = ['appSecret', 'token'] as const;

/** Fills in a server Token of 32 random letters and digits (shown once, in the create response). */
export function prepareWeChatConfig(config: WeChatConfig): WeChatConfig {
  if (config.token) return config;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const token = [...randomBytes(32)].map((b) => alphabet[b % alphabet.length]).join('');
  return { ...config, token };
}
