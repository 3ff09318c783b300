// Settings → Channels in headless Chromium against a real Parley: after a Telegram bot and a Slack
// app are connected through the API (against local stand-ins of their APIs), an admin sees each
// channel's webhook URL and what is left to do in the provider's console.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSlackApi, type SlackApi } from '../fakes/slack-api';
import { startTelegramApi, type TelegramApi } from '../fakes/telegram-api';
import { ensureConsoleBuilt, launchBrowser, signInAsAdmin, watchErrors } from '../support/browser';
import { startHarness, type Harness } from '../support/parley-harness';

describe('channels in the console settings', () => {
  let h: Harness;
  let tg: TelegramApi;
  let slack: SlackApi;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ensureConsoleBuilt();
    tg = await startTelegramApi({ token: '555000222:AAconsole', bot: { id: 555000222, username: 'acme_help_bot' } });
    slack = await startSlackApi({ token: 'xoxb-console', team: { id: 'T0ACME', name: 'Acme' } });
    h = await startHarness({ temporalAddress: inject('temporalAddress'), env: { PARLEY_PUBLIC_URL: 'https://support.acme.example' } });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(30_000);
    errors = watchErrors(page);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
    await tg?.close();
    await slack?.close();
  });

  it('shows each channel\'s webhook URL and the provider-console steps left to do', async () => {
    const telegram = await (await h.api('/api/v1/channels', { method: 'POST', json: { type: 'telegram', name: 'Acme help bot', config: { botToken: '555000222:AAconsole', apiBaseUrl: tg.url } } })).json();
    const slackChannel = await (await h.api('/api/v1/channels', { method: 'POST', json: { type: 'slack', name: 'Acme Slack', config: { botToken: 'xoxb-console', signingSecret: 'abcdef0123456789abcdef0123456789', apiBaseUrl: slack.url } } })).json();

    await signInAsAdmin(page, h.parley.url, h.parley.credentials!);
    await page.goto(`${h.parley.url}/settings`);
    const section = page.locator('[data-testid=channel-settings]');
    await section.waitFor();
    const tgCard = section.locator(`[data-channel="${telegram.id}"]`);
    const slackCard = section.locator(`[data-channel="${slackChannel.id}"]`);
    await slackCard.waitFor();
    expect(await tgCard.innerText()).toContain(`https://support.acme.example/webhooks/${telegram.id}`);
    expect(await tgCard.innerText()).toMatch(/Nothing to paste[\s\S]*@acme_help_bot/);
    expect(await slackCard.innerText()).toContain(`https://support.acme.example/webhooks/${slackChannel.id}`);
    expect(await slackCard.innerText()).toMatch(/Event Subscriptions[\s\S]*message\.im[\s\S]*Interactivity/);
    expect(await section.innerText()).not.toContain('xoxb-console');

    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: join(process.cwd(), 'docs/screenshots/channels-settings.png') });
    expect(errors).toEqual([]);
  });

  it('an admin connects a Telegram bot from the console: a token the provider refuses is quoted and saves nothing; the right one connects', async () => {
    const section = page.locator('[data-testid=channel-settings]');
    const before = (await (await h.api('/api/v1/channels')).json()).items.length;
    await section.locator('button:has-text("Connect a channel")').click();
    const dialog = page.locator('[data-testid=connect-channel]');
    await dialog.locator('#cc-type').selectOption('telegram');
    await dialog.locator('#cc-name').fill('Acme orders bot');
    await dialog.locator('#f-config-botToken').fill('555000222:AAwrong');
    // Only what Telegram needs shows first; the base URL (a stand-in here) is under "More settings".
    expect(await dialog.locator('#f-config-apiBaseUrl').isVisible()).toBe(false);
    await dialog.locator('summary:has-text("More settings")').click();
    await dialog.locator('#f-config-apiBaseUrl').fill(tg.url);
    await page.screenshot({ path: join(process.cwd(), 'docs/screenshots/connect-channel.png') });
    await page.locator('.dialog button:has-text("Connect")').click();
    const refusal = dialog.locator('[role=alert]');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/Telegram refused the set-up: the bot token was not accepted/);
    expect((await (await h.api('/api/v1/channels')).json()).items).toHaveLength(before);

    await dialog.locator('#f-config-botToken').fill('555000222:AAconsole');
    await page.locator('.dialog button:has-text("Connect")').click();
    const secrets = section.locator('[data-testid=generated-secrets]');
    await secrets.waitFor();
    expect(await secrets.innerText()).toMatch(/secretToken/);
    const channels = (await (await h.api('/api/v1/channels')).json()).items as { id: string; name: string }[];
    const created = channels.find((c) => c.name === 'Acme orders bot')!;
    await section.locator(`[data-channel="${created.id}"]`).waitFor();
    expect(await section.locator(`[data-channel="${created.id}"]`).innerText()).toMatch(/Nothing to paste/);
    // The refused attempt's 422 is the only thing the browser logs.
    expect(errors).toEqual(['console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);
  });
});
