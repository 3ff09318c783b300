// WhatsApp templates with a media header, end to end on a real Parley (Temporal dev server, SQLite
// file, HTTP) against the Graph API stand-in. A channel in upload mode uploads the stored file of a
// campaign's or an agent's template header to /{phone-number-id}/media (multipart: the exact bytes,
// with their type) and sends the returned media id as the header parameter, in Meta's shape
// ({type: 'image', image: {id}}; a document with its filename); a channel in link mode still sends
// a signed public link; and a template whose approved header needs a file the message does not give
// is refused before anything reaches Meta, with the reason on the recipient or the message (an
// agent's outreach from a case: at once, 422). A rule's send-message action goes the same way.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fetchMedia } from '../fakes/media-fetch';
import { type GraphRequest, type MetaGraphApi } from '../fakes/meta-graph-api';
import { metaJson, signMetaBody } from '../fakes/sign-meta';
import { jpeg, uploadFile } from '../support/channel-fixtures';
import { eventually, startHarness, type Harness } from '../support/parley-harness';
import { approvedTemplate, connectWhatsApp, startWhatsAppGraph, type WhatsAppAccount } from '../support/whatsapp-fixtures';
import { chain, insertPublishedRule } from '../support/rule-fixtures';

const PUBLIC_URL = 'https://parley.acme.test';
const HOUR = 3_600_000;
/** Two numbers of one business account: one sends media by upload, one by link. */
const UPLOADING: WhatsAppAccount = { phoneNumberId: '109876543210901', businessAccountId: '102290129340555', accessToken: 'EAAJB-system-user-template-media-02', appSecret: '0f1e2d3c4b5a69788796a5b4c3d2e1f0' };
const LINKING: WhatsAppAccount = { ...UPLOADING, phoneNumberId: '109876543210902' };
const { phoneNumberId: UPLOAD_NUMBER, businessAccountId: WABA_ID, accessToken: WA_TOKEN, appSecret: APP_SECRET } = UPLOADING;
const LINK_NUMBER = LINKING.phoneNumberId;

const pdf = () => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(randomBytes(200).toString('hex')), Buffer.from('\n%%EOF\n')]);

