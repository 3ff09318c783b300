// Settings → Channels in headless Chromium against a real Parley: after a Telegram bot and a Slack
// app are connected through the API (against local stand-ins of their APIs), an admin sees each
// channel's webhook URL and what is left to do in the provider's console, what Parley learned from the
// provider (read-only), and no webhook URL for a mailbox. The connect form reads like the provider's
// console: its titles and hints, and nothing Parley learns by itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackApi, type SlackApi } from '../fakes/slack-api';
import { startSmtpSink, type SmtpSink } from '../fakes/smtp-sink';
import { startTelegramApi, type TelegramApi } from '../fakes/telegram-api';
import { startConsole, type ConsoleSession } from '../support/console-session';

describe('channels in the console settings', () => {
  let tg: TelegramApi;
  let slack: SlackApi;
  let smtp: SmtpSink;
  let ui: ConsoleSession;

  beforeAll(async () => {
    tg = await startTelegramApi({ token: '555000222:AAconsole', bot: { id: 555000222, username: 'acme_help_bot' } });
    slack = await startSlackApi({ token: 'xoxb-console', team: { id: 'T0ACME', name: 'Acme' } });
    smtp = await startSmtpSink();
    ui = await startConsole({ env: { PARLEY_PUBLIC_URL: 'https://support.acme.example' }, viewport: { width: 1280, height: 900 } });
  }, 180_000);
  afterAll(async () => {
    await ui?.stop();
    await tg?.close();
    await slack?.close();
    await smtp?.close();
  });

  it('shows each channel\'s webhook URL and the provider-console steps left to do', async () => {
    const { h, page, errors } = ui;
    const telegram = await (await h.api('/api/v1/channels', { method: 'POST', json: { type: 'telegram', name: 'Acme help bot', config: { botToken: '555000222:AAconsole', apiBaseUrl: tg.url } } })).json();
    const slackChannel = await (await h.api('/api/v1/channels', { method: 'POST', json: { type: 'slack', name: 'Acme Slack', config: { botToken: 'xoxb-console', signingSecret: 'abcdef0123456789abcdef0123456789', apiBaseUrl: slack.url } } })).json();
    const mailbox = await (await h.api('/api/v1/channels', { method: 'POST', json: { type: 'email', name: 'Acme support mail', config: { address: 'support@acme.example', smtpHost: '127.0.0.1', smtpPort: smtp.port, smtpIgnoreTls: true } } })).json();
    expect(mailbox.id).toMatch(/^ch_/);

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
    // Mail arrives over SMTP or IMAP: no webhook URL to paste (GET /channel-types says hasWebhook: false).
    const mailCard = section.locator(`[data-channel="${mailbox.id}"]`);
    expect(await mailCard.innerText()).not.toContain('/webhooks/');
    expect(await section.innerText()).not.toContain('xoxb-console');

    // What Parley learned from the provider, read-only, under the console's own names.
    expect(await tgCard.locator('[data-testid=learned] input[aria-label="Bot username"]').inputValue()).toBe('acme_help_bot');
    expect(await tgCard.locator('[data-testid=learned] input[aria-label="Bot username"]').getAttribute('readonly')).not.toBeNull();
    expect(await slackCard.locator('[data-testid=learned]').innerText()).toMatch(/Workspace/);
    expect(await slackCard.locator('[data-testid=learned] input[aria-label="Workspace"]').inputValue()).toBe('Acme');
    expect(await tgCard.innerText()).toContain('Telegram');

    await section.scrollIntoViewIfNeeded();
    await ui.shot('channels-settings.png', section);
    expect(errors).toEqual([]);
  });

  it('an admin connects a Telegram bot from the console: a token the provider refuses is quoted and saves nothing; the right one connects', async () => {
    const { h, page, errors } = ui;
    const section = page.locator('[data-testid=channel-settings]');
    const before = (await (await h.api('/api/v1/channels')).json()).items.length;
    await section.locator('button:has-text("Connect a channel")').click();
    const dialog = page.locator('[data-testid=connect-channel]');
    await dialog.locator('#cc-type').selectOption('telegram');
    await dialog.locator('#cc-name').fill('Acme orders bot');
    await dialog.locator('#f-config-botToken').fill('555000222:AAwrong');
    // The field reads as BotFather names it, with a hint; not "Bot token" derived from a key.
    const tokenField = dialog.locator('[data-field="config.botToken"]');
    expect(await tokenField.locator('label').innerText()).toBe('Bot token (from @BotFather)');
    expect(await tokenField.locator('.help').innerText()).toMatch(/@BotFather sent when you created the bot/);
    // Only what Telegram needs shows first; the base URL (a stand-in here) is under "More settings".
    expect(await dialog.locator('#f-config-apiBaseUrl').isVisible()).toBe(false);
    await dialog.locator('summary:has-text("More settings")').click();
    expect(await dialog.locator('[data-field="config.apiBaseUrl"] label').innerText()).toMatch(/^Bot API base URL/);
    expect(await dialog.locator('#f-config-apiBaseUrl').getAttribute('placeholder')).toBe('https://api.telegram.org');
    // What Parley learns from Telegram (the bot's @username) is never asked.
    expect(await dialog.locator('[data-field="config.botUsername"]').count()).toBe(0);
    // Web chat comes with a website's snippet: not offered here.
    expect(await dialog.locator('#cc-type option').allInnerTexts()).not.toContain('Web chat');
    await dialog.locator('#f-config-apiBaseUrl').fill(tg.url);
    await ui.shot('connect-channel.png');
    await page.locator('.dialog button:has-text("Connect")').click();
    const refusal = dialog.locator('[role=alert]');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/Telegram refused the set-up: the bot token was not accepted/);
    expect((await (await h.api('/api/v1/channels')).json()).items).toHaveLength(before);

    await dialog.locator('#f-config-botToken').fill('555000222:AAconsole');
    await page.locator('.dialog button:has-text("Connect")').click();
    const secrets = section.locator('[data-testid=generated-secrets]');
    await secrets.waitFor();
    expect(await secrets.innerText()).toMatch(/Webhook secret token/);
    const channels = (await (await h.api('/api/v1/channels')).json()).items as { id: string; name: string }[];
    const created = channels.find((c) => c.name === 'Acme orders bot')!;
    await section.locator(`[data-channel="${created.id}"]`).waitFor();
    expect(await section.locator(`[data-channel="${created.id}"]`).innerText()).toMatch(/Nothing to paste/);
    // The refused attempt's 422 is the only thing the browser logs.
    expect(errors).toEqual(['console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);
  });

  it('the SMS and email forms ask what the provider\'s console shows, in its words; the rest waits under More settings', async () => {
    const { page } = ui;
    const section = page.locator('[data-testid=channel-settings]');
    await section.locator('button:has-text("Connect a channel")').click();
    const dialog = page.locator('[data-testid=connect-channel]');
    const labels = async () => (await dialog.locator('.field-label:visible').allInnerTexts()).map((l) => l.replace(/\s*optional$/, ''));
    await dialog.locator('#cc-type').selectOption('sms');
    expect(await labels()).toEqual(['Twilio Account SID', 'Twilio Auth Token', 'From number', 'Messaging Service SID']);
    expect(await dialog.locator('[data-field="config.webhookUrl"]').count()).toBe(0);

    await dialog.locator('#cc-type').selectOption('email');
    expect(await labels()).toEqual(['Support address', 'Sender name', 'SMTP server', 'SMTP username', 'SMTP password']);
    expect(await dialog.locator('#f-config-smtpPassword').getAttribute('type')).toBe('password');
    await dialog.locator('#f-config-address').fill('support@acme.example');
    await dialog.locator('#f-config-fromName').fill('Acme support');
    await dialog.locator('#f-config-smtpHost').fill('smtp.acme.example');
    await dialog.locator('summary:has-text("More settings")').click();
    expect(await dialog.locator('[data-field="config.imapHost"] .help').innerText()).toMatch(/leave empty to receive through Parley's own SMTP endpoint/);
    await page.getByText('Channel connected').waitFor({ state: 'hidden' }); // the previous test's toast
    await ui.shot('connect-channel-email.png');
    await page.locator('.dialog button:has-text("Cancel")').click();
  });
});
