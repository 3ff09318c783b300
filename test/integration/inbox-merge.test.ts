// Merging two customer cards in the console (issue #10): the same person wrote from the shop app
// (BYOC) and from the website's chat; the agent opens the app case, picks "Merge with another
// customer…", finds the web-chat card, compares both side by side and merges: the panel then shows
// one card with both identities, and the web-chat case now belongs to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signByocRequest } from '../fakes/sign-byoc';
import { startConsole, type ConsoleSession } from '../support/console-session';

const SECRET = 'whsec_' + Buffer.alloc(32, 43).toString('base64');

describe('merging customer cards in the inbox', () => {
  let ui: ConsoleSession;
  let appCase: { id: string; contactId: string };
  let chatCase: { id: string; contactId: string };

  beforeAll(async () => {
    ui = await startConsole();
    const { h } = ui;
    const channelId = (await (await h.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'Shop app', config: { outboundUrl: 'http://127.0.0.1:9/unused', secret: SECRET } } })).json()).id;
    const body = { type: 'message', externalMessageId: 'in-1', externalConversationId: 'c-ana', sender: { externalId: 'app-user-5521', name: 'Ana García' }, text: 'My order 1042 arrived without the charger.', timestamp: Date.now() - 20 * 60_000 };
    const res = await fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    const origin = 'https://shop.example';
    const site = await (await h.api('/api/v1/sites', { method: 'POST', json: { name: 'Shop', allowedOrigins: [origin], entryPoints: [{ type: 'webchat' }], language: 'en' } })).json();
    const chat = await fetch(`${h.parley.url}/w/${site.id}/messages`, {
      method: 'POST', headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ visitorId: 'v_ana0000000000000', clientMessageId: 'msg-1-abcdefgh', text: 'Hi, I wrote in the app about a missing charger', name: 'Ana G.' }),
    });
    expect(chat.status).toBeLessThan(300);
    const cases = (await (await h.api('/api/v1/cases?status=new,open')).json()).items as { id: string; contactId: string; contactName: string }[];
    appCase = cases.find((c) => c.contactName === 'Ana García')!;
    chatCase = cases.find((c) => c.contactName === 'Ana G.')!;
    expect(appCase && chatCase).toBeTruthy();
    await h.api(`/api/v1/contacts/${appCase.contactId}`, { method: 'PATCH', json: { customFields: { tier: 'gold' } } });
    await h.api(`/api/v1/contacts/${chatCase.contactId}`, { method: 'PATCH', json: { email: 'ana.garcia@example.com', customFields: { tier: 'silver', newsletter: true } } });
  }, 180_000);
  afterAll(() => ui?.stop());

  it('finds the other card, shows both side by side, and merges them into one', async () => {
    const { h, page, errors } = ui;
    await page.click('nav a:has-text("Inbox")');
    await page.locator(`[data-case-id="${appCase.id}"]`).click();
    const card = page.locator('[data-testid=customer-card]');
    await card.locator('.cust-name:has-text("Ana García")').waitFor();
    expect(await card.locator('.ident-list li').count()).toBe(1);

    await card.locator('button:has-text("Merge with another customer…")').click();
    const dialog = page.locator('[role=dialog]');
    await dialog.locator('input[type=search]').fill('Ana');
    const hit = dialog.locator('.merge-hit:has-text("Ana G.")');
    await hit.waitFor();
    // The card being looked at is not offered as its own duplicate.
    expect(await dialog.locator('.merge-hit:has-text("Ana García")').count()).toBe(0);
    await hit.click();

    const pair = dialog.locator('[data-testid=merge-pair]');
    await pair.waitFor();
    expect(await pair.locator('.merge-kept').innerText()).toMatch(/Stays[\s\S]*Ana García[\s\S]*Shop app[\s\S]*app-user-5521[\s\S]*tier[\s\S]*gold/i);
    expect(await pair.locator('.merge-other').innerText()).toMatch(/Merged into it[\s\S]*Ana G\.[\s\S]*ana\.garcia@example\.com[\s\S]*tier[\s\S]*silver/i);
    // What the kept card wins is said before anything happens.
    expect(await dialog.locator('.merge-conflicts').innerText()).toMatch(/name Ana García \(dropped: Ana G\.\)[\s\S]*tier gold \(dropped: silver\)/);
    await ui.shot('customer-merge.png');

    await dialog.locator('button:has-text("Merge cards")').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => card.locator('.ident-list li').count()).toBe(2);
    const merged = await card.innerText();
    expect(merged).toMatch(/Cards merged: 1 identity and 1 case moved here/);
    expect(merged).toMatch(/ana\.garcia@example\.com/);
    expect(merged).toMatch(/Shop app[\s\S]*app-user-5521/);
    expect(merged).toMatch(/tier[\s\S]*gold[\s\S]*newsletter[\s\S]*true/);
    expect(merged).toMatch(/Hi, I wrote in the app about a missing charger/); // the web-chat case, now a previous case of this card
    // The moved case's row in the list follows live: it now carries the kept card's name.
    await page.locator(`[data-case-id="${chatCase.id}"]:has-text("Ana García")`).waitFor({ timeout: 5000 });
    await ui.shot('customer-merged.png');

    // The server agrees: one card, both identities; the web-chat case moved, its timeline says by whom.
    const after = await (await h.api(`/api/v1/contacts/${appCase.contactId}`)).json();
    expect(after.identities).toHaveLength(2);
    expect((await h.api(`/api/v1/contacts/${chatCase.contactId}`)).status).toBe(404);
    const moved = await (await h.api(`/api/v1/cases/${chatCase.id}`)).json();
    expect(moved.contactId).toBe(appCase.contactId);
    expect(moved.events.map((e: { description: string }) => e.description).join('\n')).toMatch(/Customer card merged with Ana García by /);
    expect(errors).toEqual([]);
  });
});
