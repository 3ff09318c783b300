// Website actions of the rule editor (show an offer, open the chat, set a visitor tag), against the
// real HTTP app and SQLite (no Temporal): each queues a command for the visitor of the triggering
// visitor event; the snippet's GET /w/{siteId}/commands hands each out once, never after it expired,
// only to the site's allowed origins; bad input gets a clear 400. A signed-in visitor's events
// (identity token in the batch) find their web chat case; a forged token refuses the batch whole.
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelStore } from '../../engine/channels/channel-store';
import { queueVisitorCommand, takeVisitorCommands } from '../../engine/website/visitor-commands';
import { ACTIONS_BY_TYPE } from '../../model/rules/actions';
import type { RuleEvent } from '../../model/rules/event';
import { RULE_EXAMPLES } from '../../model/rules/rule-examples';
import { validateGraph } from '../../model/rules/validate-graph';
import { VISITOR_COMMAND_TTL_MS } from '../../model/website/visitor-commands';
import { createBuiltInActions } from '../../workflows/rules/actions/built-in-actions';
import type { ActionRunInfo } from '../../workflows/rules/contract';
import { testApp } from '../support/test-app';

const ORIGIN = 'https://shop.example';
const VISITOR = 'v_shopper000000000001';

describe('website actions', () => {
  let t: ReturnType<typeof testApp>;
  let siteId: string;
  let secret: string;
  let n = 0;
  beforeEach(async () => {
    t = testApp();
    const site = await (await t.request('/api/v1/sites', { method: 'POST', json: { name: 'Tienda', allowedOrigins: [ORIGIN], entryPoints: [{ type: 'webchat' }] } })).json();
    siteId = site.id;
    secret = (await (await t.request(`/api/v1/sites/${siteId}/identity-secret`)).json()).identitySecret;
  });
  afterEach(() => t.close());

  const actions = () => createBuiltInActions({
    db: t.db, channels: new ChannelStore(t.db, t.box, 'https://parley.test'), box: t.box, taskQueue: 'q', autoCloseAfterMs: 1000,
    client: new Proxy({}, { get() { throw new Error('no Temporal here'); } }) as Client,
  });
  const postEvents = (body: unknown, origin = ORIGIN) => t.app.request(`/w/${siteId}/events`, { method: 'POST', headers: { origin, 'content-type': 'text/plain' }, body: JSON.stringify(body) });
  const click = (visitorId = VISITOR, extra: Record<string, unknown> = {}) => postEvents({ visitorId, events: [{ type: 'element', at: Date.now(), url: `${ORIGIN}/checkout`, elementId: 'el_checkout', interaction: 'click' }], ...extra });
  const say = (visitorId: string, text: string, extra: Record<string, unknown> = {}) => t.app.request(`/w/${siteId}/messages`, {
    method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: JSON.stringify({ visitorId, clientMessageId: `msg${String(++n).padStart(6, '0')}`, text, ...extra }),
  });
  const commands = (visitorId = VISITOR, origin = ORIGIN) => t.app.request(`/w/${siteId}/commands?visitorId=${visitorId}`, { headers: { origin } });
  const lastRuleEvent = () => {
    const row = t.db.$client.prepare('select id, payload from rule_events order by rowid desc limit 1').get() as { id: string; payload: string };
    return { ...(JSON.parse(row.payload) as RuleEvent), id: row.id };
  };
  const runOf = (event: RuleEvent, nodeId = 'offer'): ActionRunInfo => ({ runId: `rule-run-rule_w-${event.id}`, accountId: t.accountId, ruleId: 'rule_w', ruleName: 'Checkout help', version: 1, nodeId, event });
  const offerInput = {
    title: 'Need a hand?', text: 'We can help with checkout.',
    buttons: [{ label: 'Chat with us', action: 'chat', message: 'Help me with checkout' }, { label: 'Our FAQ', action: 'url', url: 'https://shop.example/faq' }, { label: 'Not now', action: 'dismiss' }],
  };

  it('are in the Website group, need no case, and the shipped examples are valid rules', () => {
    for (const type of ['website_show_offer', 'website_open_chat', 'website_set_visitor_tag']) {
      expect(ACTIONS_BY_TYPE.get(type)).toMatchObject({ group: 'Website', needsCase: false });
    }
    for (const example of RULE_EXAMPLES) expect(validateGraph(example.graph)).toMatchObject({ ok: true });
    // On a trigger without a visitor the editor says so on the node (and the run would refuse it).
    const onMessages = validateGraph({ nodes: [{ id: 't', kind: 'trigger', trigger: 'message.created', config: {} }, { id: 'tag', kind: 'action', action: 'website_set_visitor_tag', input: { tag: 'x' } }], edges: [{ id: 'e', source: 't', target: 'tag' }] });
    expect(onMessages).toMatchObject({ ok: false, issues: [{ nodeId: 'tag', message: expect.stringContaining('acts on a website visitor, and the trigger "Message received or sent" has none') }] });
    expect(RULE_EXAMPLES.find((x) => x.id === 'checkout-help')!.summary).toContain('Checkout twice within 2 minutes without buying');
  });

  it('show an offer: the page gets it once, with the rule as its source; a retried action queues nothing twice', async () => {
    expect((await click()).status).toBe(202);
    const run = runOf(lastRuleEvent());
    const out = await actions().website_show_offer!(offerInput, run) as { commandId: string; offerId: string };
    expect(out.offerId).toBe('offer');
    await actions().website_show_offer!(offerInput, run);
    const res = await commands();
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect((await res.json()).items).toEqual([{
      id: out.commandId, kind: 'show_offer',
      offer: { ruleId: 'rule_w', offerId: 'offer', title: 'Need a hand?', text: 'We can help with checkout.', buttons: offerInput.buttons },
    }]);
    // Delivered once: the next look finds nothing; another visitor never sees it.
    expect((await (await commands()).json()).items).toEqual([]);
    expect(t.count('visitor_commands')).toBe(1);
  });

  it('set a visitor tag, and refuse an offer whose URL button is not a web address', async () => {
    await click();
    const event = lastRuleEvent();
    await actions().website_set_visitor_tag!({ tag: 'bought', op: 'add' }, runOf(event, 'tag'));
    await expect(actions().website_show_offer!({ ...offerInput, buttons: [{ label: 'Go', action: 'url', url: 'javascript:alert(1)' }] }, runOf(event, 'bad')))
      .rejects.toThrow(/not an http or https address/);
    expect((await (await commands()).json()).items).toMatchObject([{ kind: 'set_tag', tag: 'bought', op: 'add' }]);
  });

  it('refuses (not retried) when the event has no website visitor', async () => {
    const event: RuleEvent = { id: 'evt_x', type: 'case.created', accountId: t.accountId, occurredAt: Date.now() };
    const err = await actions().website_set_visitor_tag!({ tag: 'x', op: 'add' }, runOf(event)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).nonRetryable).toBe(true);
    expect((err as Error).message).toContain('acts on a website visitor, and this event (case.created) has none');
    expect(t.count('visitor_commands')).toBe(0);
  });

  it('open the chat: a reply in the visitor\'s web chat case when they have one, else a greeting', async () => {
    // No case yet: the message is a greeting shown in the chat, nothing stored in a case.
    await click();
    const greeting = await actions().website_open_chat!({ text: 'Hi! Can we help?' }, runOf(lastRuleEvent(), 'chat')) as Record<string, unknown>;
    expect(greeting).toMatchObject({ delivery: 'greeting', messageId: null });
    expect((await (await commands()).json()).items).toMatchObject([{ kind: 'open_chat', text: 'Hi! Can we help?', inCase: false }]);

    // With a web chat case, the event carries it and the message is a real reply in the case.
    await say(VISITOR, 'Hola, una pregunta');
    await click();
    const event = lastRuleEvent();
    expect(event.case?.id).toBeTruthy();
    const reply = await actions().website_open_chat!({ text: 'Hi! Can we help?' }, runOf(event, 'chat')) as { delivery: string; messageId: string };
    expect(reply.delivery).toBe('case');
    const thread = (await (await t.app.request(`/w/${siteId}/messages?visitorId=${VISITOR}`, { headers: { origin: ORIGIN } })).json()).items.map((m: { text: string }) => m.text);
    expect(thread).toEqual(['Hola, una pregunta', 'Hi! Can we help?']);
    expect((await (await commands()).json()).items).toMatchObject([{ kind: 'open_chat', inCase: true }]);
  });

  it('a greeting the visitor answers is kept in the case their answer started, once, before their message', async () => {
    await click();
    const { commandId } = await actions().website_open_chat!({ text: 'Hi! Can we help with checkout?' }, runOf(lastRuleEvent(), 'chat')) as { commandId: string };
    const keep = (body: Record<string, unknown>, origin = ORIGIN) => t.app.request(`/w/${siteId}/greetings`, { method: 'POST', headers: { origin, 'content-type': 'text/plain' }, body: JSON.stringify(body) });
    // Not shown yet (the page has not fetched it): nothing to keep.
    expect((await keep({ visitorId: VISITOR, commandId })).status).toBe(404);
    await commands();
    // Shown, but the visitor has not answered: no case to keep it in.
    const early = await keep({ visitorId: VISITOR, commandId });
    expect(early.status).toBe(409);
    expect((await early.json()).code).toBe('no_case');
    await say(VISITOR, 'Yes, the card is refused');
    expect((await keep({ visitorId: 'v_someoneelse000000001', commandId })).status).toBe(404);
    expect((await keep({ visitorId: VISITOR, commandId }, 'https://evil.example')).status).toBe(403);
    const bad = await keep({ visitorId: VISITOR, commandId: 'x' });
    expect(await bad.json()).toMatchObject({ status: 400, errors: [{ path: 'commandId', message: 'A greeting id Parley sent' }] });
    const kept = await keep({ visitorId: VISITOR, commandId });
    expect(await kept.json()).toMatchObject({ kept: true, messageId: expect.stringMatching(/^msg_/) });
    expect(await (await keep({ visitorId: VISITOR, commandId })).json()).toMatchObject({ kept: false });
    const thread = (await (await t.app.request(`/w/${siteId}/messages?visitorId=${VISITOR}`, { headers: { origin: ORIGIN } })).json()).items;
    expect(thread.map((m: { text: string; direction: string }) => `${m.direction}: ${m.text}`)).toEqual(['out: Hi! Can we help with checkout?', 'in: Yes, the card is refused']);
    const timeline = t.db.$client.prepare(`select actor, detail from case_events where type = 'rule_action'`).all() as { actor: string; detail: string }[];
    expect(timeline.map((e) => ({ actor: e.actor, action: JSON.parse(e.detail).action }))).toEqual([{ actor: 'rule:rule_w', action: 'website_open_chat' }]);
  });

  it('commands expire: a page that comes back after 10 minutes gets nothing', () => {
    const now = Date.now();
    queueVisitorCommand(t.db, { id: 'vc_old', accountId: t.accountId, siteId, visitorId: VISITOR, command: { kind: 'set_tag', tag: 'a', op: 'add' } }, now);
    expect(takeVisitorCommands(t.db, siteId, VISITOR, now + VISITOR_COMMAND_TTL_MS + 1)).toEqual([]);
    // Queued 9 minutes ago: still handed out.
    queueVisitorCommand(t.db, { id: 'vc_new', accountId: t.accountId, siteId, visitorId: VISITOR, command: { kind: 'set_tag', tag: 'b', op: 'add' } }, now + 60_000);
    expect(takeVisitorCommands(t.db, siteId, VISITOR, now + VISITOR_COMMAND_TTL_MS + 1)).toEqual([{ id: 'vc_new', kind: 'set_tag', tag: 'b', op: 'add' }]);
  });

  it('the commands route: other origins are refused, a bad visitor id is a clear 400, and nothing is handed out', async () => {
    queueVisitorCommand(t.db, { id: 'vc_1', accountId: t.accountId, siteId, visitorId: VISITOR, command: { kind: 'set_tag', tag: 'a', op: 'add' } });
    const foreign = await commands(VISITOR, 'https://evil.example');
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).detail).toContain('may not use this site');
    const bad = await t.app.request(`/w/${siteId}/commands?visitorId=nope`, { headers: { origin: ORIGIN } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'visitorId', message: 'A visitor id issued by the snippet' }] });
    expect((await t.app.request(`/w/site_none/commands?visitorId=${VISITOR}`, { headers: { origin: ORIGIN } })).status).toBe(404);
    // Still pending for the real page.
    expect((await (await commands()).json()).items).toMatchObject([{ id: 'vc_1' }]);
  });

  it('a signed-in visitor\'s events find their web chat case by their identity; a forged token stores nothing', async () => {
    const sign = (key: string) => new SignJWT({ sub: 'cust-7', name: 'Eva' }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(key));
    const eva = await sign(secret);
    // Eva chats signed in from her laptop…
    await say('v_laptop00000000000001', 'Hola', { identity: eva });
    // …and clicks Checkout on her phone (another anonymous visitor id), signed in there too.
    expect((await click('v_phone000000000000001')).status).toBe(202);
    expect(lastRuleEvent().case).toBeUndefined();
    expect((await click('v_phone000000000000001', { identity: eva })).status).toBe(202);
    const event = lastRuleEvent();
    expect(event.case?.id).toBeTruthy();
    expect(event.payload).toMatchObject({ visitorId: 'v_phone000000000000001' });

    const before = t.count('visitor_events');
    const forged = await click('v_phone000000000000001', { identity: await sign('not-the-site-secret-at-all-000000') });
    expect(forged.status).toBe(401);
    expect((await forged.json()).detail).toContain('does not match the site\'s identity secret');
    expect(t.count('visitor_events')).toBe(before);
  });
});
