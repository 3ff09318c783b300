import { describe, expect, it } from 'vitest';
import { getManifest } from '../../connectors/manifests';
import type { ContentMessage } from '../../model/content/model';
import { checkReplyWindow } from '../../engine/cases/reply-window';

const HOUR = 3_600_000;
const now = Date.UTC(2026, 10, 25, 12);
const text: ContentMessage = { content: { type: 'text', text: 'Hello', format: 'plain' } } as ContentMessage;
const template: ContentMessage = { content: { type: 'template', name: 'order_update', language: 'en' } } as unknown as ContentMessage;
const windowOf = (type: string) => getManifest(type)!.capabilities.replyWindow;
const check = (type: string, hoursAgo: number | null, content = text, byHuman = true) =>
  checkReplyWindow(windowOf(type), { channelName: getManifest(type)!.displayName, lastInboundAt: hoursAgo === null ? null : now - hoursAgo * HOUR, now, content, byHuman });

describe('reply windows', () => {
  it('Messenger: anything within 24 h; a human agent with the HUMAN_AGENT tag up to 7 days; then nothing', () => {
    expect(check('messenger', 23)).toEqual({ allowed: true });
    expect(check('messenger', 30)).toEqual({ allowed: true, tag: 'HUMAN_AGENT' });
    expect(check('messenger', 30, text, false)).toMatchObject({ allowed: false });
    const late = check('messenger', 8 * 24);
    expect(late.allowed).toBe(false);
    expect(!late.allowed && late.reason).toMatch(/24-hour reply window closed 7 days ago.*7 days/);
  });

  it('Instagram Direct follows the same Messenger Platform policy', () => {
    expect(check('instagram-direct', 100)).toEqual({ allowed: true, tag: 'HUMAN_AGENT' });
  });

  it('WhatsApp: 24 h, then approved templates only', () => {
    expect(check('whatsapp', 2)).toEqual({ allowed: true });
    const refused = check('whatsapp', 25);
    expect(refused.allowed).toBe(false);
    expect(!refused.allowed && refused.reason).toMatch(/WhatsApp's 24-hour reply window closed 1 h ago: only an approved template/);
    expect(check('whatsapp', 25, template)).toEqual({ allowed: true });
    expect(check('whatsapp', null, template)).toEqual({ allowed: true });
  });

  it('channels without a window (email, SMS) always allow a reply', () => {
    expect(check('email', 24 * 365)).toEqual({ allowed: true });
    expect(check('sms', null)).toEqual({ allowed: true });
  });
});
