// A campaign whose message carries a file Parley stores (uploaded like an agent's attachment, its
// URL `…/api/v1/attachments/file_…` needing a sign-in) goes out the way a reply's file does: on
// WhatsApp (link mode) each recipient's template carries a signed /media/… link under
// PARLEY_PUBLIC_URL that returns the exact bytes; on Slack the file is uploaded into each
// conversation; without PARLEY_PUBLIC_URL the WhatsApp recipients fail with the reason. Real Parley
// (Temporal dev server, SQLite file, HTTP) and real HTTP stand-ins for Meta's Graph API and Slack.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fetchMedia } from '../fakes/media-fetch';
import { startMetaGraphApi, type MetaGraphApi } from '../fakes/meta-graph-api';
import { startSlackApi, type SlackApi } from '../fakes/slack-api';
import { jpeg as randomJpeg, uploadFile } from '../support/channel-fixtures';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const PUBLIC_URL = 'https://parley.acme.test';
const APP_SECRET = '4c3b2a1908f7e6d5c4b3a29180f7e6d5';
const PHONE_NUMBER_ID = '109876543210777';
const WA_TOKEN = 'EAAJB-system-user-campaign-files-01';
const SLACK_TOKEN = 'xoxb-campaign-files-0001';

const upload = uploadFile;
const jpeg = () => randomJpeg(4000);

async function createChannel(h: Harness, type: string, config: Record<string, unknown>): Promise<string> {
  const res = await h.api('/api/v1/channels', { method: 'POST', json: { type, name: `Acme ${type}`, config } });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()).id;
}

