// @vitest-environment happy-dom
// The snippet's side of rules' website actions (happy-dom, fake timers): after it sends events it
// asks for its visitor's commands 1, 2, 4 and 8 s later (a new send starts over), then stops; each
// command reaches its handler; nothing is asked before consent; the event batch carries a signed-in
// visitor's identity token.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VisitorCommand } from '../../model/website/visitor-commands';
import { EventSender } from '../../widget/src/event-sender';
import { VisitorCommands } from '../../widget/src/visitor-commands';

describe('visitor commands in the snippet', () => {
  let asked: number[];
  let queue: VisitorCommand[];
  let bodies: string[];
  beforeEach(() => {
    vi.useFakeTimers();
    asked = [];
    queue = [];
    bodies = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
      if (String(url).includes('/commands')) {
        asked.push(Date.now());
        const items = queue.splice(0);
        return new Response(JSON.stringify({ items }), { status: 200 });
      }
      bodies.push(String(init?.body));
      return new Response(null, { status: 202 });
    }));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const handlers = () => ({ showOffer: vi.fn(), openChat: vi.fn(), setTag: vi.fn() });

  it('asks 1, 2, 4 and 8 s after events were sent, then stops; a new send starts over', async () => {
    const commands = new VisitorCommands('https://parley.test/w/site_1', () => 'v_visitor0000000000001', () => true, handlers());
    const start = Date.now();
    commands.afterEvents();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(asked.map((t) => t - start)).toEqual([1_000, 3_000, 7_000, 15_000]);
    asked = [];
    commands.afterEvents();
    await vi.advanceTimersByTimeAsync(1_500);
    commands.afterEvents();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(asked).toHaveLength(2);
  });

  it('hands each command to its handler, and asks nothing before consent', async () => {
    const on = handlers();
    let consent = false;
    const commands = new VisitorCommands('https://parley.test/w/site_1', () => 'v_visitor0000000000001', () => consent, on);
    queue.push(
      { id: 'vc_1', kind: 'show_offer', offer: { ruleId: 'rule_1', offerId: 'help', title: 'Help?', text: '', buttons: [{ label: 'Chat', action: 'chat' }] } },
      { id: 'vc_2', kind: 'open_chat', text: 'Hi!', inCase: false },
      { id: 'vc_3', kind: 'set_tag', tag: 'vip', op: 'remove' },
    );
    await commands.fetch();
    expect(asked).toHaveLength(0);
    consent = true;
    await commands.fetch();
    expect(on.showOffer).toHaveBeenCalledWith(expect.objectContaining({ ruleId: 'rule_1', offerId: 'help' }));
    expect(on.openChat).toHaveBeenCalledWith('Hi!', false, 'vc_2');
    expect(on.setTag).toHaveBeenCalledWith('vip', 'remove');
  });

  it('event batches carry the identity token, and each send schedules the next look for commands', async () => {
    let identity: string | null = null;
    const afterSend = vi.fn();
    const events = new EventSender('https://parley.test/w/site_1/events', () => 'v_visitor0000000000001', () => true, () => ['vip'], { identity: () => identity, onFlush: afterSend });
    events.push({ type: 'chat_opened', at: Date.now(), url: 'https://shop.example/' });
    events.flush();
    identity = 'eyJhbGciOiJIUzI1NiJ9.e30.sig';
    events.push({ type: 'chat_opened', at: Date.now(), url: 'https://shop.example/' });
    events.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(bodies.map((b) => JSON.parse(b).identity)).toEqual([undefined, 'eyJhbGciOiJIUzI1NiJ9.e30.sig']);
    expect(afterSend).toHaveBeenCalledTimes(2);
  });
});
