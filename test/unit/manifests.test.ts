import { describe, expect, it } from 'vitest';
import type { ChannelManifest, RichContentSupport } from '../../connectors/manifest';
import { activeChannelTypes, channelManifests, getManifest } from '../../connectors/manifests';
import { RICH_CONTENT_TYPES, type RichContentType } from '../../model/content/types';

/** Every channel of the product document, plus web chat, email and SMS which it names in its intro. */
const SEED_CHANNEL_TYPES = [
  'webchat', 'email', 'sms', 'facebook', 'messenger', 'x', 'x-dm', 'instagram', 'instagram-direct', 'linkedin',
  'youtube', 'google-business-messages', 'google-play', 'google-business-profile', 'app-store', 'line', 'telegram',
  'whatsapp', 'apple-messages', 'viber', 'teams', 'slack', 'wechat', 'byoc',
];

function manifest(type: string): ChannelManifest {
  const m = getManifest(type);
  if (!m) throw new Error(`no manifest for ${type}`);
  return m;
}

function support(type: string, content: RichContentType): RichContentSupport {
  const entry = manifest(type).capabilities.richContent.find((r) => r.type === content);
  if (!entry) throw new Error(`${type} does not declare ${content}`);
  return entry;
}

describe('channel registry', () => {
  it('has every seed channel, each type once', () => {
    expect(channelManifests.map((m) => m.type).sort()).toEqual([...SEED_CHANNEL_TYPES].sort());
  });

  it('looks manifests up by type', () => {
    expect(getManifest('whatsapp')?.displayName).toBe('WhatsApp');
    expect(getManifest('byoc')?.kind).toBe('custom');
    expect(getManifest('carrier-pigeon')).toBeUndefined();
  });

  it('lists retired channels as not connectable', () => {
    expect(activeChannelTypes()).not.toContain('google-business-messages');
    expect(activeChannelTypes()).toHaveLength(SEED_CHANNEL_TYPES.length - 1);
  });
});

