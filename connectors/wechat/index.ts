// WeChat Official Accounts (plain mode): signed XML messages in, answered "success" at once;
// replies through the customer-service message API with a cached access token; files both ways
// through the temporary media API (media-download.ts, media-upload.ts). Set-up checks the
// AppID and AppSecret; the person pastes the URL and Token in the server configuration.
import type { Connector } from '../connector';
import { fetchWeChatProfile } from './profile';
import { WECHAT_SECRET_FIELDS, prepareWeChatConfig, wechatConfigSchema, type WeChatConfig } from './config';
import { wechatManifest } from './manifest';
import { downloadWeChatMedia } from './media-download';
import { parseWeChatRequest } from './parse';
import { sendWeChatMessage } from './send';
import { setupWeChatChannel, wechatNextSteps } from './setup';
import { answerWeChatHandshake, verifyWeChatRequest } from './verify';

export const wechatConnector: Connector<WeChatConfig> = {
  manifest: wechatManifest,
  configSchema: wechatConfigSchema,
  secretFields: WECHAT_SECRET_FIELDS,
  prepareConfig: prepareWeChatConfig,
  handshake: answerWeChatHandshake,
  verify: verifyWeChatRequest,
  parse: parseWeChatRequest,
  // WeChat waits 5 s for an answer, then retries and tells the user the account is unavailable:
  // "success" says Parley took the message and will reply through the customer-service API.
  webhookResponse: () => ({ status: 200, contentType: 'text/plain', body: 'success' }),
  send: sendWeChatMessage,
  fetchMedia: downloadWeChatMedia,
  fetchProfile: fetchWeChatProfile,
  setup: setupWeChatChannel,
  nextSteps: wechatNextSteps,
  // WeChat publishes daily quotas, not a per-second rate, for the customer-service API: stay gentle.
  rateLimit: { perSecond: 10, burst: 20 },
};

export type { WeChatConfig } from './config';
