// What the case workspace says next to the thread: how each outbound message reached the customer
// (the channel's renderer, run again on the stored content) and the reply window ahead of time.
import { describe, expect, it } from 'vitest';
import { getManifest } from '../../connectors/manifests';
import { renderingOf } from '../../engine/workspace/message-rendering';
import { replyWindowState } from '../../engine/workspace/reply-window-state';

const quickReplies = { content: { type: 'quickReplies', text: 'Which order?', replies: [{ id: 'a', title: 'Order 1001', payload: 'A' }, { id: 'b', title: 'Order 1002', payload: 'B' }] } };

describe('per-message rendering', () => {
  it('quick replies are native on WhatsApp and sent as numbered text on SMS; inbound messages are skipped', () => {
    const thread = [{ id: 'm1', direction: 'out', content: quickReplies }, { id: 'm2', direction: 'in', content: { content: { type: 'text', text: '2' } } }];
    const wa = renderingOf('whatsapp', thread);
    expect(wa).toHaveLength(1);
    expect(wa[0]).toMatchObject({ messageId: 'm1', outcome: 'native' });
    const sms = renderingOf('sms', thread);
    expect(sms[0].outcome).toBe('fallback');
    expect(sms[0].report[0]).toMatchObject({ block: 'content', type: 'quickReplies', outcome: 'fallback' });
  });

  it('an unknown channel type or unreadable content gives no report rather than an error', () => {
    expect(renderingOf('carrier-pigeon', [{ id: 'm1', direction: 'out', content: quickReplies }])).toEqual([]);
    expect(renderingOf('whatsapp', [{ id: 'm1', direction: 'out', content: { nonsense: true } }])).toEqual([]);
  });
});

describe('reply window state', () => {
  const HOUR = 3_600_000;
  const now = Date.parse('2026-11-27T12:00:00Z');
  const whatsapp = getManifest('whatsapp')!.capabilities.replyWindow;

  it('WhatsApp: open until 24 h after the last customer message, then templates only', () => {
    const open = replyWindowState(whatsapp, 'WhatsApp', now - 2 * HOUR, now);
    expect(open).toMatchObject({ open: true, hours: 24, outsideWindow: 'templates', closesAt: '2026-11-28T10:00:00.000Z' });
    const closed = replyWindowState(whatsapp, 'WhatsApp', now - 30 * HOUR, now);
    expect(closed).toMatchObject({ open: false, closesAt: '2026-11-27T06:00:00.000Z' });
    expect(replyWindowState(whatsapp, 'WhatsApp', null, now)).toMatchObject({ open: false, closesAt: null });
  });

  it('a human agent keeps a tagged window (Messenger) and channels without a window are always open', () => {
    const tagged = replyWindowState({ hours: 24, humanAgentHours: 168, outsideWindow: 'tagged' }, 'Messenger', now - 48 * HOUR, now);
    expect(tagged).toMatchObject({ open: true, humanAgentClosesAt: '2026-12-02T12:00:00.000Z' });
    expect(replyWindowState({ hours: null, outsideWindow: 'anything' }, 'Email', null, now)).toMatchObject({ open: true, closesAt: null });
  });
});
