// Each business flow started from a rule drawn in the editor, in real Chromium against a real Parley
// (Temporal dev server, SQLite, HTTP), stripe-mock for Stripe and the BYOC stand-in middleware as the
// customers' channel. An admin draws three rules by drag and drop and publishes them:
//   a. message received → text contains "pagar" → Request payment: the Checkout link reaches the customer;
//   b. message received → text contains "cita" → Offer appointment (the service picked by name): the slots do
//      (and once the service is deleted, the card and the picker still show the id the rule holds);
//   c. triggered by API → Start campaign (the campaign picked by name): the campaign's messages do.
// Screenshots of the three canvases go to docs/screenshots/flow-rules-*.png (and are looked at).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startByocMiddleware, type ByocMiddleware } from '../fakes/byoc-middleware';
import { startStripeMock, type StripeMock } from '../fakes/stripe-mock';
import { byocCustomers } from '../support/byoc-customers';
import { startConsole, type ConsoleSession } from '../support/console-session';
import { eventually, type Harness } from '../support/parley-harness';

const SECRET = 'whsec_' + Buffer.alloc(32, 31).toString('base64');
const ALL_DAY = [{ start: '00:00', end: '24:00' }];
const EVERY_DAY = { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY };

/** The canvas re-measures nodes, and workflows start, slower on a busy 2-core machine. */
const SLOW = { timeout: 20_000, interval: 100 };
/** A rule run, a flow's workflow and the outbound delivery, one after the other (ms). */
const FLOW_MS = 60_000;

