// A day in the agent workspace, in headless Chromium against a real Parley: two agents (Ana, with
// the Orders skill; Luis, with Returns) and a supervisor (Sofía) sign in, each in their own browser
// (one Chromium process per person: see `openConsoleAs`). The agents make themselves available from
// the sidebar; the supervisor sees it within the 5 s poll. A BYOC webhook opens a case that routing
// offers to Ana: it appears live in her inbox with Accept and a countdown, and not in Luis's (he has
// neither the skill nor the case, and agents do not see all cases). Ana accepts, replies with quick
// replies from the composer, the customer's tap shows as the answer. Sofía watches it in the
// supervisor view (queues, agents' load), then transfers it to Luis with a note and assigns him a
// case that waits in the backlog; Luis sees both arrive live and resolves the first; the supervisor's
// tables and Ana's list follow, without a reload.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startByocMiddleware, type ByocMiddleware } from '../fakes/byoc-middleware';
import { signByocRequest } from '../fakes/sign-byoc';
import { ensureConsoleBuilt } from '../support/browser';
import { addPeople, closeConsoles, openConsoleAs, type Person } from '../support/console-people';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const SECRET = 'whsec_' + Buffer.alloc(32, 43).toString('base64');
const SHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

describe('a working day in the agent workspace: two agents and a supervisor', () => {
  let h: Harness;
  let mw: ByocMiddleware;
  let channelId: string;
  let n = 0;
  const ana: Person = { name: 'Ana Ruiz', email: 'ana@example.com', role: 'agent' };
  const luis: Person = { name: 'Luis Ortega', email: 'luis@example.com', role: 'agent' };
  const sofia: Person = { name: 'Sofía Marín', email: 'sofia@example.com', role: 'supervisor' };
  const people = [ana, luis, sofia];

  const json = async <T = Record<string, any>>(res: Response | Promise<Response>): Promise<T> => {
    const r = await res;
    expect(r.status, await r.clone().text()).toBeLessThan(300);
    return (await r.json()) as T;
  };
  const webhook = async (body: Record<string, unknown>) => {
    const res = await fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return (await res.json()) as { caseIds: string[] };
  };
  const customerWrites = (conversation: string, name: string, text: string) =>
    webhook({ type: 'message', externalMessageId: `in-${++n}`, externalConversationId: conversation, sender: { externalId: `cust-${conversation}`, name }, text, timestamp: Date.now() });

  /** Each person in their own Chromium (see console-people.ts), signed in under their own name. */
  const openConsole = async (p: Person) => {
    const page = await openConsoleAs(h, p);
    expect(await page.locator('nav .who-name').innerText()).toBe(p.name);
    return page;
  };
  const goAvailable = async (p: Person) => {
    const control = p.page!.locator('[data-testid=agent-status]');
    await control.locator('text=Offline').first().waitFor();
    await control.locator('[role=radio]:has-text("Available")').click();
    await expect.poll(() => control.locator('[role=radio][aria-checked=true]').innerText()).toContain('Available');
    expect(await control.innerText()).toMatch(/Available\s+since \d\d:\d\d/);
  };

  beforeAll(async () => {
    ensureConsoleBuilt();
    mw = await startByocMiddleware({ secret: SECRET });
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
    channelId = (await json(h.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'Shop app', config: { outboundUrl: mw.url, secret: SECRET } } }))).id;
    await addPeople(h, people);
    const skill = async (name: string) => (await json(h.api('/api/v1/skills', { method: 'POST', json: { name } }))).id as string;
    const orders = await skill('Orders');
    const returns = await skill('Returns');
    const billing = await skill('Billing');
    await json(h.api(`/api/v1/channels/${channelId}/default-skill`, { method: 'PUT', json: { skillId: orders } }));
    await json(h.api(`/api/v1/agents/${ana.id}/skills`, { method: 'PUT', json: { skills: [{ skillId: orders, proficiency: 2 }] } }));
    await json(h.api(`/api/v1/agents/${luis.id}/skills`, { method: 'PUT', json: { skills: [{ skillId: returns, proficiency: 1 }] } }));
    // Orders (everything else): offered to the agent, who has two minutes to accept. Returns: assigned
    // at once. Billing: nobody has the skill yet, so an invoice question waits in the backlog until the
    // supervisor hands it to someone.
    await json(h.api('/api/v1/queues', { method: 'POST', json: { name: 'Orders', priority: 1, skillId: orders, offerTimeoutMs: 120_000, isFallback: true } }));
    await json(h.api('/api/v1/queues', { method: 'POST', json: { name: 'Returns', priority: 5, skillId: returns, offerTimeoutMs: null, filters: { textContains: ['return'] } } }));
    await json(h.api('/api/v1/queues', { method: 'POST', json: { name: 'Billing', priority: 20, skillId: billing, offerTimeoutMs: null, filters: { textContains: ['invoice'] } } }));
    expect((await json(h.api('/api/v1/routing/settings'))).agentsSeeAllCases).toBe(false);
  }, 180_000);

  afterAll(async () => {
    await closeConsoles(people);
    await h?.stop();
    await mw?.close();
  });

  it('routes a case live to the right agent, who works it; the supervisor watches and reassigns', async () => {
    const anaPage = await openConsole(ana);
    const luisPage = await openConsole(luis);
    const sofiaPage = await openConsole(sofia);
    await anaPage.waitForSelector('h1:has-text("Inbox")');
    await luisPage.waitForSelector('h1:has-text("Inbox")');
    // Agents have no supervisor view; the supervisor opens hers from the menu.
    expect(await anaPage.locator('nav a:has-text("Supervisor")').count()).toBe(0);
    await sofiaPage.click('nav a:has-text("Supervisor")');
    await sofiaPage.waitForSelector('h1:has-text("Supervisor")');
    await sofiaPage.locator('.live-dot.on').waitFor();
    const agentRow = (p: Person) => sofiaPage.locator(`[data-testid=agents] tr[data-agent="${p.name}"]`);
    await expect.poll(() => agentRow(ana).locator('select').inputValue()).toBe('offline');

    // An invoice question arrives while nobody is available: it waits in the Billing queue.
    const { caseIds: [invoiceCase] } = await customerWrites('c-invoice', 'Jonas Weber', 'Could you send me the invoice for order 2231 again?');
    const backlogRow = sofiaPage.locator(`[data-testid=backlog] tr[data-case-id="${invoiceCase}"]`);
    await backlogRow.waitFor({ timeout: 5000 });
    expect(await backlogRow.innerText()).toMatch(/Jonas Weber[\s\S]*invoice[\s\S]*Billing[\s\S]*No agent has the skill/);

    // Both agents make themselves available in one click; the supervisor sees it within her 5 s poll.
    await goAvailable(ana);
    await goAvailable(luis);
    await expect.poll(() => agentRow(ana).locator('select').inputValue(), { timeout: 8000 }).toBe('available');
    await expect.poll(() => agentRow(luis).locator('select').inputValue(), { timeout: 8000 }).toBe('available');
    await anaPage.locator('.live-dot.on').waitFor();
    await luisPage.locator('.live-dot.on').waitFor();

    // A customer writes: routing offers the case to Ana (Orders); it appears in her inbox live, with Accept and the countdown.
    const { caseIds: [caseId] } = await customerWrites('c-lucia', 'Lucía Fernández', 'Hi! My parcel has not arrived yet, it was due on Monday.');
    await anaPage.locator(`.case-list [data-case-id="${caseId}"]`).waitFor({ timeout: 5000 });
    const offer = anaPage.locator(`[data-testid=offer][data-case-id="${caseId}"]`);
    await offer.waitFor({ timeout: 5000 });
    expect(await offer.innerText()).toMatch(/offered to you[\s\S]*Lucía Fernández[\s\S]*parcel has not arrived[\s\S]*Goes to someone else in (1:5\d|2:00)/);
    // Luis has neither the skill nor the case: it never shows in his list (his stream carried the webhook's time by now).
    await luisPage.waitForTimeout(1500);
    expect(await luisPage.locator(`[data-case-id="${caseId}"]`).count()).toBe(0);
    expect(await luisPage.locator('[data-testid=offer]').count()).toBe(0);
    // The supervisor sees it offered in the Orders queue and with Ana.
    const ordersRow = sofiaPage.locator('[data-testid=queues] tr[data-queue="Orders"]');
    await expect.poll(() => ordersRow.innerText()).toMatch(/Orders\s+0\s+—\s+1\s+0\s+1/);

    // Ana accepts: the offer goes, the case opens, routing says accepted.
    await offer.locator('[data-testid=accept-offer]').click();
    await offer.waitFor({ state: 'detached' });
    await anaPage.locator('.case-title h2:has-text("Lucía Fernández")').waitFor();
    expect((await json(h.api(`/api/v1/cases/${caseId}/routing`))).assignment).toMatchObject({ agentId: ana.id, state: 'accepted' });

    // Quick replies from the composer's builder; the customer taps one and it shows as the answer.
    await anaPage.fill('[data-testid=composer-input]', 'Sorry about that! What would you like to do?');
    await anaPage.click('[data-testid=open-builder]');
    await anaPage.fill('[data-testid=builder-text]', 'Choose an option');
    await anaPage.fill('[data-testid=builder-option-0]', 'Track my parcel');
    await anaPage.fill('[data-testid=builder-option-1]', 'Return it');
    const before = mw.received.length;
    await anaPage.click('[data-testid=composer-send]');
    const [request] = (await mw.waitFor(before + 1)).slice(before);
    const sent = request.body as { messageId: string; content: unknown };
    expect(JSON.stringify(sent.content)).toContain('"type":"quickReplies"');
    const question = anaPage.locator(`[data-testid="msg-${sent.messageId}"]`);
    await question.waitFor();
    expect(await question.locator('.rc-chip').allInnerTexts()).toEqual(['Track my parcel', 'Return it']);
    await webhook({ type: 'postback', externalMessageId: `in-${++n}`, externalConversationId: 'c-lucia', sender: { externalId: 'cust-c-lucia', name: 'Lucía Fernández' }, payload: 'Return it', text: 'Return it', timestamp: Date.now() });
    const answer = anaPage.locator('[data-testid=answer]');
    await answer.waitFor({ timeout: 5000 });
    expect(await answer.innerText()).toMatch(/Choose an option[\s\S]*Return it/);

    // Two more customers write: a question for Orders (offered to Ana) and a return (Luis's at once).
    const { caseIds: [tomCase] } = await customerWrites('c-tom', 'Tom Becker', 'Do you ship to Norway?');
    const { caseIds: [priyaCase] } = await customerWrites('c-priya', 'Priya Patel', 'I would like to return the linen shirt, it is too small.');
    await sofiaPage.locator(`[data-testid=in-progress] tr[data-case-id="${tomCase}"]`).waitFor();
    await expect.poll(() => sofiaPage.locator(`[data-testid=in-progress] tr[data-case-id="${priyaCase}"]`).innerText()).toMatch(/Priya Patel[\s\S]*Luis Ortega/);

    // The supervisor's view: Lucía's case with Ana, Ana's messaging load 2 of 5, Billing still waiting.
    const progressRow = sofiaPage.locator(`[data-testid=in-progress] tr[data-case-id="${caseId}"]`);
    await expect.poll(() => progressRow.innerText()).toMatch(/Lucía Fernández\s+Return it\s+Ana Ruiz\s+Open/);
    await expect.poll(() => ordersRow.innerText()).toMatch(/Orders\s+0\s+—\s+1\s+1\s+1/);
    await expect.poll(() => agentRow(ana).locator('[role=img]').nth(1).getAttribute('aria-label')).toBe('Messaging: 2 of 5');
    expect(await sofiaPage.locator('[data-testid=queues] tr[data-queue="Billing"]').innerText()).toMatch(/Billing\s+1\s+\d+ (s|min)/);
    // A taller window for the picture, so the whole view fits; the work itself runs at 1280×800.
    await sofiaPage.setViewportSize({ width: 1280, height: 1130 });
    await sofiaPage.screenshot({ path: join(SHOTS, 'supervisor-transfer-day.png') });
    await sofiaPage.setViewportSize({ width: 1280, height: 800 });

    // The customer wants a return: Sofía transfers the case to Luis with a note.
    await progressRow.locator('button:has-text("Reassign")').click();
    const dialog = sofiaPage.locator('[role=dialog]');
    expect(await dialog.locator('h2').innerText()).toBe('Reassign Lucía Fernández');
    expect(await dialog.innerText()).toContain('Now: with Ana Ruiz.');
    await dialog.locator('select#reassign-target').selectOption({ label: 'Luis Ortega — Available' });
    await dialog.locator('#reassign-note').fill('Return request: Luis handles returns.');
    await dialog.locator('[data-testid=reassign-submit]:has-text("Transfer")').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => progressRow.innerText()).toMatch(/Luis Ortega/);
    // Capacity follows the case: Ana's frees, Luis's is taken.
    await expect.poll(() => agentRow(ana).locator('[role=img]').nth(1).getAttribute('aria-label')).toBe('Messaging: 1 of 5');
    await expect.poll(() => agentRow(luis).locator('[role=img]').nth(1).getAttribute('aria-label')).toBe('Messaging: 2 of 5');

    // Luis sees it arrive live (now his), opens it: the answer and the note are there.
    const luisRow = luisPage.locator(`.case-list [data-case-id="${caseId}"]`);
    await luisRow.waitFor({ timeout: 5000 });
    await luisRow.click();
    await luisPage.locator('.case-title h2:has-text("Lucía Fernández")').waitFor();
    expect(await luisPage.locator('[data-testid=answer]').innerText()).toMatch(/Choose an option[\s\S]*Return it/);
    await luisPage.click('.side-tabs [role=tab]:has-text("Timeline")');
    await expect.poll(() => luisPage.locator('[data-testid=timeline]').innerText()).toMatch(/Transferred by Sofía Marín from Ana Ruiz to Luis Ortega: Return request: Luis handles returns\./);

    // From the backlog, Sofía assigns the invoice question to Luis too: it leaves the backlog and shows in his inbox.
    await backlogRow.locator('button:has-text("Reassign")').click();
    expect(await dialog.innerText()).toContain('Now: waiting in Billing.');
    await dialog.locator('select#reassign-target').selectOption({ label: 'Luis Ortega — Available' });
    await dialog.locator('[data-testid=reassign-submit]:has-text("Assign")').click();
    await dialog.waitFor({ state: 'detached' });
    await backlogRow.waitFor({ state: 'detached' });
    await luisPage.locator(`.case-list [data-case-id="${invoiceCase}"]`).waitFor({ timeout: 5000 });

    // Luis resolves Lucía's case: the supervisor's tables and Ana's list follow live.
    await luisPage.click('[data-testid=resolve]');
    await eventually(async () => (await json(h.api(`/api/v1/cases/${caseId}`))).status === 'resolved');
    await progressRow.waitFor({ state: 'detached', timeout: 5000 });
    await anaPage.locator(`.case-list [data-case-id="${caseId}"]`).waitFor({ state: 'detached', timeout: 5000 });

    // Ana steps away: one click; the supervisor sees it.
    await anaPage.locator('[data-testid=agent-status] [role=radio]:has-text("Away")').click();
    await expect.poll(() => agentRow(ana).locator('select').inputValue(), { timeout: 8000 }).toBe('away');

    for (const p of people) expect(p.errors).toEqual([]);
  });
});
