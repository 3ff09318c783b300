// Authenticates WeChat's message POSTs and answers its URL-verification GET (channels.md §22a):
// the `signature` query parameter is sha1 over the sorted Token, timestamp and nonce. WeChat
// defines no replay window, so none is applied. Safe mode (encrypt_type=aes) is refused: Parley
// speaks plain mode only, and the reason tells the person how to switch.
import type { ChannelContext, HandshakeResponse, RawRequest, VerifyResult } from '../connector';
import type { WeChatConfig } from './config';
import { checkWeChatSignature, signedQueryOf } from './signing';

export const SAFE_MODE_REFUSAL =
  'the message is encrypted (safe mode, encrypt_type=aes): Parley reads plain mode only — set "Message encryption method" to plain text (明文模式) in the Official Account\'s server configuration';

export function verifyWeChatRequest(req: RawRequest, channel: ChannelContext<WeChatConfig>): VerifyResult {
  const query = signedQueryOf(req.url);
  const checked = checkWeChatSignature(channel.config.token, query);
  if (!checked.ok) return checked;
  // Compatible mode sends both forms; safe mode only <Encrypt>. Either way, Parley cannot read it.
  if (query.encrypt_type === 'aes' || /<Encrypt>/.test(req.body.toString('utf8'))) return { ok: false, reason: SAFE_MODE_REFUSAL };
  return { ok: true };
}

/** WeChat's URL verification: a signed GET whose `echostr` is echoed back as plain text. */
export function answerWeChatHandshake(req: RawRequest, channel: ChannelContext<WeChatConfig>): HandshakeResponse | null {
  const query = signedQueryOf(req.url);
  if (query.echostr === undefined) return null;
  const checked = checkWeChatSignature(channel.config.token, query);
  if (!checked.ok) return { status: 401, body: `WeChat URL verification refused: ${checked.reason}` };
  return { status: 200, body: query.echostr, contentType: 'text/plain' };
}
