// The supervisor's day in headless Chromium against a real Parley (one Chromium per person, as in
// workspace-day.test.ts): Carla, a supervisor, sees the cases with agents split into offered (the
// time left to accept, ticking) and accepted (since when), the queue numbers agreeing with the
// tables, and lists longer than a page continued with "Show more"; in Settings → Routing she reads
// but finds nothing to edit (the API refuses supervisors' writes there); she reassigns an offered
// case. Ana, an agent, opens a case waiting in her skill's queue and reads the queue's name and the
// case's place in it, though she cannot list queues.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { routeCase } from '../../engine/routing/route-case';
import { signByocRequest } from '../fakes/sign-byoc';
import { ensureConsoleBuilt } from '../support/browser';
import { addPeople, closeConsoles, openConsoleAs, type Person } from '../support/console-people';
import { eventually, startHarness, type Harness } from '../support/parley-harness';
import { addCase, userKey } from '../support/routing-fixtures';

const SECRET = 'whsec_' + Buffer.alloc(32, 57).toString('base64');
const SHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

describe('the supervisor view in the browser', () => {
  let h: Harness;
  let channelId: string;
  let n = 0;
  const carla: Person = { name: 'Carla Méndez', email: 'carla@example.com', role: 'supervisor' };
  const ana: Person = { name: 'Ana Ruiz', email: 'ana@example.com', role: 'agent' };
  const bo: Person = { name: 'Bo Chen', email: 'bo@example.com', role: 'agent' };
  const queues: Record<string, string> = {};
  const skills: Record<string, string> = {};

  const json = async <T = Record<string, any>>(res: Response | Promise<Response>): Promise<T> => {
    const r = await res;
    expect(r.status, await r.clone().text()).toBeLessThan(300);
    return (await r.json()) as T;
  };
  const customerWrites = async (conversation: string, name: string, text: string) => {
    const body = { type: 'message', externalMessageId: `in-${++n}`, externalConversationId: conversation, sender: { externalId: `cust-${conversation}`, name }, text, timestamp: Date.now() };
    const res = await fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { caseIds: string[] }).caseIds[0];
  };
  const routing = (caseId: string) => json(h.api(`/api/v1/cases/${caseId}/routing`));

  /** Each person in their own Chromium, in British English: 24-hour clock times ("14:02"). */
  const openConsole = (p: Person) => openConsoleAs(h, p, { locale: 'en-GB' });

  beforeAll(async () => {
    ensureConsoleBuilt();
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
    channelId = (await json(h.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'Shop app', config: { outboundUrl: 'http://127.0.0.1:9/out', secret: SECRET } } }))).id;
    await addPeople(h, [carla, ana, bo]);
    for (const name of ['Billing', 'Returns', 'Spanish']) skills[name] = (await json(h.api('/api/v1/skills', { method: 'POST', json: { name } }))).id;
    await json(h.api(`/api/v1/agents/${ana.id}/skills`, { method: 'PUT', json: { skills: [{ skillId: skills.Billing, proficiency: 2 }] } }));
    await json(h.api(`/api/v1/agents/${bo.id}/skills`, { method: 'PUT', json: { skills: [{ skillId: skills.Returns, proficiency: 1 }] } }));
    // Billing offers a case for two minutes; Returns assigns at once; everything else waits for a Spanish speaker nobody is yet.
    const queue = async (name: string, body: Record<string, unknown>) => { queues[name] = (await json(h.api('/api/v1/queues', { method: 'POST', json: { name, ...body } }))).id; };
    await queue('Billing', { priority: 20, skillId: skills.Billing, offerTimeoutMs: 120_000, filters: { textContains: ['invoice', 'charged'] } });
    await queue('Returns', { priority: 10, skillId: skills.Returns, offerTimeoutMs: null, filters: { textContains: ['return'] } });
    await queue('Spanish', { priority: 1, skillId: skills.Spanish, isFallback: true });
    await json(h.api(`/api/v1/agents/${ana.id}/status`, { method: 'PUT', json: { status: 'available' } }));
    await json(h.api(`/api/v1/agents/${bo.id}/status`, { method: 'PUT', json: { status: 'available', capacity: { messaging: 80 } } }));
  }, 180_000);

  afterAll(async () => {
    await closeConsoles([carla, ana, bo]);
    await h?.stop();
  });

  it('shows offered and accepted cases, pages past the first 50, reads Settings → Routing without edits, and reassigns', async () => {
    // The morning's first cases, through the webhook and each case's workflow.
    const accepted = await customerWrites('c-lucia', 'Lucía Fernández', 'My invoice for October shows I was charged twice.');
    await eventually(async () => ((await routing(accepted)).assignment?.agentId === ana.id ? true : null));
    // Ana accepts the first; the second invoice question stays offered to her.
    await json(h.api(`/api/v1/cases/${accepted}/accept`, { method: 'POST', key: userKey(h.parley.db, h.parley.credentials!.accountId, ana.id!) }));
    const offered = await customerWrites('c-tom', 'Tom Becker', 'Hello, the invoice total is wrong: I was charged for two lamps.');
    const returned = await customerWrites('c-priya', 'Priya Patel', 'I would like to return the linen shirt, it is too small.');
    const waiting = await customerWrites('c-jonas', 'Jonas Weber', 'Hola, ¿tienen la chaqueta en talla M?');
    await eventually(async () => ((await routing(offered)).assignment?.state === 'offered' ? true : null));
    await eventually(async () => ((await routing(returned)).assignment?.state === 'accepted' ? true : null));
    await eventually(async () => ((await routing(waiting)).state === 'waiting' ? true : null));
    expect((await routing(accepted)).assignment).toMatchObject({ state: 'accepted', agentName: 'Ana Ruiz' });
    expect(await routing(waiting)).toMatchObject({ queueName: 'Spanish', position: 1, waitingInQueue: 1, waitReason: 'no_agent_with_skill' });

    const page = await openConsole(carla);
    await page.click('nav a:has-text("Supervisor")');
    await page.waitForSelector('h1:has-text("Supervisor")');
    await page.locator('.live-dot.on').waitFor();
    const held = page.locator('[data-testid=in-progress]');
    const heldRow = (id: string) => held.locator(`tr[data-case-id="${id}"]`);
    await heldRow(offered).waitFor();

    // Offered: not accepted yet, the time left ticking, the queue and since when. Accepted: since when.
    expect(await heldRow(offered).getAttribute('data-state')).toBe('offered');
    const offerText = await heldRow(offered).innerText();
    expect(offerText).toMatch(/Tom Becker[\s\S]*Ana Ruiz\s+New\s+Offered\s+[12]:\d\d left to accept\s+Billing · since [^()\n]+ \(\d+ s\)/);
    const left = () => heldRow(offered).locator('.held-timer').innerText();
    const before = await left();
    await expect.poll(left, { timeout: 5000 }).not.toBe(before);
    expect(await heldRow(accepted).getAttribute('data-state')).toBe('accepted');
    expect(await heldRow(accepted).innerText()).toMatch(/Lucía Fernández[\s\S]*Ana Ruiz\s+New\s+Accepted\s+Billing · since [^()\n]+ \(\d+ s\)/);
    expect(await heldRow(returned).innerText()).toMatch(/Priya Patel[\s\S]*Bo Chen\s+New\s+Accepted\s+Returns · since/);
    // Offers come first.
    expect(await held.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')))).toEqual(['offered', 'accepted', 'accepted']);

    // The numbers at the top, the queue table and the tables agree.
    const kpis = () => page.locator('[data-testid=sup-kpis]').innerText();
    expect(await kpis()).toMatch(/^1\s+Waiting\s+1\s+Offered\s+2\s+Accepted\s+2\/4\s+Available$/);
    const queueRow = (name: string) => page.locator(`[data-testid=queues] tr[data-queue="${name}"]`).innerText();
    expect(await queueRow('Billing')).toMatch(/^Billing\s+0\s+—\s+1\s+1\s+1$/);
    expect(await queueRow('Returns')).toMatch(/^Returns\s+0\s+—\s+0\s+1\s+1$/);
    expect(await queueRow('Spanish')).toMatch(/^Spanish\s+1\s+\d+ s\s+0\s+0\s+0$/);
    expect(await page.locator('[data-testid=backlog] tbody tr').count()).toBe(1);
    expect(await page.locator('[data-testid=backlog] tbody tr').innerText()).toMatch(/Jonas Weber[\s\S]*Spanish\s+No agent has the skill/);

    // The view as the README shows it, at 1280×800.
    while (await page.locator('.toast').count()) await page.locator('.toast').first().click({ timeout: 2000 }).catch(() => {});
    await page.screenshot({ path: join(SHOTS, 'supervisor.png') });

    // Later that day: 60 more customers wait for a Spanish speaker and Bo holds 55 more returns
    // (routed by the same code the workflows call, without 115 workflows on a shared test machine).
    const accountId = h.parley.credentials!.accountId;
    for (let i = 0; i < 60; i++) routeCase(h.parley.db, addCase(h.parley.db, accountId, channelId, { preview: `Consulta ${i + 1}` }), { reason: 'new', exclude: [] });
    for (let i = 0; i < 55; i++) routeCase(h.parley.db, addCase(h.parley.db, accountId, channelId, { status: 'open', preview: `Return ${i + 1}` }), { reason: 'new', exclude: [], queueId: queues.Returns });
    // A live event brings the tables up to date; a supervisor's reload does too.
    await page.reload();
    await page.locator('.live-dot.on').waitFor();
    await expect.poll(kpis).toMatch(/^61\s+Waiting\s+1\s+Offered\s+57\s+Accepted/);
    expect(await queueRow('Spanish')).toMatch(/^Spanish\s+61\s/);
    expect(await queueRow('Returns')).toMatch(/^Returns\s+0\s+—\s+0\s+56\s+1$/);
    const backlog = page.locator('[data-testid=backlog] tbody tr');
    expect(await backlog.count()).toBe(50);
    expect(await page.locator('[data-testid=backlog-total]').innerText()).toBe('61');
    expect(await page.locator('[data-testid=backlog-more]').innerText()).toMatch(/Showing 50 of 61\s+Show 11 more/);
    await page.click('[data-testid=backlog-more] button');
    await expect.poll(() => backlog.count()).toBe(61);
    expect(await page.locator('[data-testid=backlog-more]').count()).toBe(0);
    // Routing's order: the longest waiting first, Jonas at the top.
    expect(await backlog.first().getAttribute('data-case-id')).toBe(waiting);

    const heldRows = held.locator('tbody tr');
    expect(await heldRows.count()).toBe(50);
    expect(await page.locator('[data-testid=held-more]').innerText()).toMatch(/Showing 50 of 58\s+Show 8 more/);
    await page.click('[data-testid=held-more] button');
    await expect.poll(() => heldRows.count()).toBe(58);
    const ids = await heldRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id')));
    expect(new Set(ids).size).toBe(58);
    // Only offers; only accepted cases.
    const filter = page.locator('[data-testid=held-filter]');
    expect(await filter.innerText()).toMatch(/All 58\s+Offered 1\s+Accepted 57/);
    await filter.locator('[role=radio]:has-text("Offered")').click();
    await expect.poll(() => heldRows.count()).toBe(1);
    expect(await heldRows.first().getAttribute('data-case-id')).toBe(offered);
    await filter.locator('[role=radio]:has-text("Accepted")').click();
    await expect.poll(() => heldRows.count()).toBe(50);
    expect(await page.locator('[data-testid=held-more]').innerText()).toMatch(/Showing 50 of 57/);
    await filter.locator('[role=radio]:has-text("All")').click();
    await expect.poll(() => heldRows.count()).toBe(50);

    // Settings → Routing: a supervisor reads it; what the API refuses her is not offered.
    await page.click('nav a:has-text("Settings")');
    const settings = page.locator('[data-testid=routing-settings]');
    await settings.locator('[data-testid=routing-queues] tr[data-queue="Billing"]').waitFor();
    expect(await settings.locator('button:has-text("New queue"), button:has-text("Add skill"), button:has-text("Rename"), button:has-text("Edit")').count()).toBe(0);
    expect(await settings.locator('input[aria-label="New skill name"]').count()).toBe(0);
    expect(await settings.locator('select[aria-label="Default skill of Shop app"]').isDisabled()).toBe(true);
    expect(await settings.locator('input[aria-label="Agents see every case"]').isDisabled()).toBe(true);
    expect(await page.locator('button:has-text("Save settings")').count()).toBe(0);
    // The API agrees: her session may read the queues but not change them.
    const asCarla = (path: string, init: RequestInit = {}) => page.evaluate(async ([p, i]) => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('parley_csrf='))?.split('=')[1] ?? '';
      const res = await fetch(`/api/v1${p}`, { ...i, headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) } });
      return `${res.status} ${res.ok ? '' : ((await res.json()) as { code: string }).code}`.trim();
    }, [path, init] as const);
    expect(await asCarla('/queues')).toBe('200');
    // Refused for her role (not for a missing CSRF token: the console's own header goes with each write).
    expect(await asCarla('/queues', { method: 'POST', body: JSON.stringify({ name: 'Mine' }) })).toBe('403 forbidden');
    expect(await asCarla(`/queues/${queues.Billing}`, { method: 'PATCH', body: JSON.stringify({ priority: 1 }) })).toBe('403 forbidden');
    expect(await asCarla('/skills', { method: 'POST', body: JSON.stringify({ name: 'French' }) })).toBe('403 forbidden');

    // Back in the supervisor view, Carla hands Tom's offered case to Bo with a note.
    await page.click('nav a:has-text("Supervisor")');
    await heldRow(offered).waitFor();
    await heldRow(offered).locator('button:has-text("Reassign")').click();
    const dialog = page.locator('[role=dialog]');
    expect(await dialog.innerText()).toContain('Now: offered to Ana Ruiz, not accepted yet.');
    await dialog.locator('select#reassign-target').selectOption({ label: 'Bo Chen — Available' });
    await dialog.locator('#reassign-note').fill('Ana is on a call; Bo knows lamp orders.');
    await dialog.locator('[data-testid=reassign-submit]:has-text("Transfer")').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => heldRow(offered).innerText()).toMatch(/Tom Becker[\s\S]*Bo Chen\s+New\s+Accepted\s+Billing · since/);
    expect(await heldRow(offered).getAttribute('data-state')).toBe('accepted');
    await expect.poll(kpis).toMatch(/^61\s+Waiting\s+0\s+Offered\s+58\s+Accepted/);
    expect((await routing(offered)).assignment).toMatchObject({ agentId: bo.id, agentName: 'Bo Chen', state: 'accepted' });
    // The reassigned case leaves the offers and the backlog's "Show more" still holds every waiting case.
    expect(await page.locator('[data-testid=backlog-total]').innerText()).toBe('61');

    // The three refused writes above are the only failed requests her browser logged.
    expect(carla.errors!.filter((e) => !e.includes('status of 403'))).toEqual([]);
    expect(carla.errors!.filter((e) => e.includes('status of 403'))).toHaveLength(3);
  }, 240_000);

  it("an agent reads the queue's name and her case's place in it, in the case view", async () => {
    // Ana steps away; two invoice questions wait in Billing for her.
    await json(h.api(`/api/v1/agents/${ana.id}/status`, { method: 'PUT', json: { status: 'away' } }));
    const first = await customerWrites('c-mia', 'Mia Svensson', 'Could you send my invoice again?');
    // Each case routes in its own workflow: the second customer is second in line once the first waits.
    await eventually(async () => ((await routing(first)).state === 'waiting' ? true : null));
    const second = await customerWrites('c-olu', 'Olu Bakare', 'I was charged twice for one order.');
    await eventually(async () => ((await routing(second)).state === 'waiting' ? true : null));
    expect(await routing(second)).toMatchObject({ queueName: 'Billing', position: 2, waitingInQueue: 2, waitReason: 'nobody_available' });

    const page = await openConsole(ana);
    await page.waitForSelector('h1:has-text("Inbox")');
    await page.locator(`.case-list [data-case-id="${second}"]`).click();
    await page.locator('.case-title h2:has-text("Olu Bakare")').waitFor();
    const assignee = page.locator('[data-slot=assignment]');
    await expect.poll(() => assignee.innerText()).toMatch(/Waiting in Billing — 2nd of 2, for \d+ s\s*\(nobody is available\)/);
    await page.locator(`.case-list [data-case-id="${first}"]`).click();
    await page.locator('.case-title h2:has-text("Mia Svensson")').waitFor();
    await expect.poll(() => assignee.innerText()).toMatch(/Waiting in Billing — 1st of 2/);
    expect(ana.errors).toEqual([]);
  }, 120_000);
});
