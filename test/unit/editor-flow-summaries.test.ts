// The Flows actions' cards read as sentences: the amount a customer will pay in the currency's own
// decimals, the appointment service and the campaign by name (as loaded by the editor page), and
// the stored id when the account has no such service or campaign any more; channels by name too.
import { describe, expect, it } from 'vitest';
import { minorAmountText, nodeSummary, plannedActionText } from '../../editor/src/graph/summary';
import { catalogue } from './editor-fixtures';

const action = (name: string, input: Record<string, unknown>) => ({ id: 'a', kind: 'action' as const, action: name, input });
const named = { ...catalogue, services: { svc_1: 'Cata de café' }, campaigns: { cmp_1: 'Renovación plan' } };

describe('Flows actions on the canvas', () => {
  it('says how much a payment request asks for, in the currency\'s own unit', () => {
    expect(nodeSummary(action('request_payment', { amount: 1250, currency: 'eur', description: 'Order 42' }), catalogue)).toBe('Request 12.50 EUR · Order 42');
    // Zero-decimal currencies count whole units; three-decimal ones thousandths.
    expect(nodeSummary(action('request_payment', { amount: 500, currency: 'jpy', description: 'Sencha' }), catalogue)).toBe('Request 500 JPY · Sencha');
    expect(minorAmountText(1_234_500, 'kwd')).toBe('1,234.500 KWD');
    expect(minorAmountText(123_456, 'usd')).toBe('1,234.56 USD');
    // The schema's default currency applies until one is picked.
    expect(nodeSummary(action('request_payment', { amount: 5000, description: 'Deposit for {{contact.name}}' }), catalogue)).toBe('Request 50.00 EUR · Deposit for {{contact.name}}');
  });

  it('says what is still missing from a payment request, and clips a long description', () => {
    expect(nodeSummary(action('request_payment', {}), catalogue)).toBe('Request … EUR · no description yet');
    const long = 'A very long description of what the customer is paying for, with many words';
    const text = nodeSummary(action('request_payment', { amount: 999, currency: 'gbp', description: long }), catalogue);
    expect(text.startsWith('Request 9.99 GBP · A very long description')).toBe(true);
    expect(text.endsWith('…')).toBe(true);
    expect(text.length).toBeLessThan(60);
  });

  it('names the service an appointment offer is for and the campaign a rule starts', () => {
    expect(nodeSummary(action('offer_appointment', { serviceId: 'svc_1' }), named)).toBe('Offer appointment: Cata de café');
    expect(nodeSummary(action('start_campaign', { campaignId: 'cmp_1' }), named)).toBe('Start campaign Renovación plan');
    // The actions a run took read the same way.
    expect(plannedActionText({ kind: 'action', name: 'start_campaign', input: { campaignId: 'cmp_1' } }, named)).toBe('Start campaign Renovación plan');
  });

  it('keeps an id the account does not have, a variable, or nothing yet visible', () => {
    expect(nodeSummary(action('offer_appointment', { serviceId: 'svc_gone' }), named)).toBe('Offer appointment: svc_gone');
    expect(nodeSummary(action('start_campaign', { campaignId: '{{trigger.payload.campaign}}' }), named)).toBe('Start campaign {{trigger.payload.campaign}}');
    expect(nodeSummary(action('start_campaign', {}), catalogue)).toBe('Start campaign …');
    expect(nodeSummary(action('offer_appointment', { serviceId: 'constructor' }), named)).toBe('Offer appointment: constructor');
  });

  it('names the channels a message trigger listens on, up to two; more are counted', () => {
    const trigger = (channelIds: string[]) => ({ id: 't', kind: 'trigger' as const, trigger: 'message.created' as const, config: { direction: 'in', channelIds } });
    const withChannels = { ...catalogue, channels: { ch_1: 'Flows chat', ch_2: 'Shop WhatsApp', ch_3: 'Email' } };
    expect(nodeSummary(trigger(['ch_1']), withChannels)).toBe('Message received · inbound · Flows chat');
    expect(nodeSummary(trigger(['ch_1', 'ch_2']), withChannels)).toBe('Message received · inbound · Flows chat or Shop WhatsApp');
    expect(nodeSummary(trigger(['ch_1', 'ch_2', 'ch_3']), withChannels)).toBe('Message received · inbound · 3 channels');
    // A channel the console does not know (deleted, or the list did not load) is counted, not named.
    expect(nodeSummary(trigger(['ch_gone']), withChannels)).toBe('Message received · inbound · 1 channel');
    expect(nodeSummary(trigger(['ch_1']), catalogue)).toBe('Message received · inbound · 1 channel');
  });
});