describe('WhatsApp templates with a media header', () => {
  let h: Harness;
  let graph: MetaGraphApi;
  let uploading: string;
  let linking: string;
  let n = 0;
  // The public name is not reachable from the test: a link is fetched from the harness instead.
  const resolve = (url: string) => (url.startsWith(`${PUBLIC_URL}/`) ? url.replace(PUBLIC_URL, h.parley.url) : undefined);

  beforeAll(async () => {
    graph = await startWhatsAppGraph([UPLOADING, LINKING], [
      approvedTemplate('autumn_lookbook', 'Hola {{1}}, ya está aquí la colección de otoño.', 'IMAGE'),
      approvedTemplate('invoice_ready', 'Hola {{1}}, aquí tienes tu factura.', 'DOCUMENT'),
    ], { resolveMedia: (url) => resolve(url) });
    h = await startHarness({ temporalAddress: inject('temporalAddress'), env: { PARLEY_PUBLIC_URL: PUBLIC_URL } });
    uploading = await connectWhatsApp(h, graph, UPLOADING, { name: 'Acme WhatsApp (upload)', mediaDelivery: 'upload' });
    linking = await connectWhatsApp(h, graph, LINKING, { name: 'Acme WhatsApp (link)', mediaDelivery: 'link' });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await graph?.close();
  });

  const store = (channelId: string, bytes: Buffer, name: string) => uploadFile(h, channelId, bytes, name);

  async function runCampaign(channelId: string, csv: string, content: unknown): Promise<string> {
    const list = await h.api(`/api/v1/contact-lists?name=Lookbook-${++n}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    expect(list.status, await list.clone().text()).toBe(201);
    const created = await h.api('/api/v1/campaigns', { method: 'POST', json: { name: `Autumn ${n}`, channelId, listId: (await list.json()).id, message: { content } } });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = await created.json();
    expect((await h.api(`/api/v1/campaigns/${id}/start`, { method: 'POST' })).status).toBe(200);
    return id;
  }
  const finished = (id: string) => eventually(async () => {
    const c = await (await h.api(`/api/v1/campaigns/${id}`)).json();
    return c.status === 'completed' ? c : null;
  }, 60_000, 200);

  /** A customer who wrote on the channel `hoursAgo` hours ago: their case. */
  async function caseFrom(channelId: string, phoneNumberId: string, waId: string, hoursAgo: number, text = '¿Y mi factura?'): Promise<string> {
    const body = {
      object: 'whatsapp_business_account',
      entry: [{ id: WABA_ID, changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
        contacts: [{ profile: { name: 'Lucía' }, wa_id: waId }],
        messages: [{ from: waId, id: `wamid.tm${++n}`, timestamp: String(Math.floor((Date.now() - hoursAgo * HOUR) / 1000)), type: 'text', text: { body: text } }],
      } }] }],
    };
    const res = await fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signMetaBody(APP_SECRET, body), body: metaJson(body) });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()).caseIds[0];
  }
  const messageOf = (caseId: string, messageId: string, status: string) => eventually(async () => {
    const m = (await (await h.api(`/api/v1/cases/${caseId}`)).json()).messages.find((x: { id: string }) => x.id === messageId);
    return m?.deliveryStatus === status ? m : null;
  }, 30_000, 200);

  const sendsTo = (phoneNumberId: string, since: number) => graph.received.slice(since).filter((r) => r.method === 'POST' && r.path === `/v25.0/${phoneNumberId}/messages`);
  const uploadsTo = (phoneNumberId: string, since: number) => graph.received.slice(since).filter((r) => r.method === 'POST' && r.path === `/v25.0/${phoneNumberId}/media`);
  const headerOf = (send: GraphRequest) => send.body.template.components.find((c: { type: string }) => c.type === 'header').parameters[0];

  it('a campaign in upload mode uploads the stored header image (exact bytes, image/jpeg) and sends each recipient {type: image, image: {id}}', async () => {
    const bytes = jpeg();
    const file = await store(uploading, bytes, 'Lookbook otoño.jpg');
    const since = graph.received.length;
    const id = await runCampaign(uploading, 'id,name,phone\n1,Lucía,+34 600 222 301\n2,Marco,+34 600 222 302\n', {
      type: 'template', name: 'autumn_lookbook', language: 'es', bodyText: 'Hola {{1}}, ya está aquí la colección de otoño.',
      components: [{ type: 'header', parameters: [{ type: 'image', url: file.url }] }, { type: 'body', parameters: [{ type: 'text', text: '{{name}}' }] }],
    });
    expect((await finished(id)).recipients).toMatchObject({ total: 2, sent: 2, failed: 0, skipped: 0 });

    // One upload for the whole campaign, not one per recipient.
    const [upload, ...more] = uploadsTo(UPLOAD_NUMBER, since);
    expect(more).toHaveLength(0);
    expect(upload.token).toBe(WA_TOKEN);
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload.form?.fields).toEqual({ messaging_product: 'whatsapp', type: 'image/jpeg' });
    expect(upload.form?.file).toEqual({ name: 'Lookbook otoño.jpg', type: 'image/jpeg', bytes });
    const sends = sendsTo(UPLOAD_NUMBER, since);
    expect(sends.map((s) => s.body.to).sort()).toEqual(['+34600222301', '+34600222302']);
    for (const send of sends) {
      expect(send.body.template).toEqual({
        name: 'autumn_lookbook', language: { code: 'es' },
        components: [
          { type: 'header', parameters: [{ type: 'image', image: { id: expect.stringMatching(/^media-\d+$/) } }] },
          { type: 'body', parameters: [{ type: 'text', text: send.body.to.endsWith('301') ? 'Lucía' : 'Marco' }] },
        ],
      });
      // The id is one Meta answered for an upload of exactly these bytes; no link reached Meta.
      expect(graph.uploadedMedia.get(headerOf(send).image.id)?.file.bytes.equals(bytes)).toBe(true);
      expect(JSON.stringify(send.body)).not.toContain('/api/v1/attachments/');
    }
  });

  it('a campaign whose IMAGE-header template gets no image is refused when created (422 with the reason), and nothing reaches Meta', async () => {
    const since = graph.received.length;
    const campaignsBefore = (await (await h.api('/api/v1/campaigns')).json()).items.length;
    const list = await h.api(`/api/v1/contact-lists?name=Lookbook-${++n}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'id,name,phone\n1,Lucía,+34 600 222 311\n2,Marco,+34 600 222 312\n' });
    const created = await h.api('/api/v1/campaigns', { method: 'POST', json: { name: `Autumn ${n}`, channelId: uploading, listId: (await list.json()).id, message: { content: {
      type: 'template', name: 'autumn_lookbook', language: 'es', components: [{ type: 'body', parameters: [{ type: 'text', text: '{{name}}' }] }],
    } } } });
    expect(created.status).toBe(422);
    expect(await created.json()).toMatchObject({
      code: 'template_header_missing',
      detail: 'The WhatsApp template "autumn_lookbook" (es) has an IMAGE header, and this message gives no image for it: '
        + 'give it as the header component\'s parameter: {"type": "header", "parameters": [{"type": "image", "url": "…"}]}.',
    });
    expect((await (await h.api('/api/v1/campaigns')).json()).items).toHaveLength(campaignsBefore);
    expect(sendsTo(UPLOAD_NUMBER, since)).toHaveLength(0);
    expect(uploadsTo(UPLOAD_NUMBER, since)).toHaveLength(0);
  });

  it('after 24 h an agent\'s template reply in upload mode uploads the stored invoice and sends {type: document, document: {id, filename}}', async () => {
    const caseId = await caseFrom(uploading, UPLOAD_NUMBER, '34600222321', 30);
    const bytes = pdf();
    const file = await store(uploading, bytes, 'Factura 4711.pdf');
    const since = graph.received.length;
    const reply = await h.api(`/api/v1/cases/${caseId}/messages`, {
      method: 'POST', key: h.agentKey,
      json: { content: { type: 'template', name: 'invoice_ready', language: 'es', components: [{ type: 'header', parameters: [{ type: 'document', url: file.url }] }, { type: 'body', parameters: [{ type: 'text', text: 'Lucía' }] }] } },
    });
    expect(reply.status, await reply.clone().text()).toBe(202);
    const { id: messageId } = await reply.json();
    const sent = await messageOf(caseId, messageId, 'sent');
    expect(sent.providerMessageId).toMatch(/^wamid\./);

    const [upload] = uploadsTo(UPLOAD_NUMBER, since);
    expect(upload.form?.fields).toEqual({ messaging_product: 'whatsapp', type: 'application/pdf' });
    expect(upload.form?.file).toEqual({ name: 'Factura 4711.pdf', type: 'application/pdf', bytes });
    const [send] = sendsTo(UPLOAD_NUMBER, since);
    expect(send.body).toMatchObject({ to: '34600222321', type: 'template', biz_opaque_callback_data: messageId });
    expect(headerOf(send)).toEqual({ type: 'document', document: { id: expect.stringMatching(/^media-\d+$/), filename: 'Factura 4711.pdf' } });
    expect(graph.uploadedMedia.get(headerOf(send).document.id)?.file.bytes.equals(bytes)).toBe(true);
  });

  it('an agent\'s template reply without the DOCUMENT header\'s file is failed with the reason, and nothing reaches Meta', async () => {
    const caseId = await caseFrom(uploading, UPLOAD_NUMBER, '34600222331', 30);
    const since = graph.received.length;
    const reply = await h.api(`/api/v1/cases/${caseId}/messages`, {
      method: 'POST', key: h.agentKey,
      json: { content: { type: 'template', name: 'invoice_ready', language: 'es', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Lucía' }] }] } },
    });
    expect(reply.status).toBe(202);
    const failed = await messageOf(caseId, (await reply.json()).id, 'failed');
    expect(failed.deliveryError).toBe('The WhatsApp template "invoice_ready" (es) has a DOCUMENT header, and this message gives no document for it: '
      + 'give it as the header component\'s parameter: {"type": "header", "parameters": [{"type": "document", "url": "…", "filename": "…"}]}.');
    expect(sendsTo(UPLOAD_NUMBER, since)).toHaveLength(0);
  });

  it('a rule\'s send-message action with an IMAGE-header template uploads the stored file the same way', async () => {
    const bytes = jpeg();
    const file = await store(uploading, bytes, 'bienvenida.jpg');
    insertPublishedRule(h.parley.db, {
      accountId: h.parley.credentials!.accountId, name: 'Lookbook on request',
      graph: chain({ trigger: 'message.created', config: { channelIds: [uploading] } },
        { kind: 'condition', all: [{ field: 'message.text', op: 'contains', value: 'catálogo' }] },
        { kind: 'action', action: 'send_message', input: { text: 'El catálogo de otoño', content: {
          type: 'template', name: 'autumn_lookbook', language: 'es',
          components: [{ type: 'header', parameters: [{ type: 'image', url: file.url }] }, { type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }],
        } } }),
    });
    const since = graph.received.length;
    await caseFrom(uploading, UPLOAD_NUMBER, '34600222351', 0, '¿Me mandáis el catálogo?');
    const [send] = await eventually(() => {
      const found = sendsTo(UPLOAD_NUMBER, since);
      return found.length > 0 ? found : null;
    }, 30_000, 200);
    expect(send.body).toMatchObject({ to: '34600222351', type: 'template', template: { name: 'autumn_lookbook' } });
    expect(headerOf(send)).toEqual({ type: 'image', image: { id: expect.stringMatching(/^media-\d+$/) } });
    const [upload] = uploadsTo(UPLOAD_NUMBER, since);
    expect(upload.form?.file).toEqual({ name: 'bienvenida.jpg', type: 'image/jpeg', bytes });
    expect(graph.uploadedMedia.get(headerOf(send).image.id)?.file.bytes.equals(bytes)).toBe(true);
  });

  it('an agent\'s outreach from a case with an IMAGE-header template and no image is refused at once (422), with nothing created or sent', async () => {
    const caseId = await caseFrom(uploading, UPLOAD_NUMBER, '34600222361', 30);
    const { contactId } = await (await h.api(`/api/v1/cases/${caseId}`)).json();
    expect((await h.api(`/api/v1/contacts/${contactId}`, { method: 'PATCH', json: { phone: '+34600222361' } })).status).toBe(200);
    const campaignsBefore = (await (await h.api('/api/v1/campaigns')).json()).items.length;
    const since = graph.received.length;
    const refused = await h.api(`/api/v1/cases/${caseId}/outreach`, {
      method: 'POST', key: h.agentKey, json: { channelId: uploading, message: { template: { name: 'autumn_lookbook', language: 'es', variables: ['Lucía'] } } },
    });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({
      code: 'template_header_missing',
      detail: 'The WhatsApp template "autumn_lookbook" (es) has an IMAGE header, and this message gives no image for it: '
        + 'give it as the header component\'s parameter: {"type": "header", "parameters": [{"type": "image", "url": "…"}]}.',
    });
    expect((await (await h.api('/api/v1/campaigns')).json()).items).toHaveLength(campaignsBefore);
    expect(sendsTo(UPLOAD_NUMBER, since)).toHaveLength(0);

    // With the image it goes: a campaign of one, the stored file uploaded and sent by id.
    const bytes = jpeg();
    const file = await store(uploading, bytes, 'para-lucia.jpg');
    const started = await h.api(`/api/v1/cases/${caseId}/outreach`, {
      method: 'POST', key: h.agentKey,
      json: { channelId: uploading, message: { content: { type: 'template', name: 'autumn_lookbook', language: 'es', components: [{ type: 'header', parameters: [{ type: 'image', url: file.url }] }, { type: 'body', parameters: [{ type: 'text', text: 'Lucía' }] }] } } },
    });
    expect(started.status, await started.clone().text()).toBe(201);
    expect((await finished((await started.json()).id)).recipients).toMatchObject({ total: 1, sent: 1 });
    const [send] = sendsTo(UPLOAD_NUMBER, since);
    expect(graph.uploadedMedia.get(headerOf(send).image.id)?.file.bytes.equals(bytes)).toBe(true);
  });

  it('link mode still sends the header as a signed public link that returns the exact bytes, and uploads nothing', async () => {
    const caseId = await caseFrom(linking, LINK_NUMBER, '34600222341', 30);
    const bytes = jpeg();
    const file = await store(linking, bytes, 'lookbook.jpg');
    const since = graph.received.length;
    const reply = await h.api(`/api/v1/cases/${caseId}/messages`, {
      method: 'POST', key: h.agentKey,
      json: { content: { type: 'template', name: 'autumn_lookbook', language: 'es', components: [{ type: 'header', parameters: [{ type: 'image', url: file.url }] }, { type: 'body', parameters: [{ type: 'text', text: 'Lucía' }] }] } },
    });
    expect(reply.status).toBe(202);
    await messageOf(caseId, (await reply.json()).id, 'sent');
    const [send] = sendsTo(LINK_NUMBER, since);
    const link: string = headerOf(send).image.link;
    expect(Object.keys(headerOf(send).image)).toEqual(['link']);
    expect(link).toMatch(new RegExp(`^${PUBLIC_URL.replace(/\./g, '\\.')}/media/file_[a-z0-9]+\\.[0-9a-z]+\\.[A-Za-z0-9_-]{43}/lookbook\\.jpg$`));
    const fetched = await fetchMedia(link, resolve);
    expect(fetched?.status).toBe(200);
    expect(fetched?.bytes.equals(bytes)).toBe(true);
    expect(graph.received.slice(since).filter((r) => r.path.endsWith('/media'))).toHaveLength(0);
  });
});
