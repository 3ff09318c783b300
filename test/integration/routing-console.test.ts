// Settings → Routing and the case view's assignment control in headless Chromium against a real
// Parley: an admin creates skills, sets a channel's default skill, gives agents skills with a
// proficiency and makes them available, creates queues (mistakes shown next to their field); a
// webhook case is routed by the queue; in the case view the admin transfers it to another skill with
// a note, which the timeline shows; an offered case counts down; the inbox's skill filter narrows the list.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signByocRequest } from '../fakes/sign-byoc';
import { startConsole, type ConsoleSession } from '../support/console-session';
import { eventually, type Harness } from '../support/parley-harness';

const SECRET = 'whsec_' + Buffer.alloc(32, 23).toString('base64');

describe('routing in the console', () => {
  let ui: ConsoleSession;
  let h: Harness;
  let page: Page;
  let errors: string[];
  let shop: { id: string };
  const users: Record<string, string> = {};
  let n = 0;

  const json = async (path: string) => (await h.api(path)).json();
  const customerWrites = async (conversation: string, name: string, text: string) => {
    const body = { type: 'message', externalMessageId: `in-${++n}`, externalConversationId: conversation, sender: { externalId: `cust-${conversation}`, name }, text, timestamp: Date.now() };
    const res = await fetch(`${h.parley.url}/webhooks/${shop.id}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { caseIds: string[] }).caseIds[0];
  };

  beforeAll(async () => {
    ui = await startConsole();
    ({ h, page, errors } = ui);
    const channel = (name: string) => h.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name, config: { outboundUrl: 'http://127.0.0.1:9/out', secret: SECRET } } }).then((r) => r.json());
    shop = await channel('Shop app');
    await channel('Partner portal');
    for (const [name, role] of [['Ana Ruiz', 'agent'], ['Bo Chen', 'agent'], ['Carla Méndez', 'supervisor']]) {
      const user = await (await h.api('/api/v1/users', { method: 'POST', json: { email: `${name.split(' ')[0].toLowerCase()}@example.com`, name, role, password: 'correct horse battery' } })).json();
      users[name] = user.id;
    }
  }, 180_000);
  afterAll(() => ui?.stop());

  it('an admin sets up skills, agents and queues; a routed case is transferred with a note; the skill filter narrows the inbox', async () => {
    await page.goto(`${h.parley.url}/settings`);
    const routing = page.locator('[data-testid=routing-settings]');
    await routing.waitFor();

    // Skills: add two, a duplicate is refused next to the field, rename one.
    const addSkill = async (name: string) => {
      await routing.locator('input[aria-label="New skill name"]').fill(name);
      await routing.locator('button:has-text("Add skill")').click();
    };
    await addSkill('Billing');
    await routing.locator('[data-testid=skills] li:has-text("Billing")').waitFor();
    await addSkill('Refunds');
    await routing.locator('[data-testid=skills] li:has-text("Refunds")').waitFor();
    await addSkill('Billing');
    expect(await routing.locator('[data-testid=skills] .field-error').innerText()).toBe('A skill named "Billing" already exists.');
    await routing.locator('[data-testid=skills] li:has-text("Refunds") button:has-text("Rename")').click();
    await routing.locator('input[aria-label="New name for Refunds"]').fill('Returns');
    await routing.locator('[data-testid=skills] button:has-text("Save")').click();
    await routing.locator('[data-testid=skills] li:has-text("Returns")').waitFor();
    await routing.locator('input[aria-label="New skill name"]').fill('');
    const skills = (await json('/api/v1/skills')).items as { id: string; name: string }[];
    expect(skills.map((s) => s.name)).toEqual(['Billing', 'Returns']);
    const skillId = (name: string) => skills.find((s) => s.name === name)!.id;

    // The Shop app's cases need Billing.
    await routing.locator('select[aria-label="Default skill of Shop app"]').selectOption({ label: 'Billing' });
    await expect.poll(async () => (await json(`/api/v1/channels/${shop.id}`)).defaultSkillId).toBe(skillId('Billing'));

    // Agents: Ana holds Billing (proficiency 2), Bo holds Returns (1); both available, Ana takes 4 chats.
    const editAgent = async (name: string, skill: string, proficiency: string, chat?: string) => {
      await routing.locator(`tr[data-agent="${name}"] button:has-text("Edit")`).click();
      const dialog = page.locator('[role=dialog]');
      await dialog.locator(`label.check:has-text("${skill}") input`).check();
      await dialog.locator(`input[aria-label="${skill} proficiency (1 best, 20 weakest)"]`).fill(proficiency);
      if (chat) await dialog.locator('#cap-chat').fill(chat);
      await dialog.locator('#agent-status').selectOption('available');
      await dialog.locator('button:has-text("Save")').click();
      await dialog.waitFor({ state: 'detached' });
    };
    await editAgent('Ana Ruiz', 'Billing', '2', '4');
    await editAgent('Bo Chen', 'Returns', '1');
    const anaRow = routing.locator('tr[data-agent="Ana Ruiz"]');
    await expect.poll(() => anaRow.innerText()).toMatch(/Ana Ruiz[\s\S]*Available[\s\S]*Billing\s*2[\s\S]*Chat 0 \/ 4/);
    const agents = (await json('/api/v1/agents')).items as { id: string; status: string; skills: { skillId: string; proficiency: number }[]; capacity: { chat: number } }[];
    expect(agents.find((a) => a.id === users['Ana Ruiz'])).toMatchObject({ status: 'available', skills: [{ skillId: skillId('Billing'), proficiency: 2 }], capacity: { chat: 4 } });
    expect(agents.find((a) => a.id === users['Bo Chen'])).toMatchObject({ status: 'available', skills: [{ skillId: skillId('Returns'), proficiency: 1 }] });

    // A queue for invoices: a wrong offer time is caught before saving; then assigned at once.
    const queues = page.locator('[data-testid=routing-queues]');
    await queues.locator('button:has-text("New queue")').click();
    let dialog = page.locator('[role=dialog]');
    await dialog.locator('#queue-name').fill('Invoices');
    await dialog.locator('#queue-priority').fill('10');
    await dialog.locator('#queue-words').fill('invoice, charged twice');
    await dialog.locator('#queue-skill').selectOption({ label: 'Billing' });
    await dialog.locator('label:has-text("Least busy")').click();
    await dialog.locator('#queue-offer').fill('0');
    await dialog.locator('button:has-text("Create queue")').click();
    expect(await dialog.locator('.field-error').innerText()).toBe('The offer time must be a number from 1 to 86400.');
    await dialog.locator('label.check:has-text("Assign at once") input').check();
    await dialog.locator('#queue-wrapup').fill('30');
    await dialog.locator('button:has-text("Create queue")').click();
    await dialog.waitFor({ state: 'detached' });
    await queues.locator('tr[data-queue="Invoices"]').waitFor();

    // A second queue with a taken name: the API's refusal shows next to the name. Then the fallback.
    await queues.locator('button:has-text("New queue")').click();
    dialog = page.locator('[role=dialog]');
    await dialog.locator('#queue-name').fill('Invoices');
    await dialog.locator('label.check:has-text("Fallback queue") input').check();
    await dialog.locator('button:has-text("Create queue")').click();
    await expect.poll(() => dialog.locator('.field.invalid .field-error').innerText()).toBe('A queue named "Invoices" already exists.');
    await dialog.locator('#queue-name').fill('Everything else');
    await dialog.locator('#queue-offer').fill('90');
    await dialog.locator('button:has-text("Create queue")').click();
    await dialog.waitFor({ state: 'detached' });
    await queues.locator('tr[data-queue="Everything else"]').waitFor();
    const saved = (await json('/api/v1/queues')).items as Record<string, unknown>[];
    expect(saved.find((q) => q.name === 'Invoices')).toMatchObject({
      priority: 10, skillId: skillId('Billing'), strategy: 'least_busy', offerTimeoutMs: null, wrapUpMs: 30_000, isFallback: false,
      filters: { textContains: ['invoice', 'charged twice'], tags: [], channelTypes: [] },
    });
    expect(saved.find((q) => q.name === 'Everything else')).toMatchObject({ isFallback: true, skillId: null, offerTimeoutMs: 90_000, strategy: 'longest_idle' });
    expect(await queues.locator('tr[data-queue="Invoices"]').innerText()).toMatch(/Invoices[\s\S]*Priority 10[\s\S]*mentions “invoice” or “charged twice”[\s\S]*Billing[\s\S]*Least busy[\s\S]*Assign at once[\s\S]*30 s wrap-up/);

    // The account switch.
    const seeAll = routing.locator('label:has(input[aria-label="Agents see every case"])');
    await seeAll.click();
    await expect.poll(async () => (await json('/api/v1/routing/settings')).agentsSeeAllCases).toBe(true);
    await seeAll.click();
    await expect.poll(async () => (await json('/api/v1/routing/settings')).agentsSeeAllCases).toBe(false);

    // Confirmations fade on their own; click them away so the picture shows the settings only.
    while (await page.locator('.toast').count()) await page.locator('.toast').first().click({ timeout: 2000 }).catch(() => {});
    await page.setViewportSize({ width: 1280, height: 1500 });
    await ui.shot('routing-settings.png', routing);
    await page.setViewportSize({ width: 1280, height: 800 });

    // A customer writes about an invoice: the Invoices queue assigns it to Ana at once.
    const invoiceCase = await customerWrites('c-1', 'Lucía Fernández', 'Hello, my invoice for October shows I was charged twice.');
    await eventually(async () => ((await json(`/api/v1/cases/${invoiceCase}`)).assigneeId === users['Ana Ruiz'] ? true : null));
    // Another writes about something else: the fallback offers it to Ana (the channel's Billing), 90 s to accept.
    const otherCase = await customerWrites('c-2', 'Tom Becker', 'Do you ship to Norway?');
    await eventually(async () => ((await json(`/api/v1/cases/${otherCase}/routing`)).assignment?.state === 'offered' ? true : null));

    await page.goto(`${h.parley.url}/inbox`);
    await page.locator('.live-dot.on').waitFor();
    await page.locator(`[data-case-id="${otherCase}"]`).click();
    const assignee = page.locator('[data-testid=assignee]');
    await expect.poll(() => assignee.innerText()).toMatch(/^Offered to Ana Ruiz — \d+ s left$/);

    await page.locator(`[data-case-id="${invoiceCase}"]`).click();
    await page.locator('.case-title h2:has-text("Lucía Fernández")').waitFor();
    await expect.poll(() => assignee.innerText()).toBe('Ana Ruiz');
    // Transfer to Returns with a note: Bo holds Returns, so routing gives it to him.
    await page.click('[data-testid=assign-menu]');
    expect(await page.locator('[role=menu] [role=menuitem]').allInnerTexts()).toEqual(['Assign to me', 'Assign to…', 'Transfer…', 'Unassign']);
    await page.click('[role=menuitem]:has-text("Transfer…")');
    dialog = page.locator('[role=dialog]');
    await dialog.locator('#transfer-target').selectOption({ label: 'Returns' });
    await dialog.locator('#transfer-note').fill('She wants to send the second item back rather than a refund.');
    await ui.shot('case-transfer.png');
    await dialog.locator('button:has-text("Transfer")').last().click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => assignee.innerText()).toBe('Bo Chen');
    await page.click('[role=tab]:has-text("Timeline")');
    await expect.poll(() => page.locator('[data-testid=timeline]').innerText())
      .toMatch(/Transferred by .+ to skill Returns: She wants to send the second item back rather than a refund\./);
    expect((await json(`/api/v1/cases/${invoiceCase}`)).skillId).toBe(skillId('Returns'));

    // The skill filter: Returns shows the transferred case only, Billing the other one.
    const rows = () => page.locator('.case-list [data-case-id]').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-case-id')).filter(Boolean))]);
    await expect.poll(rows).toEqual(expect.arrayContaining([invoiceCase, otherCase]));
    const skillFilter = page.locator('select[aria-label="Skill"]');
    await skillFilter.selectOption({ label: 'Returns' });
    await expect.poll(rows).toEqual([invoiceCase]);
    await skillFilter.selectOption({ label: 'Billing' });
    await expect.poll(rows).toEqual([otherCase]);
    await skillFilter.selectOption({ label: 'All skills' });
    await expect.poll(async () => (await rows()).length).toBe(2);

    // The two refused duplicates (a skill, a queue) are the only failed requests the browser logged.
    expect(errors.filter((e) => !e.includes('status of 409'))).toEqual([]);
    expect(errors.filter((e) => e.includes('status of 409'))).toHaveLength(2);
  }, 240_000);
});
