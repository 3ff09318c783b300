// The connectors Parley can run, by channel type. A channel type listed in connectors/manifests.ts
// without a connector here is documented (capabilities, rendering) but cannot be connected yet.
import { byocConnector } from './byoc';
import type { Connector } from './connector';
import { emailConnector } from './email';
import { smsConnector } from './sms';
import { xDmConnector } from './x-dm';
import { appleMessagesConnector } from './apple-messages';
import { instagramDirectConnector } from './instagram-direct';
import { lineConnector } from './line';
import { messengerConnector } from './messenger';
import { slackConnector } from './slack';
import { telegramConnector } from './telegram';
import { teamsConnector } from './teams';
import { wechatConnector } from './wechat';
import { viberConnector } from './viber';
import { webchatConnector } from './webchat';
import { whatsappConnector } from './whatsapp';

const connectors = new Map<string, Connector>([
  [byocConnector.manifest.type, byocConnector],
  [webchatConnector.manifest.type, webchatConnector],
  [emailConnector.manifest.type, emailConnector],
  [smsConnector.manifest.type, smsConnector],
  [xDmConnector.manifest.type, xDmConnector],
  [appleMessagesConnector.manifest.type, appleMessagesConnector],
  [telegramConnector.manifest.type, telegramConnector],
  [teamsConnector.manifest.type, teamsConnector],
  [wechatConnector.manifest.type, wechatConnector],
  [slackConnector.manifest.type, slackConnector],
  [lineConnector.manifest.type, lineConnector],
  [viberConnector.manifest.type, viberConnector],
  [messengerConnector.manifest.type, messengerConnector],
  [instagramDirectConnector.manifest.type, instagramDirectConnector],
  [whatsappConnector.manifest.type, whatsappConnector],
]);

export function getConnector(type: string): Connector | undefined {
  return connectors.get(type);
}

export function connectorTypes(): string[] {
  return [...connectors.keys()];
}
