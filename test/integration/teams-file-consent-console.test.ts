// What the agent sees of a Teams file offered by consent: under the file in the conversation, "waiting
// for the customer to accept", then — live, without a reload — "in the customer's Teams chat" once the
// customer accepted and Parley uploaded it (the stand-in plays Teams and its upload session).
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeamsApi, type TeamsApi } from '../fakes/teams-api';
import { eventually } from '../support/parley-harness';
import { startConsole, type ConsoleSession } from '../support/console-session';

const APP_ID = randomUUID();
const PASSWORD = 'teams~console~consent~secret';
const CONSENT = 'application/vnd.microsoft.teams.card.file.consent';

describe('a Teams file offered by consent, in the inbox', () => {
  let ui: ConsoleSession;
  let teams: TeamsApi;
  let channelId: string;

  beforeAll(async () => {
    teams = await startTeamsApi({ appId: APP_ID, appPassword: PASSWORD });
    ui = await startConsole({ env: { PARLEY_PUBLIC_URL: 'https://parley.acme.test' }, viewport: { width: 1280, height: 800 } });
    const res = await ui.h.api('/api/v1/channels', { method: 'POST', json: { type: 'teams', name: 'Acme Teams', config: { appId: APP_ID, appPassword: PASSWORD, tokenUrl: teams.tokenUrl, openIdMetadataUrl: teams.openIdMetadataUrl } } });
    expect(res.status, await res.clone().text()).toBe(201);
    channelId = (await res.json()).id;
  }, 180_000);

  afterAll(async () => {
    await ui?.stop();
    await teams?.close();
  });

  it('shows the file waiting for the customer, then in their chat', async () => {
    const { h, page } = ui;
    const from = { id: '29:console-user', name: 'Megan Bowen', aadObjectId: 'aad-console' };
    const conversation = { id: 'a:console-conversation', conversationType: 'personal', tenantId: 'tenant-1' };
    const base = { timestamp: new Date().toISOString(), serviceUrl: teams.serviceUrl, channelId: 'msteams', from, conversation, recipient: { id: `28:${APP_ID}`, name: 'Acme' }, locale: 'en-GB' };
    const post = async (body: unknown) => fetch(`${h.parley.url}/webhooks/${channelId}`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await teams.signToken(teams.serviceUrl)}` }, body: JSON.stringify(body),
    });
    const opened = await post({ ...base, type: 'message', id: '1800000000001', text: 'Could you send me the warranty terms?', textFormat: 'plain' });
    expect(opened.status).toBe(200);
    const [caseId] = (await opened.json()).caseIds as string[];

    await page.goto(`${h.parley.url}/inbox`);
    await page.locator(`[data-case-id="${caseId}"]`).click();
    await page.locator('.case-title h2:has-text("Megan Bowen")').waitFor();

    // The agent answers with the PDF from the composer.
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(12_000), Buffer.from('\n%%EOF\n')]);
    await page.fill('[data-testid=composer-input]', 'Here are the warranty terms.');
    await page.locator('.composer input[type=file]').setInputFiles({ name: 'warranty-terms.pdf', mimeType: 'application/pdf', buffer: bytes });
    await page.locator('.composer-files li:has-text("warranty-terms.pdf")').waitFor();
    await page.click('[data-testid=composer-send]');

    const state = page.locator('.msg-out [data-testid=file-consent]');
    await expect.poll(() => state.textContent(), { timeout: 30_000 }).toBe('Waiting for the customer to accept the file in Teams');
    await ui.shot('teams-file-waiting.png', page.locator('.case-view, main').first());

    // The customer presses Accept: Parley uploads the file and the label changes without a reload.
    const card = await eventually(() => teams.consentCards().find((c) => c.conversationId === conversation.id) ?? null);
    const consent = card.body.attachments.find((a: { contentType: string }) => a.contentType === CONSENT);
    const session = teams.uploadSession('warranty-terms.pdf');
    const accepted = await post({
      ...base, type: 'invoke', name: 'fileConsent/invoke', id: 'f:console-1',
      value: { type: 'fileUpload', action: 'accept', context: consent.content.acceptContext, uploadInfo: { contentUrl: session.contentUrl, name: session.name, uploadUrl: session.uploadUrl, uniqueId: session.uniqueId, fileType: session.fileType } },
    });
    expect(accepted.status).toBe(200);
    await expect.poll(() => state.textContent(), { timeout: 30_000 }).toBe('In the customer\'s Teams chat');
    expect(session.received.equals(bytes)).toBe(true);
    await ui.shot('teams-file-delivered.png', page.locator('.case-view, main').first());
    expect(ui.errors).toEqual([]);
  });
});