describe('web console: each business flow started from a rule drawn in the editor', () => {
  let mw: ByocMiddleware;
  let stripe: StripeMock;
  let ui: ConsoleSession;
  let h: Harness;
  let page: Page;
  let errors: string[];
  let customers: ReturnType<typeof byocCustomers>;
  let channelId: string;

  const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
  const card = (id: string) => node(id).locator('.rf-node');

  const shot = async (name: string) => {
    await page.evaluate(() => document.querySelector('.palette')?.scrollTo(0, 0));
    const hideToasts = await page.addStyleTag({ content: '.toasts { display: none !important; }' });
    await ui.shot(name, page, { animations: 'disabled', timeout: 30_000 });
    await hideToasts.evaluate((el) => (el as Element).remove());
  };

  /** Drags a palette item onto the canvas at a point (relative to the canvas pane). */
  const drop = async (item: string, x: number, y: number) => {
    await page.locator(`[data-palette="${item}"]`).dragTo(page.locator('.react-flow__pane'), { targetPosition: { x, y } });
  };

  /** Drags from a node's output handle to the next node's input handle, and waits for the edge. */
  const connect = async (from: string, to: string) => {
    const s = (await node(from).locator('.react-flow__handle.source[data-handleid="next"]').boundingBox())!;
    const t = (await node(to).locator('.react-flow__handle.target').boundingBox())!;
    const edges = await page.locator('.react-flow__edge').count();
    await page.mouse.move(s.x + s.width / 2, s.y + s.height / 2);
    await page.mouse.down();
    await page.waitForTimeout(60);
    await page.mouse.move(t.x + t.width / 2, t.y + t.height / 2, { steps: 15 });
    await page.waitForTimeout(60);
    await page.mouse.up();
    await expect.poll(() => page.locator('.react-flow__edge').count(), SLOW).toBe(edges + 1);
  };

  /** From the rules list: a new, empty rule in the editor. Returns its id. */
  const newRule = async (name: string) => {
    await page.goto(`${h.parley.url}/rules`);
    await page.locator('button:has-text("New rule")').first().click();
    await page.fill('#rule-name', name);
    await page.fill('#rule-folder', 'Flows');
    await page.click('.dialog button:has-text("Create rule")');
    await page.waitForSelector('text=Start with a trigger');
    return page.url().split('/rules/')[1];
  };

  /** "Message received" on the test's channel → "Message text contains <word>" → the flow's action. */
  const drawMessageRule = async (word: string, action: string) => {
    await drop('trigger:message.created', 420, 70);
    await drop('condition', 420, 230);
    await drop(`action:${action}`, 420, 390);
    await expect.poll(() => page.locator('.react-flow__handle').count(), SLOW).toBe(5);
    await connect('trigger_1', 'condition_1');
    await connect('condition_1', 'action_1');
    await card('trigger_1').click();
    await page.locator('label.check', { hasText: 'Flows chat' }).locator('input').check();
    await expect.poll(() => card('trigger_1').innerText(), SLOW).toContain('Message received · inbound · Flows chat');
    await card('condition_1').click();
    await page.click('button:has-text("Add a test")');
    await page.selectOption('[aria-label="Test 1 field"]', 'message.text');
    await page.selectOption('[aria-label="Test 1 operator"]', 'contains');
    await page.fill('[aria-label="Test 1 value"]', word);
    expect(await card('condition_1').innerText()).toContain(`Message text contains ${word}`);
    await card('action_1').click();
  };

  const publish = async (ruleId: string, note: string) => {
    await page.click('header button:has-text("Publish")');
    await page.fill('#publish-note', note);
    await page.click('.dialog button:has-text("Publish")');
    await page.waitForSelector('.editor-head .chip:has-text("v1 live")');
    const published = await (await h.api(`/api/v1/rules/${ruleId}/versions/1`)).json();
    return Object.fromEntries(published.graph.nodes.map((n: { id: string }) => [n.id, n])) as Record<string, Record<string, unknown>>;
  };

  const texts = () => mw.received.map((r) => String(r.body?.text ?? ''));

  beforeAll(async () => {
    stripe = await startStripeMock();
    mw = await startByocMiddleware({ secret: SECRET });
    ui = await startConsole({ viewport: { width: 1440, height: 900 } });
    ({ h, page, errors } = ui);
    customers = byocCustomers(h, mw, SECRET);
    const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'Flows chat', config: { outboundUrl: mw.url, secret: SECRET } } });
    channelId = (await res.json()).id;
  }, 180_000);

  afterAll(async () => {
    await ui?.stop();
    await mw?.close();
    await stripe?.stop();
  });

  it('a. "pagar" → Request payment: drawn, published, and the customer gets the Checkout link', async () => {
    const stripeSaved = await h.api('/api/v1/settings/stripe', { method: 'PUT', json: { secretKey: 'sk_test_flowrules', webhookSecret: 'whsec_flowrules', apiBaseUrl: stripe.url } });
    expect(stripeSaved.status).toBe(200);

    const ruleId = await newRule('Payment when asked');
    await drawMessageRule('pagar', 'request_payment');
    // The amount is typed in cents; the panel and the card say what the customer will pay.
    await page.fill('[aria-label="Amount"]', '1250');
    await page.selectOption('[data-field="input.currency"] select', 'eur');
    await page.fill('[data-field="input.description"] input', 'Reserva mesa para dos');
    expect(await page.locator('[data-testid=amount-in-words]').innerText()).toBe('= 12.50 EUR');
    await expect.poll(() => card('action_1').innerText(), SLOW).toContain('Request 12.50 EUR · Reserva mesa para dos');
    const byId = await publish(ruleId, 'Payment link on request');
    expect(byId.action_1).toMatchObject({ action: 'request_payment', input: { amount: 1250, currency: 'eur', description: 'Reserva mesa para dos' } });
    await shot('flow-rules-payment.png');

    const { caseIds: [caseId] } = await customers.customerWrites(channelId, 'pay-1', 'Hola, quiero pagar la reserva');
    // The payment shows under the API's list, waiting for the customer.
    const payment = await eventually(async () => {
      const { items } = await (await h.api('/api/v1/payments')).json();
      return items.find((p: { caseId: string; status: string }) => p.caseId === caseId && p.status === 'awaiting_payment');
    }, FLOW_MS, 250);
    expect(payment).toMatchObject({ amount: 1250, currency: 'eur', amountFormatted: '€12.50', description: 'Reserva mesa para dos' });
    expect(payment.checkoutUrl).toBeTruthy();
    // The secure link arrives in the customer's conversation (a button: the BYOC channel has them).
    await eventually(() => customers.sentTo('pay-1').some((r) => r.body.content?.content?.type === 'buttons' && r.rawBody.includes(payment.checkoutUrl)), FLOW_MS, 250);
    expect(errors).toEqual([]);
  }, 240_000);

  it('b. "cita" → Offer appointment with the service picked by name: the customer gets the free times', async () => {
    const agent = await (await h.api('/api/v1/users', { method: 'POST', json: { email: 'marta@example.com', name: 'Marta Sol', role: 'agent', password: 'a long password' } })).json();
    expect((await h.api(`/api/v1/agents/${agent.id}/availability`, { method: 'PUT', json: { timeZone: 'UTC', weekly: EVERY_DAY } })).status).toBe(200);
    const created = await h.api('/api/v1/appointment-services', { method: 'POST', json: {
      name: 'Cata de café', durationMinutes: 45, slotStepMinutes: 30, agentIds: [agent.id], timeZone: 'Europe/Madrid', minNoticeMinutes: 0, slotsPerOffer: 3,
    } });
    expect(created.status).toBe(201);
    const service = await created.json();

    const ruleId = await newRule('Offer a tasting');
    await drawMessageRule('cita', 'offer_appointment');
    const picker = page.locator('select[aria-label="Service"]');
    await expect.poll(() => picker.locator('option').allInnerTexts(), SLOW).toEqual(['Choose a service…', 'Cata de café · 45 min']);
    expect(await card('action_1').innerText()).toContain('Offer appointment: …');
    await picker.selectOption({ label: 'Cata de café · 45 min' });
    await expect.poll(() => card('action_1').innerText(), SLOW).toContain('Offer appointment: Cata de café');
    const byId = await publish(ruleId, 'Offer slots on request');
    expect(byId.action_1).toMatchObject({ action: 'offer_appointment', input: { serviceId: service.id } });
    await shot('flow-rules-appointment.png');

    const { caseIds: [caseId] } = await customers.customerWrites(channelId, 'appt-1', 'Quiero una cita para la cata');
    const offer = await eventually(() => customers.sentTo('appt-1').find((r) => JSON.stringify(r.body.content ?? null).includes('timePicker')), FLOW_MS, 250);
    // Three numbered times as the fallback text, and the flow waiting for the customer's pick.
    expect(offer.body.text).toMatch(/1\. .*\n2\. .*\n3\. /);
    const { items } = await (await h.api(`/api/v1/cases/${caseId}/appointments`)).json();
    expect(items.map((a: { serviceId: string; status: string }) => [a.serviceId, a.status])).toEqual([[service.id, 'awaiting_pick']]);

    // The service is deleted later: the rule still shows which id it holds, on the card and in the picker.
    expect((await h.api(`/api/v1/appointment-services/${service.id}`, { method: 'DELETE' })).status).toBeLessThan(300);
    await page.reload();
    await expect.poll(() => card('action_1').innerText(), SLOW).toContain(`Offer appointment: ${service.id}`);
    await card('action_1').click();
    await expect.poll(() => picker.locator('option:checked').innerText(), SLOW).toBe(`No such service here (${service.id})`);
    expect(errors).toEqual([]);
  }, 240_000);

  it('c. Triggered by API → Start campaign picked by name: the campaign\'s messages reach the provider', async () => {
    const csv = 'id,name,byoc\n1,Ana Ruiz,camp-ana\n2,Luis Gil,camp-luis\n';
    const list = await (await h.api('/api/v1/contact-lists?name=Clientes%20cata', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv })).json();
    expect(list.counts).toMatchObject({ valid: 2 });
    const created = await h.api('/api/v1/campaigns', { method: 'POST', json: { name: 'Nueva cata', channelId, listId: list.id, message: { text: 'Hola {{name}}, hay nueva cata el viernes.' } } });
    expect(created.status).toBe(201);
    const campaign = await created.json();

    const ruleId = await newRule('Announce the tasting');
    await drop('trigger:api.event', 420, 90);
    await drop('action:start_campaign', 420, 280);
    await expect.poll(() => page.locator('.react-flow__handle').count(), SLOW).toBe(3);
    await connect('trigger_1', 'action_1');
    await card('trigger_1').click();
    await page.fill('[data-field="config.key"] input', 'tasting.announce');
    await expect.poll(() => card('trigger_1').innerText(), SLOW).toContain('key tasting.announce');
    await card('action_1').click();
    const picker = page.locator('select[aria-label="Campaign"]');
    await expect.poll(() => picker.locator('option').allInnerTexts(), SLOW).toEqual(['Choose a campaign…', 'Nueva cata · Draft', 'A {{variable}}…']);
    // The campaign may come with the event instead ({{variables}} allowed): typed, then back to the list.
    await picker.selectOption('{{');
    const typed = page.locator('[aria-label="Campaign (variable)"]');
    await typed.fill('{{trigger.payload.campaignId}}');
    await expect.poll(() => card('action_1').innerText(), SLOW).toContain('Start campaign {{trigger.payload.campaignId}}');
    await page.click('button:has-text("Pick from the list instead")');
    expect(await picker.inputValue()).toBe('');
    await picker.selectOption(campaign.id);
    await expect.poll(() => card('action_1').innerText(), SLOW).toContain('Start campaign Nueva cata');
    const byId = await publish(ruleId, 'Start the announcement from the shop');
    expect(byId.action_1).toMatchObject({ action: 'start_campaign', input: { campaignId: campaign.id } });
    await shot('flow-rules-campaign.png');

    const fired = await h.api('/api/v1/rules/events/tasting.announce', { method: 'POST', json: {} });
    expect(fired.status).toBe(202);
    expect((await fired.json()).rules).toBe(1);
    await eventually(async () => (await (await h.api(`/api/v1/campaigns/${campaign.id}`)).json()).status === 'completed', FLOW_MS, 250);
    expect(texts().filter((t) => t.includes('nueva cata')).sort()).toEqual(['Hola Ana Ruiz, hay nueva cata el viernes.', 'Hola Luis Gil, hay nueva cata el viernes.']);

    expect(errors).toEqual([]);
  }, 240_000);
});
