// Merging two customer cards (issue #10): POST /api/v1/contacts/{id}/merge.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signByocRequest } from '../fakes/sign-byoc';
import { addAgent, addSkill, userKey } from '../support/routing-fixtures';
import { testApp } from '../support/test-app';
import { cases } from '../../engine/db/schema';
import { eq } from 'drizzle-orm';

const SECRET = 'whsec_' + Buffer.alloc(32, 2).toString('base64');

describe('merging two customer cards', () => {
  let t: ReturnType<typeof testApp>;
  let web: string, wa: string;
  const newChannel = async (name: string) =>
    (await (await t.request('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name, config: { outboundUrl: 'https://mw.example.com/out', secret: SECRET } } })).json()).id as string;
  const say = async (channelId: string, sender: string, name: string, id: string, thread = `thread-${sender}`) => {
    const body = { type: 'message', externalMessageId: id, externalConversationId: thread, sender: { externalId: sender, name }, text: `hello ${id}`, timestamp: Date.now() };
    const res = await t.app.request(`/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) });
    expect(res.status).toBe(200);
  };
  const caseOf = async (channelId: string) => (await (await t.request(`/api/v1/cases?channelId=${channelId}&status=new`)).json()).items[0];
  const merge = (keptId: string, otherContactId: string, key?: string) =>
    t.request(`/api/v1/contacts/${keptId}/merge`, { method: 'POST', json: { otherContactId }, key });

  beforeEach(async () => {
    t = testApp();
    web = await newChannel('Web chat');
    wa = await newChannel('WhatsApp line');
    await say(web, 'visitor-77', 'Ana García', 'w1');
    await say(wa, '+34600111222', 'Ana G', 'a1');
  });
  afterEach(() => t.close());

  it('moves identities, cases and custom fields to the kept card; the kept card wins conflicts, listed in the answer', async () => {
    const kept = (await caseOf(web)).contactId as string;
    const waCase = await caseOf(wa);
    const other = waCase.contactId as string;
    await t.request(`/api/v1/contacts/${kept}`, { method: 'PATCH', json: { customFields: { tier: 'gold' } } });
    await t.request(`/api/v1/contacts/${other}`, { method: 'PATCH', json: { email: 'ana@example.com', customFields: { tier: 'silver', orders: 3 } } });

    const res = await merge(kept, other, t.agentKey);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.mergedContactId).toBe(other);
    expect(body.movedIdentities).toBe(1);
    expect(body.movedCaseIds).toEqual([waCase.id]);
    expect(body.conflicts).toEqual(expect.arrayContaining([
      { field: 'name', kept: 'Ana García', discarded: 'Ana G' },
      { field: 'customFields.tier', kept: 'gold', discarded: 'silver' },
    ]));
    expect(body.contact).toMatchObject({ id: kept, name: 'Ana García', email: 'ana@example.com', customFields: { tier: 'gold', orders: 3 } });
    expect(body.contact.identities.map((i: { channelName: string }) => i.channelName).sort()).toEqual(['Web chat', 'WhatsApp line']);
    expect(body.contact.cases).toHaveLength(2);

    // The other card is gone; the moved case's timeline says what happened and who did it.
    expect((await t.request(`/api/v1/contacts/${other}`)).status).toBe(404);
    const moved = await (await t.request(`/api/v1/cases/${waCase.id}`)).json();
    expect(moved.contactId).toBe(kept);
    const event = moved.events.find((e: { type: string }) => e.type === 'contact_merged');
    expect(event.description).toMatch(/^Customer card merged with Ana García by key_/);
    const keptCase = await (await t.request(`/api/v1/cases/${(await caseOf(web)).id}`)).json();
    expect(keptCase.events.find((e: { type: string }) => e.type === 'contact_merged').description).toMatch(/^Customer card merged with Ana G by/);
  });

  it('a new message from the merged identity lands on the kept card and on the moved case, not a new card', async () => {
    const kept = (await caseOf(web)).contactId as string;
    const waCase = await caseOf(wa);
    expect((await merge(kept, waCase.contactId)).status).toBe(200);
    const contactsBefore = t.count('contacts');
    await say(wa, '+34600111222', 'Ana G', 'a2');
    expect(t.count('contacts')).toBe(contactsBefore);
    const thread = await (await t.request(`/api/v1/cases/${waCase.id}`)).json();
    expect(thread.messages.map((m: { text: string }) => m.text)).toEqual(['hello a1', 'hello a2']);
    const card = await (await t.request(`/api/v1/contacts/${kept}`)).json();
    expect(card.cases).toHaveLength(2);
  });

  it('answers 400 for the same card, 404 for an unknown one, 409 for a card already merged', async () => {
    const kept = (await caseOf(web)).contactId as string;
    const other = (await caseOf(wa)).contactId as string;
    const same = await merge(kept, kept);
    expect(same.status).toBe(400);
    expect((await same.json()).code).toBe('same_contact');
    expect((await merge(kept, 'ct_nope')).status).toBe(404);
    expect((await merge('ct_nope', other)).status).toBe(404);
    expect((await t.request(`/api/v1/contacts/${kept}/merge`, { method: 'POST', json: {} })).status).toBe(400);
    expect((await merge(kept, other)).status).toBe(200);
    const again = await merge(kept, other);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'contact_already_merged' });
    expect((await merge(other, kept)).status).toBe(409);
  });

  it('an agent limited to their skills cannot merge cards with cases outside them (403); with the skill they can', async () => {
    const kept = (await caseOf(web)).contactId as string;
    const waCase = await caseOf(wa);
    addSkill(t.db, t.accountId, 'sk_web');
    addAgent(t.db, t.accountId, 'usr_lena', { skills: { sk_web: 5 } });
    const lena = userKey(t.db, t.accountId, 'usr_lena');
    t.db.update(cases).set({ skillId: 'sk_web' }).where(eq(cases.contactId, kept)).run();
    const refused = await merge(kept, waCase.contactId, lena);
    expect(refused.status).toBe(403);
    expect((await refused.json()).detail ?? '').toMatch(/outside your skills/);
    expect(t.count('contacts')).toBe(2);
    t.db.update(cases).set({ skillId: 'sk_web' }).where(eq(cases.id, waCase.id)).run();
    expect((await merge(kept, waCase.contactId, lena)).status).toBe(200);
  });

  it('is documented with every status it answers', async () => {
    const doc = await (await t.app.request('/api/openapi.json')).json();
    const op = doc.paths['/api/v1/contacts/{id}/merge'].post;
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '409']));
    expect(op.responses['409'].description).toMatch(/already merged/);
    expect(op.requestBody.content['application/json'].schema.required).toEqual(['otherContactId']);
  });
});