/** Imports the list, creates the campaign and starts it: the campaign's id. */
async function runCampaign(h: Harness, channelId: string, csv: string, content: unknown): Promise<string> {
  const list = await h.api(`/api/v1/contact-lists?name=Lookbook-${Date.now()}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
  expect(list.status, await list.clone().text()).toBe(201);
  const { id: listId } = await list.json();
  const created = await h.api('/api/v1/campaigns', { method: 'POST', json: { name: 'Autumn lookbook', channelId, listId, message: { content } } });
  expect(created.status, await created.clone().text()).toBe(201);
  const { id } = await created.json();
  const started = await h.api(`/api/v1/campaigns/${id}/start`, { method: 'POST' });
  expect(started.status).toBe(200);
  return id;
}

const finished = (h: Harness, id: string) => eventually(async () => {
  const c = await (await h.api(`/api/v1/campaigns/${id}`)).json();
  return c.status === 'completed' ? c : null;
}, 60_000, 200);

const recipientsOf = async (h: Harness, id: string) => (await (await h.api(`/api/v1/campaigns/${id}/recipients`)).json()).items as
  { name: string; identity: string; status: string; reason: string | null }[];

/** An approved template whose header is the stored photo, greeting each recipient by name. */
const lookbookTemplate = (url: string) => ({
  type: 'template', name: 'autumn_lookbook', language: 'es', bodyText: 'Hola {{1}}, ya está aquí la colección de otoño.',
  components: [
    { type: 'header', parameters: [{ type: 'image', url }] },
    { type: 'body', parameters: [{ type: 'text', text: '{{name}}' }] },
  ],
});

const PHONES_CSV = 'id,name,phone\n1,Lucía,+34 600 111 201\n2,Marco,+34 600 111 202\n';

describe('with PARLEY_PUBLIC_URL: a campaign carries a stored file like a reply does', () => {
  let h: Harness;
  let graph: MetaGraphApi;
  let slack: SlackApi;
  let whatsapp: string;
  let slackChannel: string;
  // The public name is not reachable from the test: the link is fetched from the harness instead.
  const resolve = (url: string) => (url.startsWith(`${PUBLIC_URL}/`) ? url.replace(PUBLIC_URL, h.parley.url) : undefined);

  beforeAll(async () => {
    h = await startHarness({ temporalAddress: inject('temporalAddress'), env: { PARLEY_PUBLIC_URL: PUBLIC_URL } });
    graph = await startMetaGraphApi({ tokens: [WA_TOKEN], whatsappPhoneNumbers: [PHONE_NUMBER_ID], resolveMedia: resolve });
    slack = await startSlackApi({ token: SLACK_TOKEN, team: { id: 'T0ACME', name: 'Acme' }, botUserId: 'U0BOT' });
    whatsapp = await createChannel(h, 'whatsapp', { phoneNumberId: PHONE_NUMBER_ID, accessToken: WA_TOKEN, appSecret: APP_SECRET, verifyToken: 'wa-verify-campaign-files', graphApiBaseUrl: graph.url });
    slackChannel = await createChannel(h, 'slack', { botToken: SLACK_TOKEN, signingSecret: 'f3e2d1c0b9a8f3e2d1c0b9a8f3e2d1c0', apiBaseUrl: slack.url });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await graph?.close();
    await slack?.close();
  });

  it('WhatsApp (link mode): each recipient\'s template carries its own signed /media/… link, which returns the exact bytes', async () => {
    const bytes = jpeg();
    const file = await upload(h, whatsapp, bytes, 'Lookbook otoño.jpg');
    expect(file.url).toMatch(/\/api\/v1\/attachments\/file_[a-z0-9]+$/);
    const before = graph.sends().length;

    const id = await runCampaign(h, whatsapp, PHONES_CSV, lookbookTemplate(file.url));
    const done = await finished(h, id);
    expect(done.recipients).toMatchObject({ total: 2, sent: 2, failed: 0, skipped: 0 });

    const templates = graph.sends().slice(before).map((s) => s.body).filter((b) => b.type === 'template');
    expect(templates).toHaveLength(2);
    expect(templates.map((t) => t.to).sort()).toEqual([expect.stringContaining('34600111201'), expect.stringContaining('34600111202')]);
    for (const t of templates) {
      expect(t.template).toMatchObject({ name: 'autumn_lookbook', language: { code: 'es' } });
      const greeting = t.template.components.find((c: { type: string }) => c.type === 'body').parameters[0].text;
      expect(greeting).toBe(t.to.endsWith('201') ? 'Lucía' : 'Marco');
      const link: string = t.template.components.find((c: { type: string }) => c.type === 'header').parameters[0].image.link;
      // Never the signed-in address: a signed link under PARLEY_PUBLIC_URL, named after the file.
      expect(link).toMatch(new RegExp(`^${PUBLIC_URL.replace(/\./g, '\\.')}/media/file_[a-z0-9]+\\.[0-9a-z]+\\.[A-Za-z0-9_-]{43}/Lookbook%20oto%C3%B1o\\.jpg$`));
      expect(link).not.toContain('/api/v1/');
      // What Meta does with it: download the file, without any sign-in.
      const fetched = await fetchMedia(link, resolve);
      expect(fetched?.status).toBe(200);
      expect(fetched?.headers['content-type']).toBe('image/jpeg');
      expect(fetched?.bytes.equals(bytes)).toBe(true);
    }
  });

  it('Slack: the stored file in the campaign\'s content is uploaded into each recipient\'s conversation after the text', async () => {
    const bytes = jpeg();
    const file = await upload(h, slackChannel, bytes, 'catalogo.jpg');
    const postsBefore = slack.callsOf('chat.postMessage').length;
    const id = await runCampaign(h, slackChannel, 'id,name,slack\n1,Ana,U0ANA\n2,Bo,U0BO\n', [
      { type: 'text', text: 'Hola {{name}}, el catálogo de otoño:' },
      { type: 'attachment', kind: 'image', url: file.url, mime: 'image/jpeg', name: 'catalogo.jpg' },
    ]);
    const done = await finished(h, id);
    expect(done.recipients).toMatchObject({ total: 2, sent: 2, failed: 0 });

    const shared = slack.sharedFiles.filter((f) => f.title === 'catalogo.jpg');
    expect(shared.map((f) => f.channel).sort()).toEqual(['U0ANA', 'U0BO']);
    for (const f of shared) expect(f.bytes.equals(bytes)).toBe(true);
    const posts = slack.callsOf('chat.postMessage').slice(postsBefore).map((c) => c.body);
    expect(posts.map((p) => [p.channel, p.text]).sort()).toEqual([['U0ANA', 'Hola Ana, el catálogo de otoño:'], ['U0BO', 'Hola Bo, el catálogo de otoño:']]);
    // The signed-in download address reached no customer.
    expect(JSON.stringify(posts)).not.toContain('/api/v1/attachments/');
  });
});

describe('without PARLEY_PUBLIC_URL: the recipients fail, and the reason says what to set', () => {
  let h: Harness;
  let graph: MetaGraphApi;
  let whatsapp: string;

  beforeAll(async () => {
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
    graph = await startMetaGraphApi({ tokens: [WA_TOKEN], whatsappPhoneNumbers: [PHONE_NUMBER_ID] });
    whatsapp = await createChannel(h, 'whatsapp', { phoneNumberId: PHONE_NUMBER_ID, accessToken: WA_TOKEN, appSecret: APP_SECRET, verifyToken: 'wa-verify-campaign-files-2', graphApiBaseUrl: graph.url });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await graph?.close();
  });

  it('WhatsApp (link mode): both recipients are failed with "PARLEY_PUBLIC_URL is not set", and nothing reaches Meta', async () => {
    const file = await upload(h, whatsapp, jpeg(), 'lookbook.jpg');
    const id = await runCampaign(h, whatsapp, PHONES_CSV, lookbookTemplate(file.url));
    const done = await finished(h, id);
    expect(done.recipients).toMatchObject({ total: 2, sent: 0, failed: 2 });
    const recipients = await recipientsOf(h, id);
    expect(recipients.map((r) => r.status)).toEqual(['failed', 'failed']);
    for (const r of recipients) {
      expect(r.reason).toMatch(/^WhatsApp fetches attachments from a public URL, so the file lookbook\.jpg cannot be sent: PARLEY_PUBLIC_URL is not set \(Parley's address is http:\/\/localhost:\d+, which the provider cannot reach\)\. Set PARLEY_PUBLIC_URL/);
    }
    expect(graph.sends()).toHaveLength(0);
  });
});
