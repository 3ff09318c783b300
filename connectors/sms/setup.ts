// Set-up on connecting: the Account SID and Auth Token are checked (GET the account); for a sender
// number, Parley points the number's "A message comes in" webhook at the channel (its SmsUrl) so
// nothing is left to paste; a Messaging Service's inbound URL is set in the Twilio console.
import { SetupError, type ChannelContext, type ConnectorDeps, type NextStep, type SetupContext, type SetupResult } from '../connector';
import type { SmsConfig } from './config';
import { callTwilio } from './twilio-api';
import { setupStep } from '../shared/setup-step';

interface IncomingNumbers { incoming_phone_numbers: { sid: string; phone_number: string }[] }

export async function setupSmsChannel(channel: ChannelContext<SmsConfig>, context: SetupContext, deps: ConnectorDeps): Promise<SetupResult<SmsConfig>> {
  const config = channel.config;
  await setupStep('the Account SID and Auth Token were not accepted', () => callTwilio(config, 'GET', '.json', null, deps));
  if (config.from) {
    const numbers = await setupStep(`the number ${config.from} could not be looked up`, () =>
      callTwilio<IncomingNumbers>(config, 'GET', `/IncomingPhoneNumbers.json?PhoneNumber=${encodeURIComponent(config.from!)}`, null, deps));
    const number = numbers.incoming_phone_numbers.find((n) => n.phone_number === config.from);
    if (!number) throw new SetupError(`${config.from} is not a number of Twilio account ${config.accountSid}: buy or port it there first, or give a Messaging Service.`);
    await setupStep(`the webhook of ${config.from} could not be set`, () =>
      callTwilio(config, 'POST', `/IncomingPhoneNumbers/${number.sid}.json`, { SmsUrl: context.webhookUrl, SmsMethod: 'POST' }, deps));
  }
  return { config: { webhookUrl: context.webhookUrl } };
}

export function smsNextSteps(config: SmsConfig, context: { webhookUrl: string }): NextStep[] {
  if (config.from && !config.messagingServiceSid) {
    return [{ text: `Nothing to paste: Parley set the "A message comes in" webhook of ${config.from} to this channel (HTTP POST).`, value: context.webhookUrl }];
  }
  return [{ text: 'In the Twilio console, open the Messaging Service → Integration, choose "Send a webhook" and paste this Request URL (HTTP POST).', value: context.webhookUrl }];
}
