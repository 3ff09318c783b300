// Customers' files on Telegram and Slack, opened by an agent: the webhook stores only the provider's
// reference (a Telegram file_id, Slack's url_private); the first GET /api/v1/attachments/{id}
// downloads the file through the connector with the channel's credentials (the stand-ins check them
// as the providers do), stores it, and serves it; the second GET is served from Parley's copy
// without calling the provider; a file the provider no longer has is a 502 quoting its reason.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSlackApi, type SlackApi } from '../fakes/slack-api';
import { startTelegramApi, type TelegramApi } from '../fakes/telegram-api';
import { eventually, startHarness, type Harness } from '../support/parley-harness';
import { createApiKey } from '../../engine/accounts/bootstrap';
import { accounts } from '../../engine/db/schema';

const TG_TOKEN = '555000222:AAinbound-media';
const SLACK_TOKEN = 'xoxb-4242-inbound-media';
const SIGNING_SECRET = 'f00dfacecafe0123456789abcdef4243';

// A real (tiny) PNG and JPEG header: Parley sniffs the type from the bytes.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001', 'hex');
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f', 'hex');

describe('Inbound media on Telegram and Slack, downloaded once for agents', () => {
  let h: Harness;
  let tg: TelegramApi;
  let slack: SlackApi;
  let tgChannel: { id: string; generatedSecrets: { secretToken: string } };
  let slackChannel: { id: string };
  let n = 0;

  beforeAll(async () => {
    tg = await startTelegramApi({ token: TG_TOKEN, bot: { id: 555000222, username: 'media_bot' } });
    slack = await startSlackApi({ token: SLACK_TOKEN, team: { id: 'T0ACME', name: 'Acme' }, botUserId: 'U0BOT' });
    h = await startHarness({ temporalAddress: inject('temporalAddress'), env: { PARLEY_PUBLIC_URL: 'https://parley.acme.test' } });
    let res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'telegram', name: 'Acme bot', config: { botToken: TG_TOKEN, apiBaseUrl: tg.url } } });
    expect(res.status).toBe(201);
    tgChannel = await res.json();
    res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'slack', name: 'Acme Slack', config: { botToken: SLACK_TOKEN, signingSecret: SIGNING_SECRET, apiBaseUrl: slack.url } } });
    expect(res.status).toBe(201);
    slackChannel = await res.json();
  });
  afterAll(async () => {
    await h?.stop();
    await tg?.close();
    await slack?.close();
  });

  const attachmentsOf = async (caseId: string) => {
    const view = await (await h.api(`/api/v1/cases/${caseId}`, { key: h.agentKey })).json();
    return view.messages.flatMap((m: { attachments: { id: string; url: string | null; mime: string; name: string | null }[] }) => m.attachments);
  };
  const open = (id: string) => h.api(`/api/v1/attachments/${id}`, { key: h.agentKey });

  const telegramPhoto = async (fileId: string, caption: string) => {
    const update = {
      update_id: 7000 + ++n,
      message: {
        message_id: n, from: { id: 8100, is_bot: false, first_name: 'Marta' }, chat: { id: 8100, type: 'private' }, date: Math.floor(Date.now() / 1000),
        caption, photo: [{ file_id: `${fileId}-small`, file_unique_id: `s${n}`, width: 90, height: 90, file_size: 900 }, { file_id: fileId, file_unique_id: `u${n}`, width: 800, height: 800, file_size: JPEG.length }],
      },
    };
    const res = await fetch(`${h.parley.url}/webhooks/${tgChannel.id}`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': tgChannel.generatedSecrets.secretToken }, body: JSON.stringify(update),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { caseIds: string[] }).caseIds[0];
  };

  const slackFile = async (user: string, file: { id: string; name: string; url: string }) => {
    const ts = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({
      token: 'legacy', team_id: 'T0ACME', api_app_id: 'A0PARLEY', type: 'event_callback', event_id: `EvMedia${++n}`, event_time: ts,
      event: {
        type: 'message', subtype: 'file_share', channel: `D${user}`, channel_type: 'im', user, text: 'here is the receipt', ts: `${ts}.${String(n).padStart(6, '0')}`,
        files: [{ id: file.id, name: file.name, mimetype: 'image/png', size: PNG.length, url_private: file.url }],
      },
    });
    const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
    const res = await fetch(`${h.parley.url}/webhooks/${slackChannel.id}`, {
      method: 'POST', body, headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature },
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { caseIds: string[] }).caseIds[0];
  };

  it('Telegram photo → the agent opens it → the same bytes; the second open does not call Telegram', async () => {
    tg.addFile('AgACAgQ-photo-1', { bytes: JPEG, path: 'photos/file_1.jpg', contentType: 'image/jpeg' });
    const caseId = await telegramPhoto('AgACAgQ-photo-1', 'the lid is broken');
    const [attachment] = await attachmentsOf(caseId);
    // The reference, not a URL holding the bot token.
    expect(attachment.url).toBe('telegram-file:AgACAgQ-photo-1');
    expect(JSON.stringify(await attachmentsOf(caseId))).not.toContain(TG_TOKEN);

    const first = await open(attachment.id);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await first.arrayBuffer()).equals(JPEG)).toBe(true);
    expect(tg.callsOf('getFile').map((c) => c.body)).toEqual([{ file_id: 'AgACAgQ-photo-1' }]);
    expect(tg.fileDownloads).toEqual([{ token: TG_TOKEN, path: 'photos/file_1.jpg', status: 200 }]);

    const second = await open(attachment.id);
    expect(second.status).toBe(200);
    expect(Buffer.from(await second.arrayBuffer()).equals(JPEG)).toBe(true);
    expect(tg.callsOf('getFile')).toHaveLength(1);
    expect(tg.fileDownloads).toHaveLength(1);

    // The message now points at Parley's stored copy.
    const [after] = await attachmentsOf(caseId);
    expect(after).toMatchObject({ id: attachment.id, mime: 'image/jpeg', url: expect.stringMatching(/^\/api\/v1\/attachments\/file_/) });
  });

  it('Slack file → the agent opens it with the bot token sent to Slack → the same bytes, once', async () => {
    const url = slack.addFile('F0RECEIPT', 'receipt.png', PNG, 'image/png');
    const caseId = await slackFile('U0ANA', { id: 'F0RECEIPT', name: 'receipt.png', url });
    const [attachment] = await attachmentsOf(caseId);
    expect(attachment.url).toBe(url);

    const first = await open(attachment.id);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/png');
    expect(first.headers.get('content-disposition')).toContain('receipt.png');
    expect(Buffer.from(await first.arrayBuffer()).equals(PNG)).toBe(true);
    expect(slack.fileDownloads).toEqual([{ path: '/files-pri/T0ACME-F0RECEIPT/receipt.png', authorization: `Bearer ${SLACK_TOKEN}`, status: 200 }]);

    const second = await open(attachment.id);
    expect(Buffer.from(await second.arrayBuffer()).equals(PNG)).toBe(true);
    expect(slack.fileDownloads).toHaveLength(1);
  });

  it('an agent\'s file on Telegram, which Telegram could not fetch from Parley, is uploaded as multipart (sendPhoto)', async () => {
    tg.addFile('AgACAgQ-photo-3', { bytes: JPEG, path: 'photos/file_3.jpg', contentType: 'image/jpeg' });
    const caseId = await telegramPhoto('AgACAgQ-photo-3', 'which size?');
    const form = new FormData();
    form.set('file', new File([new Uint8Array(PNG)], 'size-chart.png'));
    form.set('channelId', tgChannel.id);
    const file = await (await fetch(`${h.parley.url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${h.agentKey}` }, body: form })).json();
    const reply = await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', key: h.agentKey, json: { text: 'Here is the chart.', attachments: [{ url: file.url, mime: file.mime, name: file.name }] } });
    expect(reply.status).toBe(202);
    const [photo] = await tg.waitForCalls('sendPhoto', 1, 15_000);
    expect(photo.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(photo.body).toMatchObject({ chat_id: '8100', photo: { name: 'size-chart.png', type: 'image/png' } });
    expect(photo.body.photo.bytes.equals(PNG)).toBe(true);
    expect(tg.callsOf('sendMessage').at(-1)!.body).toMatchObject({ chat_id: '8100', text: expect.stringContaining('Here is the chart') });
  });

  it('an agent\'s file on Slack is uploaded (getUploadURLExternal → bytes → completeUploadExternal) into the conversation', async () => {
    const caseId = await slackFile('U0CARLA', { id: 'F0CARLA', name: 'q.png', url: slack.addFile('F0CARLA', 'q.png', PNG, 'image/png') });
    const form = new FormData();
    form.set('file', new File([new Uint8Array(JPEG)], 'label.jpg'));
    form.set('channelId', slackChannel.id);
    const up = await fetch(`${h.parley.url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${h.agentKey}` }, body: form });
    expect(up.status).toBe(201);
    const file = await up.json();
    const reply = await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', key: h.agentKey, json: { text: 'Here is your return label.', attachments: [{ url: file.url, mime: file.mime, name: file.name }] } });
    expect(reply.status).toBe(202);
    await eventually(async () => slack.sharedFiles.length === 1, 15_000, 100);
    const [shared] = slack.sharedFiles;
    expect(shared).toMatchObject({ title: 'label.jpg', channel: 'DU0CARLA' });
    expect(shared.bytes.equals(JPEG)).toBe(true);
    expect(slack.callsOf('chat.postMessage').at(-1)!.body).toMatchObject({ channel: 'DU0CARLA', text: 'Here is your return label.' });
  });

  it('a file the provider no longer has → 502 media_unavailable with the provider\'s reason; nothing stored', async () => {
    const url = slack.addFile('F0DELETED', 'old.png', PNG, 'image/png');
    const caseId = await slackFile('U0BEA', { id: 'F0DELETED', name: 'old.png', url });
    slack.deleteFile('F0DELETED');
    const [attachment] = await attachmentsOf(caseId);
    const res = await open(attachment.id);
    expect(res.status).toBe(502);
    const problem = await res.json();
    expect(problem).toMatchObject({ code: 'media_unavailable', errors: [{ path: 'provider', message: 'Slack answered 404 for /files-pri/T0ACME-F0DELETED/old.png: file_not_found' }] });
    expect(problem.detail ?? problem.message ?? problem.title).toContain('file_not_found');
    // Still the provider's reference: a later try can succeed.
    expect((await attachmentsOf(caseId))[0].url).toBe(url);

    const tgCase = await telegramPhoto('AgACAgQ-never-uploaded', 'photo');
    // The same chat's case: its newest attachment is the one Telegram no longer has.
    const tgAttachment = (await attachmentsOf(tgCase)).find((a: { url: string | null }) => a.url === 'telegram-file:AgACAgQ-never-uploaded');
    const tgRes = await open(tgAttachment.id);
    expect(tgRes.status).toBe(502);
    expect((await tgRes.json()).errors[0].message).toBe('Telegram getFile failed with 400: Bad Request: invalid file_id');
  });

  it('another account\'s attachment and an unknown id are 404 (the provider is not called); without a key it is 401', async () => {
    expect((await open('att_doesnotexist')).status).toBe(404);
    tg.addFile('AgACAgQ-photo-2', { bytes: JPEG, path: 'photos/file_2.jpg', contentType: 'image/jpeg' });
    const caseId = await telegramPhoto('AgACAgQ-photo-2', 'x');
    const attachment = (await attachmentsOf(caseId)).find((a: { url: string | null }) => a.url === 'telegram-file:AgACAgQ-photo-2');
    expect((await fetch(`${h.parley.url}/api/v1/attachments/${attachment.id}`)).status).toBe(401);
    h.parley.db.insert(accounts).values({ id: 'acct_other', name: 'Other', createdAt: Date.now() }).run();
    const stranger = createApiKey(h.parley.db, 'acct_other', 'agent');
    const refused = await h.api(`/api/v1/attachments/${attachment.id}`, { key: stranger });
    expect(refused.status).toBe(404);
    expect((await refused.json()).code).toBe('attachment_not_found');
    expect(tg.callsOf('getFile').filter((c) => c.body.file_id === 'AgACAgQ-photo-2')).toHaveLength(0);
  });
});