describe.each(channelManifests.map((m) => [m.type, m] as const))('manifest %s', (_, m) => {
  it('declares every rich-content type exactly once, in the canonical order', () => {
    expect(m.capabilities.richContent.map((r) => r.type)).toEqual([...RICH_CONTENT_TYPES]);
  });

  it('sends plain text natively', () => {
    expect(m.capabilities.richContent.find((r) => r.type === 'text')?.level).toBe('native');
  });

  it('gives limits only to rendered types, as positive numbers', () => {
    for (const entry of m.capabilities.richContent) {
      if (entry.level === 'fallback') expect(entry.limits, entry.type).toBeUndefined();
      for (const value of Object.values(entry.limits ?? {})) expect(value).toBeGreaterThan(0);
    }
  });

  it('says where its facts come from (channels Parley documents)', () => {
    if (m.type === 'byoc') return; // BYOC's capabilities are whatever the integrator declares.
    for (const entry of m.capabilities.richContent) expect(entry.source, entry.type).toBeTruthy();
    expect(m.capabilities.replyWindow.source).toBeTruthy();
    expect(m.capabilities.attachments.source).toBeTruthy();
  });

  it('has consistent capabilities', () => {
    const c = m.capabilities;
    expect(m.displayName.trim()).not.toBe('');
    expect(c.agentActions.length).toBeGreaterThan(0);
    if (c.reply) expect(c.inbound && c.outbound).toBe(true);
    if (c.proactiveOutbound) expect(c.outbound).toBe(true);
    if (c.maxTextLength !== null) expect(c.maxTextLength).toBeGreaterThan(0);
    if (c.replyWindow.hours !== null) expect(c.replyWindow.hours).toBeGreaterThan(0);
    if (c.replyWindow.humanAgentHours !== undefined) expect(c.replyWindow.humanAgentHours).toBeGreaterThan(c.replyWindow.hours ?? 0);
    const byType = c.attachments.maxBytesByType;
    if (byType) expect(c.attachments.maxBytes).toBe(Math.max(...Object.values(byType)));
    if (m.status === 'retired') expect(m.retiredOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    else expect(m.retiredOn).toBeUndefined();
  });
});

describe('kinds', () => {
  it('web chat, email and SMS have their own kinds; Teams and Slack are collaboration', () => {
    expect(manifest('webchat').kind).toBe('chat');
    expect(manifest('email').kind).toBe('email');
    expect(manifest('sms').kind).toBe('sms');
    expect(manifest('teams').kind).toBe('collaboration');
    expect(manifest('slack').kind).toBe('collaboration');
  });

  it('public posts, comments and reviews are social and have no reply window', () => {
    for (const type of ['facebook', 'x', 'instagram', 'linkedin', 'youtube', 'google-play', 'google-business-profile', 'app-store']) {
      expect(manifest(type).kind, type).toBe('social');
      expect(manifest(type).capabilities.replyWindow.hours, type).toBeNull();
      expect(manifest(type).capabilities.proactiveOutbound, type).toBe(false);
    }
  });

  it('channels that publish: Facebook, X and YouTube', () => {
    expect(channelManifests.filter((m) => m.capabilities.publishing).map((m) => m.type).sort()).toEqual(['facebook', 'x', 'youtube']);
  });
});

describe('Google Business Messages is retired', () => {
  it('has status retired since 2024-07-31 and accepts nothing outbound any more', () => {
    const gbm = manifest('google-business-messages');
    expect(gbm.status).toBe('retired');
    expect(gbm.retiredOn).toBe('2024-07-31');
    expect(gbm.capabilities.replyWindow.outsideWindow).toBe('nothing');
    expect(gbm.capabilities.proactiveOutbound).toBe(false);
  });

  it('is the only retired channel', () => {
    expect(channelManifests.filter((m) => m.status === 'retired').map((m) => m.type)).toEqual(['google-business-messages']);
  });
});

describe('reply windows and proactive outbound (channels.md §24)', () => {
  it('Messenger and Instagram Direct: 24 h, human agents 7 days, then tagged messages', () => {
    for (const type of ['messenger', 'instagram-direct']) {
      expect(manifest(type).capabilities.replyWindow).toMatchObject({ hours: 24, humanAgentHours: 168, outsideWindow: 'tagged' });
      expect(manifest(type).capabilities.proactiveOutbound).toBe(false);
    }
  });

  it('WhatsApp: 24 h, then approved templates; may start conversations with templates', () => {
    expect(manifest('whatsapp').capabilities.replyWindow).toMatchObject({ hours: 24, outsideWindow: 'templates' });
    expect(manifest('whatsapp').capabilities.proactiveOutbound).toBe(true);
    expect(support('whatsapp', 'template').level).toBe('native');
  });

  it('Viber: 24 h session; WeChat: 48 h then templates', () => {
    expect(manifest('viber').capabilities.replyWindow.hours).toBe(24);
    expect(manifest('wechat').capabilities.replyWindow).toMatchObject({ hours: 48, outsideWindow: 'templates' });
  });

  it('LINE, Telegram, GBM and Apple Messages for Business cannot start conversations', () => {
    for (const type of ['line', 'telegram', 'google-business-messages', 'apple-messages']) {
      expect(manifest(type).capabilities.proactiveOutbound, type).toBe(false);
    }
  });

  it('only WhatsApp accepts template content natively', () => {
    expect(channelManifests.filter((m) => m.type !== 'byoc' && support(m.type, 'template').level !== 'fallback').map((m) => m.type)).toEqual(['whatsapp']);
  });
});

describe('native limits', () => {
  it('WhatsApp: 3 reply buttons of 20 chars, 10 list rows of 24 chars', () => {
    expect(support('whatsapp', 'buttons').limits).toMatchObject({ buttons: 3, titleChars: 20 });
    expect(support('whatsapp', 'listPicker').limits).toMatchObject({ items: 10, titleChars: 20, itemTitleChars: 24, itemDescriptionChars: 72 });
    expect(support('whatsapp', 'quickReplies').limits).toMatchObject({ buttons: 3, replies: 10 });
  });

  it('Messenger: 13 quick replies, 3 buttons, 10 generic cards', () => {
    expect(support('messenger', 'quickReplies').limits).toMatchObject({ replies: 13 });
    expect(support('messenger', 'buttons').limits).toMatchObject({ buttons: 3 });
    expect(support('messenger', 'carousel').limits).toMatchObject({ cards: 10, buttonsPerCard: 3 });
  });

  it('LINE: 13 quick replies, 4 template buttons, 10 carousel columns or 12 Flex bubbles', () => {
    expect(support('line', 'quickReplies').limits).toMatchObject({ replies: 13 });
    expect(support('line', 'buttons').limits).toMatchObject({ buttons: 4 });
    expect(support('line', 'carousel').limits).toMatchObject({ cards: 10, flexBubbles: 12 });
  });

  it('Slack: 25 actions', () => {
    expect(support('slack', 'buttons').limits).toMatchObject({ actions: 25 });
  });

  it('text lengths: SMS 1600, WhatsApp 4096, Telegram 4096, Messenger 2000, Google Play replies 350, X posts 280', () => {
    const lengths = Object.fromEntries(['sms', 'whatsapp', 'telegram', 'messenger', 'google-play', 'x'].map((t) => [t, manifest(t).capabilities.maxTextLength]));
    expect(lengths).toEqual({ sms: 1600, whatsapp: 4096, telegram: 4096, messenger: 2000, 'google-play': 350, x: 280 });
  });
});

describe('attachments', () => {
  it('LINE receives but cannot send attachments (product document)', () => {
    expect(manifest('line').capabilities.attachments).toMatchObject({ inbound: true, outbound: false });
    expect(support('line', 'attachment').level).toBe('fallback');
  });

  it('SMS: MMS media up to 10 per message, 5 MB', () => {
    expect(manifest('sms').capabilities.attachments).toMatchObject({ maxPerMessage: 10, maxBytes: 5 * 1024 * 1024 });
  });

  it('review channels take no attachments', () => {
    for (const type of ['google-play', 'google-business-profile', 'app-store']) {
      expect(manifest(type).capabilities.attachments).toMatchObject({ inbound: false, outbound: false });
    }
  });

  it('a channel that cannot send attachments never renders them natively', () => {
    for (const m of channelManifests) {
      if (!m.capabilities.attachments.outbound) expect(support(m.type, 'attachment').level, m.type).toBe('fallback');
    }
  });
});

describe('text-only channels', () => {
  it('comments, reviews and SMS render everything but text (and media) as the plain-text fallback', () => {
    for (const type of ['sms', 'facebook', 'instagram', 'linkedin', 'youtube', 'google-play', 'google-business-profile', 'app-store', 'x', 'x-dm']) {
      const rendered = manifest(type)
        .capabilities.richContent.filter((r) => r.level !== 'fallback')
        .map((r) => r.type);
      expect(rendered.filter((t) => t !== 'text' && t !== 'attachment'), type).toEqual([]);
    }
  });
});
