// Set-up on channel creation (and config change): an access token proves the AppID and AppSecret
// (and that Parley's IP is on the allow-list). WeChat has no API to set the server URL: the person
// pastes the URL and Token in the Official Account's server configuration, in plain mode.
import { SendError, SetupError, type ChannelContext, type ConnectorDeps, type NextStep } from '../connector';
import type { WeChatConfig } from './config';
import { requestAccessToken } from './official-api';

export async function setupWeChatChannel(channel: ChannelContext<WeChatConfig>, _context: unknown, deps: ConnectorDeps): Promise<void> {
  try {
    await requestAccessToken(channel.config, deps);
  } catch (err) {
    if (err instanceof SendError) throw new SetupError(`the AppID and AppSecret were not accepted: ${err.message}`);
    throw err;
  }
}

export function wechatNextSteps(_config: WeChatConfig, context: { webhookUrl: string }): NextStep[] {
  return [
    { text: 'In the Official Account platform, open Settings and Development → Basic Configuration → Server Configuration, and paste this as the server URL.', value: context.webhookUrl },
    { text: 'Paste the channel\'s Token as the Token: the one you gave, or the one Parley generated (shown once, as generatedSecrets.token, when the channel was created). Let WeChat generate the EncodingAESKey.' },
    { text: 'Choose "Plain text mode" (明文模式) as the message encryption method, then enable the server configuration; WeChat checks the URL at once.' },
    { text: 'Add the public IP address Parley calls WeChat from to the IP allow-list on the same page, or WeChat refuses the access token.' },
  ];
}
