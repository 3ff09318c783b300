// The web console end to end, in real Chromium against a real Parley (Temporal dev server, SQLite,
// HTTP): an admin signs in, draws a rule by drag and drop (message received → contains "reembolso"
// → add tag → send quick replies), sees a validation error on its node and fixes it, publishes, a
// signed BYOC message makes the rule run (tag on the case, reply at the middleware), the run history
// highlights the path, a dry-run replays the recorded event, and v2 is published then rolled back.
// A second rule in another folder fails on a missing agent: the rules list and its run history say so.
// Screenshots of each screen go to docs/screenshots/ (and are looked at: a confusing screen is a bug).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startByocMiddleware, type ByocMiddleware } from '../fakes/byoc-middleware';
import { signByocRequest } from '../fakes/sign-byoc';
import { sessionToken } from '../support/browser';
import { startConsole, type ConsoleSession } from '../support/console-session';
import { eventually, type Harness } from '../support/parley-harness';

const SECRET = 'whsec_' + Buffer.alloc(32, 7).toString('base64');

/** The canvas re-measures nodes after undo, paste and layout: slower on a busy 2-core machine. */
const SLOW = { timeout: 10_000, interval: 50 };

describe('web console: drawing, publishing and auditing a rule in Chromium', () => {
  let mw: ByocMiddleware;
  let ui: ConsoleSession;
  let h: Harness;
  let page: Page;
  let errors: string[];
  let channelId: string;
  let ruleId: string;

  const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
  const card = (id: string) => node(id).locator('.rf-node');
  const shot = async (name: string, opts: { wholePage?: boolean } = {}) => {
    // The console scrolls inside its main column, not the document: a whole page needs a taller window.
    const viewport = page.viewportSize()!;
    if (opts.wholePage) {
      const height = await page.evaluate(() => document.querySelector('.main')?.scrollHeight ?? 0);
      await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
    }
    await page.evaluate(() => document.querySelector('.palette')?.scrollTo(0, 0));
    // Passing confirmations ("Draft saved") are not part of the screen being documented.
    const hideToasts = await page.addStyleTag({ content: '.toasts { display: none !important; }' });
    // Animated edges never settle: freeze CSS animations for the picture.
    await ui.shot(name, page, { animations: 'disabled', timeout: 30_000 });
    await hideToasts.evaluate((el) => (el as Element).remove());
    if (opts.wholePage) await page.setViewportSize(viewport);
  };

  /** Drags a palette item onto the canvas at a point (relative to the canvas pane). */
  const drop = async (item: string, x: number, y: number) => {
    await page.locator(`[data-palette="${item}"]`).dragTo(page.locator('.react-flow__pane'), { targetPosition: { x, y } });
  };

  /** Drags from a node's output handle to another node's input handle (or, for the trigger, which has none, the top of its card). */
  const connect = async (from: string, to: string, handle = 'next') => {
    const s = (await node(from).locator(`.react-flow__handle.source[data-handleid="${handle}"]`).boundingBox())!;
    const targetHandle = node(to).locator('.react-flow__handle.target');
    const t = (await targetHandle.count()) ? (await targetHandle.boundingBox())! : { ...(await card(to).boundingBox())!, height: 0 };
    const edges = await page.locator('.react-flow__edge').count();
    await page.mouse.move(s.x + s.width / 2, s.y + s.height / 2);
    await page.mouse.down();
    // Give React Flow time to start the connection and to find the handle under the pointer.
    await page.waitForTimeout(60);
    await page.mouse.move(t.x + t.width / 2, t.y + t.height / 2, { steps: 15 });
    await page.waitForTimeout(60);
    await page.mouse.up();
    return { added: async () => expect.poll(() => page.locator('.react-flow__edge').count(), SLOW).toBe(edges + 1) };
  };

  const rule = async () => (await h.api(`/api/v1/rules/${ruleId}`)).json();

  beforeAll(async () => {
    mw = await startByocMiddleware({ secret: SECRET });
    // Signing in is the first test's subject.
    ui = await startConsole({ viewport: { width: 1440, height: 900 }, signIn: false });
    ({ h, page, errors } = ui);
    const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'Web shop chat', config: { outboundUrl: mw.url, secret: SECRET } } });
    channelId = (await res.json()).id;
  }, 180_000);

  afterAll(async () => {
    await ui?.stop();
    await mw?.close();
  });

  it('Parley serves the console at /, and the admin signs in with the printed credentials', async () => {
    const index = await fetch(`${h.parley.url}/rules`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(await index.text()).toContain('<div id="root">');
    // The API keeps its own 404s.
    const missing = await h.api('/api/v1/nope');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');

    const { email, password } = h.parley.credentials!;
    await page.goto(`${h.parley.url}/`);
    await page.fill('#email', email);
    await page.fill('#password', 'not the password');
    await shot('sign-in.png');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('[role=alert]').innerText()).toMatch(/do not match/);
    await page.fill('#password', password);
    await page.click('button[type=submit]');
    await page.waitForSelector('h1:has-text("Rules")');
    expect(await page.locator('.who-name').innerText()).toBe('Administrator');
    // The first visit: no rules yet, an invitation to create one and what rules are for.
    const empty = page.locator('[data-testid=no-rules]');
    await empty.waitFor();
    expect(await empty.innerText()).toMatch(/Create your first rule/);
    await shot('empty-rules.png');
  });

  it('draws the rule by drag and drop; the empty reply is refused on its node, then fixed and published', async () => {
    await page.click('button:has-text("New rule")');
    await page.fill('#rule-name', 'Refund requests');
    await page.fill('#rule-folder', 'Billing');
    await page.click('.dialog button:has-text("Create rule")');
    await page.waitForSelector('text=Start with a trigger');
    ruleId = page.url().split('/rules/')[1];
    await shot('new-rule.png');

    await drop('trigger:message.created', 420, 70);
    await drop('condition', 420, 220);
    await drop('action:add_tag', 420, 370);
    await drop('action:send_message', 420, 520);
    expect(await page.locator('.react-flow__node').count()).toBe(4);
    // Each card is measured and has its handles before connecting.
    await expect.poll(() => page.locator('.react-flow__handle').count(), SLOW).toBe(7);
    // A second trigger cannot be added: a rule has one, and the palette says where to change it.
    const oneTrigger = page.locator('[data-testid=one-trigger]');
    expect(await oneTrigger.innerText()).toContain('A rule has one trigger — change it in the trigger’s panel.');
    expect(await page.locator('[data-palette^="trigger:"]').count()).toBe(0);
    await oneTrigger.locator('button:has-text("See all")').click();
    const another = page.locator('[data-palette="trigger:case.created"]');
    expect(await another.getAttribute('aria-disabled')).toBe('true');
    expect(await another.getAttribute('title')).toContain('change it in the trigger’s panel');
    await oneTrigger.locator('button:has-text("Hide the list")').click();

    await (await connect('trigger_1', 'condition_1')).added();
    await (await connect('condition_1', 'action_1')).added();
    await (await connect('action_1', 'action_2')).added();
    // Connection validation while dragging: nothing connects into the trigger, and no loops.
    await connect('action_2', 'trigger_1');
    await connect('action_2', 'condition_1');
    await page.waitForTimeout(300); // an accepted edge would have rendered by now
    expect(await page.locator('.react-flow__edge').count()).toBe(3);

    // Delete and undo, from the keyboard.
    await card('action_2').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.react-flow__node').count(), SLOW).toBe(3);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.react-flow__node').count(), SLOW).toBe(4);
    await expect.poll(() => page.locator('.react-flow__edge').count(), SLOW).toBe(3);
    // The trigger cannot be deleted.
    await card('trigger_1').click();
    await page.keyboard.press('Delete');
    expect(await page.locator('.react-flow__node').count()).toBe(4);
    // Copy and paste gives the copy a new id; arrow keys move the selection; undo takes both back.
    await card('action_1').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await node('action_3').waitFor();
    const pasted = (await node('action_3').boundingBox())!;
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await node('action_3').boundingBox())!.x, SLOW).toBeGreaterThan(pasted.x + 5);
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.react-flow__node').count(), SLOW).toBe(4);
    await page.keyboard.press('Control+Shift+z');
    await node('action_3').waitFor();
    await page.click('button[aria-label="Undo"]');
    await expect.poll(() => page.locator('.react-flow__node').count(), SLOW).toBe(4);

    // Configure: the condition builder offers the field catalogue and its operators.
    await card('condition_1').click();
    await page.click('button:has-text("Add a test")');
    await page.selectOption('[aria-label="Test 1 field"]', 'message.text');
    await page.selectOption('[aria-label="Test 1 operator"]', 'contains');
    await page.fill('[aria-label="Test 1 value"]', 'reembolso');
    expect(await card('condition_1').innerText()).toContain('Message text contains reembolso');

    await card('action_1').click();
    await page.fill('[data-field="input.tag"] input', 'refund');
    expect(await card('action_1').innerText()).toContain('Add tag refund');

    await card('action_2').click();
    await page.click('button:has-text("Add quick reply")');
    await page.click('button:has-text("Add quick reply")');
    await page.locator('[data-field="input.quickReplies.0.title"] input').fill('Sí, por favor');
    await page.locator('[data-field="input.quickReplies.1.title"] input').fill('No, gracias');

    // Saved with the text left empty: the problem is shown on that node, its field, and in the list.
    await page.click('header button:has-text("Save draft")');
    await expect.poll(() => card('action_2').getAttribute('class'), SLOW).toContain('has-issues');
    expect(await card('action_2').locator('.rf-node-issues').innerText()).toMatch(/^Text: /);
    expect(await page.locator('[data-field="input.text"]').getAttribute('class')).toContain('invalid');
    expect(await page.locator('[data-testid=issues]').innerText()).toContain('action_2');
    await page.screenshot({ path: join(tmpdir(), 'parley-console-issues.png') });
    // Publishing is refused the same way.
    await page.click('header button:has-text("Publish")');
    await page.click('.dialog button:has-text("Publish")');
    await expect.poll(async () => (await rule()).activeVersion, SLOW).toBeNull();
    expect(await card('action_2').getAttribute('class')).toContain('has-issues');

    // Fix it, with a variable picked from the suggestions that open on `{{`.
    const text = page.locator('[data-field="input.text"] textarea');
    await text.click();
    await text.pressSequentially('Hola {{contact.na');
    await page.waitForSelector('.suggest button:has-text("{{contact.name}}")');
    await page.keyboard.press('Enter');
    await text.pressSequentially(', vamos a revisar tu reembolso.');
    expect(await text.inputValue()).toBe('Hola {{contact.name}}, vamos a revisar tu reembolso.');
    await page.click('header button:has-text("Save draft")');
    await expect.poll(() => page.locator('.rf-node-issues').count(), SLOW).toBe(0);

    await page.click('header button:has-text("Publish")');
    await page.fill('#publish-note', 'Tag refund requests and answer them');
    await page.click('.dialog button:has-text("Publish")');
    await page.waitForSelector('.editor-head .chip:has-text("v1 live")');

    const published = await (await h.api(`/api/v1/rules/${ruleId}/versions/1`)).json();
    expect(published.note).toBe('Tag refund requests and answer them');
    const byId = Object.fromEntries(published.graph.nodes.map((n: { id: string }) => [n.id, n]));
    expect(byId.trigger_1).toMatchObject({ kind: 'trigger', trigger: 'message.created', config: { direction: 'in' } });
    expect(byId.condition_1.all).toEqual([expect.objectContaining({ field: 'message.text', op: 'contains', value: 'reembolso' })]);
    expect(byId.action_1).toMatchObject({ action: 'add_tag', input: { tag: 'refund' } });
    expect(byId.action_2).toMatchObject({ action: 'send_message', input: { text: 'Hola {{contact.name}}, vamos a revisar tu reembolso.', quickReplies: [{ title: 'Sí, por favor' }, { title: 'No, gracias' }] } });
    expect(published.graph.edges.map((e: { source: string; target: string }) => `${e.source}>${e.target}`).sort())
      .toEqual(['action_1>action_2', 'condition_1>action_1', 'trigger_1>condition_1']);

    await card('condition_1').click();
    await shot('rule-editor.png');
  });

  it('reacts to a signed BYOC message: the tag through the API, the reply at the middleware, the path in the run history', async () => {
    const body = { type: 'message', externalMessageId: 'ext-e2e-1', externalConversationId: 'conv-e2e', sender: { externalId: 'cust-e2e', name: 'Ana' }, text: 'Hola, quiero un reembolso', timestamp: Date.now() };
    const res = await fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    const { caseIds: [caseId] } = await res.json();

    const sent = Date.now();
    const tagged = await eventually(async () => {
      const c = await (await h.api(`/api/v1/cases/${caseId}`)).json();
      return c.tags?.includes('refund') ? c : null;
    }, 30_000);
    expect(tagged.tags).toContain('refund');
    const [reply] = await mw.waitFor(1, 30_000);
    expect(reply.verified).toBe(true);
    expect(reply.body).toMatchObject({ caseId, externalConversationId: 'conv-e2e' });
    expect(reply.body.text).toContain('Hola Ana, vamos a revisar tu reembolso.');
    expect(JSON.stringify(reply.body)).toContain('Sí, por favor');
    expect(JSON.stringify(reply.body)).toContain('No, gracias');
    console.log(`[e2e] tag and reply ${Date.now() - sent} ms after the webhook`);

    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 320 } });
    await page.click('header button:has-text("Runs")');
    const run = page.locator('[data-run]').first();
    await run.waitFor({ timeout: 30_000 });
    await expect.poll(() => run.innerText(), { timeout: 30_000 }).toContain('Completed');
    await run.click();
    await page.waitForSelector('[data-testid=run-detail]');
    for (const id of ['trigger_1', 'condition_1', 'action_1', 'action_2']) {
      await expect.poll(() => card(id).getAttribute('class'), SLOW).toContain('path-taken');
    }
    expect(await page.locator('.react-flow__edge.animated').count()).toBe(3);
    expect(await card('condition_1').innerText()).toContain('Passed');
    const detail = await page.locator('[data-testid=run-detail]').innerText();
    expect(detail).toContain('Add tag');
    expect(detail).toContain('"tag": "refund"');
    expect(detail).toContain('Hola Ana, vamos a revisar tu reembolso.');
    expect(detail).toContain(caseId);
    await shot('run-history.png');
    await page.click('button:has-text("Back to the draft")');
  });

  it('dry-runs the draft against the recorded event: the path and the actions with resolved variables, nothing executed', async () => {
    const before = mw.received.length;
    await page.click('header button:has-text("Dry-run")');
    const event = page.locator('[data-event]', { hasText: 'quiero un reembolso' }).first();
    await event.click();
    await page.click('button:has-text("Run dry-run")');
    const result = page.locator('[data-testid=dry-run-result]');
    await result.waitFor();
    const text = await result.innerText();
    expect(text).toContain('Nothing was executed');
    expect(text).toContain('The rule would fire');
    expect(text).toContain('"tag": "refund"');
    expect(text).toContain('Hola Ana, vamos a revisar tu reembolso.');
    for (const id of ['trigger_1', 'condition_1', 'action_1', 'action_2']) {
      expect(await card(id).getAttribute('class')).toContain('path-taken');
    }
    expect(await page.locator('.canvas-strip.dry').innerText()).toContain('Nothing was executed');
    await shot('dry-run.png');
    // Really nothing: no new delivery, one run only.
    await new Promise((r) => setTimeout(r, 500));
    expect(mw.received.length).toBe(before);
    expect((await (await h.api(`/api/v1/rules/${ruleId}/runs`)).json()).items).toHaveLength(1);
    await page.click('button[aria-label="Close dry-run"]');
  });

  it('publishes a v2, shows what changed, and rolls back to v1', async () => {
    await card('action_1').click();
    await page.fill('[data-field="input.tag"] input', 'reembolso');

    // Replay the changed draft over the recorded events, next to v1.
    await page.click('header button:has-text("Replay")');
    await page.click('.side-panel button:has-text("Replay")');
    const replay = page.locator('[data-testid=replay-result]');
    await replay.waitFor();
    const stats = await replay.locator('.stat .n').allInnerTexts();
    expect(stats).toEqual(['1', '1']); // the customer's message fires both; the reply does not match "inbound"
    expect(await replay.innerText()).toContain('times v1 fired');
    await shot('replay.png');
    await page.click('button[aria-label="Close replay"]');

    await page.click('header button:has-text("Publish")');
    await page.fill('#publish-note', 'Spanish tag name');
    await page.click('.dialog button:has-text("Publish")');
    await page.waitForSelector('.editor-head .chip:has-text("v2 live")');

    await page.click('header button:has-text("Versions")');
    await page.waitForSelector('[data-version="2"]');
    await page.selectOption('[aria-label="Compare from"]', '1');
    await page.selectOption('[aria-label="Compare to"]', '2');
    await page.click('button:has-text("Show on canvas")');
    await expect.poll(() => card('action_1').getAttribute('class'), SLOW).toContain('diff-changed');
    // A node shown anew is hidden until React Flow has measured it: wait for its words, not just its class.
    await expect.poll(() => card('action_1').innerText(), SLOW).toContain('Tag: refund → reembolso');
    await shot('versions-diff.png');
    await page.click('button:has-text("JSON diff")');
    const diff = await page.locator('[data-testid=json-diff]').innerText();
    expect(diff).toContain('"tag": "refund"');
    expect(diff).toContain('"tag": "reembolso"');
    await page.click('.dialog button:has-text("Close")');

    await page.locator('[data-version="1"] button:has-text("Roll back")').click();
    await page.click('.dialog button:has-text("Roll back to v1")');
    await page.waitForSelector('.editor-head .chip:has-text("v3 live")');
    const after = await rule();
    expect(after.activeVersion).toBe(3);
    const v3 = await (await h.api(`/api/v1/rules/${ruleId}/versions/3`)).json();
    expect(v3.rolledBackFrom).toBe(1);
    expect(v3.graph.nodes.find((n: { id: string }) => n.id === 'action_1').input.tag).toBe('refund');
    expect(await card('action_1').innerText()).toContain('Add tag refund');
    // The console ran without a script error (refused requests, like the wrong password, are logged by the browser).
    expect(errors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
  });

  it('exports a rule and imports it again as a new draft', async () => {
    const exported = await (await h.api(`/api/v1/rules/${ruleId}/export`)).text();
    await page.click('button[aria-label="Back to rules"]');
    await page.waitForSelector('a.rule-name');
    await page.setInputFiles('[data-testid=import-file]', { name: 'refund-requests.rule.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
    await page.waitForURL((url) => url.pathname.startsWith('/rules/') && !url.pathname.endsWith(ruleId));
    await page.waitForSelector('.editor-head .chip:has-text("never published")');
    // Imported next to the rule it came from, it gets a name of its own.
    expect(await page.locator('.crumbs .name').innerText()).toBe('Refund requests (copy)');
    expect(await card('action_1').innerText()).toContain('Add tag refund');
    expect((await (await h.api('/api/v1/rules')).json()).items).toHaveLength(2);
  });

  it('lists the rules by folder with their trigger, live version, unpublished changes and runs; a failed run says why', async () => {
    // A second rule, in another folder, assigns urgent messages to an agent who has left the account.
    const escalate = (tests: { field: string; op: string; value: string }[]) => ({
      nodes: [
        { id: 'trigger_1', kind: 'trigger', trigger: 'message.created', config: { direction: 'in' }, position: { x: 0, y: 0 } },
        { id: 'condition_1', kind: 'condition', all: tests, position: { x: 0, y: 150 } },
        { id: 'action_1', kind: 'action', action: 'assign_agent', input: { userId: 'usr_left_the_company' }, position: { x: 0, y: 300 } },
      ],
      edges: [{ id: 'e1', source: 'trigger_1', target: 'condition_1' }, { id: 'e2', source: 'condition_1', target: 'action_1' }],
    });
    const urgentWord = { field: 'message.text', op: 'contains', value: 'urgente' };
    const created = await (await h.api('/api/v1/rules', { method: 'POST', json: { name: 'Escalate urgent messages', folder: 'Support', description: 'Urgent messages go to the on-call agent', draft: escalate([urgentWord]) } })).json();
    expect((await h.api(`/api/v1/rules/${created.id}/publish`, { method: 'POST', json: { note: 'First version' } })).status).toBe(201);
    // The draft moves on (one more word to look for) without being published.
    const notATest = { field: 'message.text', op: 'not_contains', value: 'prueba' };
    expect((await h.api(`/api/v1/rules/${created.id}/draft`, { method: 'PUT', json: { graph: escalate([urgentWord, notATest]) } })).status).toBe(200);

    const body = { type: 'message', externalMessageId: 'ext-e2e-2', externalConversationId: 'conv-e2e-2', sender: { externalId: 'cust-e2e-2', name: 'Luis' }, text: 'Es urgente: mi pedido no llega', timestamp: Date.now() };
    expect((await fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) })).status).toBe(200);
    const failed = await eventually(async () => {
      const { items } = await (await h.api(`/api/v1/rules/${created.id}/runs`)).json();
      return items.find((r: { status: string }) => r.status === 'failed') ?? null;
    }, 30_000);
    expect(failed.error).toContain('usr_left_the_company');

    await page.click('button[aria-label="Back to rules"]');
    await page.waitForSelector('a.rule-name');
    const folders = await page.locator('.folder-head').allInnerTexts();
    expect(folders.map((f) => f.split('\n')[0].trim())).toEqual(['Billing', 'Support']);
    const row = (name: string) => page.locator('tr', { has: page.locator(`a.rule-name:text-is("${name}")`) });
    const refund = await row('Refund requests').innerText();
    expect(refund).toContain('Message received'); // the trigger by its title, not message.created
    expect(refund).toContain('v3');
    expect(refund).not.toContain('Unpublished changes');
    const urgent = await row('Escalate urgent messages').innerText();
    expect(urgent).toContain('v1');
    expect(urgent).toContain('Unpublished changes');
    expect(urgent).toContain('Failed');
    expect(urgent).toMatch(/1 failed/);
    expect(await row('Refund requests (copy)').innerText()).toContain('Not published');
    expect(await page.locator(`[aria-label="Escalate urgent messages enabled"]`).isChecked()).toBe(true);
    await shot('rules-list.png');

    // The run history puts the failure and its reason first, and the failing node is red on the canvas.
    await page.click('a.rule-name:text-is("Escalate urgent messages")');
    await page.waitForSelector('.editor-head .chip:has-text("unpublished changes")');
    await page.click('header button:has-text("Runs")');
    const run = page.locator('[data-run]').first();
    await run.waitFor();
    expect(await run.innerText()).toContain('Failed');
    expect(await run.innerText()).toContain('usr_left_the_company');
    await run.click();
    await page.waitForSelector('[data-testid=run-detail]');
    expect(await page.locator('[data-testid=run-error]').innerText()).toContain('usr_left_the_company');
    await expect.poll(() => card('action_1').getAttribute('class'), SLOW).toContain('outcome-bad');
    await shot('run-failed.png');

    // A smaller laptop screen still shows the whole header, without scrolling sideways.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.click('button:has-text("Back to the draft")');
    await page.click('button[aria-label="Close runs"]');
    // The agent is picked by name; the one who left is called out instead of showing a bare id.
    await card('action_1').click();
    const agent = page.locator('select[aria-label="Agent"]');
    await expect.poll(() => agent.locator('option').allInnerTexts(), SLOW).toContain('Administrator · admin · ' + h.parley.credentials!.email);
    expect(await agent.locator('option:checked').innerText()).toBe('No such user here (usr_left_the_company)');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    const publishButton = (await page.locator('header button:has-text("Publish")').boundingBox())!;
    expect(publishButton.x + publishButton.width).toBeLessThanOrEqual(1280);
    await page.screenshot({ path: join(tmpdir(), 'parley-console-1280x800.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('keeps the automation settings: business hours with a time zone, weekly hours and a holiday', async () => {
    await page.click('button[aria-label="Back to rules"]');
    await page.click('nav >> text=Settings');
    await page.waitForSelector('h1:has-text("Automation settings")');
    await page.locator('label.toggle', { has: page.locator('[aria-label="Use a business-hours calendar"]') }).click();
    await page.fill('#tz', 'Europe/Madrid');
    await page.fill('[aria-label="Holiday date"]', '2026-12-25');
    await page.click('button:has-text("Add holiday")');
    // Unsaved changes are called out at the bottom of the page until they are saved.
    expect(await page.locator('.save-bar').innerText()).toContain('You have unsaved changes');
    await page.click('button:has-text("Save settings")');
    await page.waitForSelector('text=Settings saved');
    expect(await page.locator('.save-bar').count()).toBe(0);
    await shot('settings.png', { wholePage: true });
    const settings = await (await h.api('/api/v1/settings/automation')).json();
    expect(settings.businessHours).toMatchObject({ timeZone: 'Europe/Madrid', holidays: ['2026-12-25'], weekly: { mon: ['09:00-18:00'] } });
    expect(settings.businessHours.weekly.sat).toBeUndefined();
  });

  it('shows supervisors the rules read-only and agents nothing of them', async () => {
    for (const [email, role] of [['sofia@example.com', 'supervisor'], ['ana@example.com', 'agent']]) {
      const res = await h.api('/api/v1/users', { method: 'POST', json: { email, name: role === 'agent' ? 'Ana' : 'Sofía', role, password: 'a long password' } });
      expect(res.status).toBe(201);
    }
    const signInAs = async (email: string) => {
      await page.click('button:has-text("Sign out")');
      await page.waitForSelector('h1:has-text("Sign in")');
      await page.fill('#email', email);
      await page.fill('#password', 'a long password');
      await page.click('button[type=submit]');
    };

    await signInAs('sofia@example.com');
    await page.click('nav >> text=Rules');
    await page.click('a.rule-name:text-is("Refund requests")');
    await page.waitForSelector('.editor-head .chip:has-text("Read only")');
    expect(await page.locator('.palette').count()).toBe(0);
    expect(await page.locator('header button:has-text("Publish")').count()).toBe(0);
    expect(await page.locator('header button:has-text("Save draft"), header button:has-text("Saved"), header button:has-text("Validate")').count()).toBe(0);
    await card('action_1').click();
    expect(await page.locator('[data-field="input.tag"] input').isDisabled()).toBe(true);
    await page.keyboard.press('Delete');
    expect(await page.locator('.react-flow__node').count()).toBe(4);
    await page.click('header button:has-text("Runs")');
    await page.locator('[data-run]').first().waitFor();
    await page.click('button[aria-label="Back to rules"]');

    await signInAs('ana@example.com');
    // Agents land on their inbox; the rules are not theirs, not even by address.
    await page.waitForSelector('h1:has-text("Inbox")');
    expect(await page.locator('nav >> text=Rules').count()).toBe(0);
    await page.goto(`${h.parley.url}/rules`);
    await page.waitForSelector('h1:has-text("Inbox")');
    expect(page.url()).toMatch(/\/inbox$/);

    // A session that ends (signed out elsewhere) brings the sign-in page back on the next call.
    const token = await sessionToken(page);
    await fetch(`${h.parley.url}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    await page.goto(`${h.parley.url}/rules`);
    await page.waitForSelector('h1:has-text("Sign in")');
  });
});
