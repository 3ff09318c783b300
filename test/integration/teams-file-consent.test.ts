// Teams files through the file-consent flow, end to end on a real Temporal dev server, SQLite file
// and HTTP against the Teams stand-in: an agent's PDF in a personal chat goes as a FileConsentCard;
// the customer's signed accept (a fileConsent/invoke) is answered 200 and the exact bytes are PUT
// to the upload URL, then a FileInfoCard is posted and the message shows delivered; a repeated
// accept uploads nothing more; a decline and a refused upload say so on the timeline and the
// message; in a channel conversation (no file consent there) the file still goes as a link — a
// signed public one, which the customer can open.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTeamsApi, type TeamsApi, type UploadSession } from '../fakes/teams-api';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const PUBLIC_URL = 'https://parley.acme.test';
const CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
const FILE_INFO = 'application/vnd.microsoft.teams.card.file.info';
/** A PDF the sniffer accepts, different every time (so "the exact bytes" means something). */
const pdf = (size = 9_000) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size), Buffer.from('\n%%EOF\n')]);

let h: Harness;
let teams: TeamsApi;
let channelId: string;
const APP_ID = randomUUID();
const PASSWORD = 'teams~file~consent~secret';
let seq = 1_800_000_000_000;
const TASK_QUEUE = `teams-file-consent-${randomUUID()}`;

beforeAll(async () => {
  h = await startHarness({ temporalAddress: inject('temporalAddress'), taskQueue: TASK_QUEUE, env: { PARLEY_PUBLIC_URL: PUBLIC_URL } });
  teams = await startTeamsApi({ appId: APP_ID, appPassword: PASSWORD });
  const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'teams', name: 'Acme Teams', config: { appId: APP_ID, appPassword: PASSWORD, tokenUrl: teams.tokenUrl, openIdMetadataUrl: teams.openIdMetadataUrl } } });
  expect(res.status, await res.clone().text()).toBe(201);
  channelId = (await res.json()).id;
});
afterAll(async () => {
  await h?.stop();
  await teams?.close();
});

const user = (n: number) => ({ id: `29:file-user-${n}`, name: 'Megan Bowen', aadObjectId: `aad-file-${n}` });
const personal = (n: number) => ({ id: `a:file-conversation-${n}`, conversationType: 'personal', tenantId: 'tenant-1' });
const activity = (n: number, over: Record<string, unknown> = {}) => ({
  type: 'message', id: String(++seq), timestamp: new Date().toISOString(), serviceUrl: teams.serviceUrl, channelId: 'msteams',
  from: user(n), conversation: personal(n), recipient: { id: `28:${APP_ID}`, name: 'Acme' }, text: 'Can you send me the invoice?', textFormat: 'plain', locale: 'en-GB', ...over,
});
/** What Teams posts when the person presses Accept or Decline on a FileConsentCard. */
const consentInvoke = (n: number, action: 'accept' | 'decline', context: unknown, session?: UploadSession, over: Record<string, unknown> = {}) => ({
  type: 'invoke', name: 'fileConsent/invoke', id: `f:${++seq}`, timestamp: new Date().toISOString(), serviceUrl: teams.serviceUrl, channelId: 'msteams',
  from: user(n), conversation: personal(n), recipient: { id: `28:${APP_ID}`, name: 'Acme' }, locale: 'en-GB',
  value: {
    type: 'fileUpload', action, context,
    ...(session ? { uploadInfo: { contentUrl: session.contentUrl, name: session.name, uploadUrl: session.uploadUrl, uniqueId: session.uniqueId, fileType: session.fileType } } : {}),
  },
  ...over,
});
const post = async (body: unknown) => fetch(`${h.parley.url}/webhooks/${channelId}`, {
  method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await teams.signToken(teams.serviceUrl)}` }, body: JSON.stringify(body),
});
const getCase = async (id: string) => (await h.api(`/api/v1/cases/${id}`)).json();
const messageOf = async (caseId: string, id: string) => (await getCase(caseId)).messages.find((m: { id: string }) => m.id === id);
const timeline = async (caseId: string) => ((await getCase(caseId)).events as { type: string; to: string; description: string }[]).filter((e) => e.type === 'file_consent');

async function openCase(n: number, over: Record<string, unknown> = {}): Promise<string> {
  const res = await post(activity(n, over));
  expect(res.status).toBe(200);
  const { caseIds: [caseId] } = await res.json();
  await eventually(async () => (await getCase(caseId)).lastInboundAt);
  return caseId;
}
async function upload(bytes: Buffer, name: string) {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(bytes)]), name);
  form.set('channelId', channelId);
  const res = await h.api('/api/v1/attachments', { method: 'POST', body: form, key: h.agentKey });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { url: string; mime: string; name: string; size: number };
}
async function replyWithFile(caseId: string, bytes: Buffer, name: string): Promise<string> {
  const file = await upload(bytes, name);
  const res = await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', key: h.agentKey, json: { text: 'Here it is.', attachments: [{ url: file.url, mime: file.mime, name: file.name }] } });
  expect(res.status).toBe(202);
  return (await res.json()).id as string;
}
/** The consent card Parley posted for this message (waits for it). */
async function consentCardOf(conversationId: string) {
  const call = await eventually(() => teams.consentCards().find((c) => c.conversationId === conversationId) ?? null);
  return call.body.attachments.find((a: { contentType: string }) => a.contentType === CONSENT);
}

describe('Teams file consent', () => {
  it('a PDF in a personal chat: consent card → accept → the exact bytes PUT → FileInfoCard → delivered; a repeated accept uploads nothing more', async () => {
    const caseId = await openCase(1);
    const bytes = pdf();
    const messageId = await replyWithFile(caseId, bytes, 'invoice-1042.pdf');

    const card = await consentCardOf('a:file-conversation-1');
    expect(card).toMatchObject({
      contentType: CONSENT, name: 'invoice-1042.pdf',
      content: { sizeInBytes: bytes.length, description: expect.stringContaining('invoice-1042.pdf'), acceptContext: { parleyMessageId: messageId }, declineContext: { parleyMessageId: messageId } },
    });
    // The text still went as text, and no link to the file was posted.
    const calls = teams.callsOf('activity').filter((c) => c.conversationId === 'a:file-conversation-1');
    expect(calls.some((c) => c.body.text === 'Here it is.')).toBe(true);
    expect(calls.some((c) => String(c.body.text ?? '').includes('invoice-1042.pdf'))).toBe(false);
    await eventually(async () => (await messageOf(caseId, messageId)).deliveryStatus === 'sent' || null);
    expect((await timeline(caseId)).map((e) => e.description)).toEqual(['File invoice-1042.pdf sent in Teams: waiting for the customer to accept it (Teams asks before it saves a file)']);
    // The message's file says so too (the inbox shows it under the file).
    expect((await messageOf(caseId, messageId)).attachments).toEqual([expect.objectContaining({ name: 'invoice-1042.pdf', consent: 'waiting' })]);

    const session = teams.uploadSession('invoice-1042.pdf');
    const accept = consentInvoke(1, 'accept', card.content.acceptContext, session);
    const answer = await post(accept);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe('');

    const [info] = await eventually(() => { const c = teams.fileInfoCards().filter((x) => x.conversationId === 'a:file-conversation-1'); return c.length ? c : null; });
    expect(session.complete).toBe(true);
    expect(session.received.equals(bytes)).toBe(true);
    expect(session.puts).toEqual([{ contentRange: `bytes 0-${bytes.length - 1}/${bytes.length}`, contentLength: String(bytes.length), bytes: bytes.length, status: 201 }]);
    expect(info.headers.authorization).toBe(`Bearer ${teams.issuedTokens.at(-1)}`);
    expect(info.body).toEqual({ type: 'message', attachments: [{ contentType: FILE_INFO, contentUrl: session.contentUrl, name: 'invoice-1042.pdf', content: { uniqueId: session.uniqueId, fileType: 'pdf' } }] });
    const delivered = await eventually(async () => { const m = await messageOf(caseId, messageId); return m.deliveryStatus === 'delivered' ? m : null; });
    expect(delivered.deliveryError).toBeNull();
    await eventually(async () => (await messageOf(caseId, messageId)).attachments[0].consent === 'delivered' || null);
    await eventually(async () => (await timeline(caseId)).length === 3 || null);
    expect((await timeline(caseId)).map((e) => e.description)).toEqual([
      'File invoice-1042.pdf sent in Teams: waiting for the customer to accept it (Teams asks before it saves a file)',
      'The customer accepted the file invoice-1042.pdf; uploading it to Teams',
      'File invoice-1042.pdf delivered: the customer accepted it and it is in their Teams chat',
    ]);

    // Teams retries the invoke, and the person presses Accept again (a new activity id): nothing more is uploaded.
    expect((await post(accept)).status).toBe(200);
    expect((await post({ ...accept, id: `f:${++seq}` })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(session.puts).toHaveLength(1);
    expect(teams.fileInfoCards().filter((x) => x.conversationId === 'a:file-conversation-1')).toHaveLength(1);
    expect(await timeline(caseId)).toHaveLength(3);
  });

  it('a decline uploads nothing and the timeline says the customer declined', async () => {
    const caseId = await openCase(2);
    const messageId = await replyWithFile(caseId, pdf(), 'quote.pdf');
    const card = await consentCardOf('a:file-conversation-2');
    const uploadsBefore = teams.callsOf('upload').length;
    expect((await post(consentInvoke(2, 'decline', card.content.declineContext))).status).toBe(200);
    await eventually(async () => (await timeline(caseId)).some((e) => e.to === 'declined') || null);
    expect((await timeline(caseId)).at(-1)!.description).toBe('The customer declined the file quote.pdf in Teams; it was not delivered');
    expect((await messageOf(caseId, messageId)).attachments[0].consent).toBe('declined');
    // An accept after the decline does not count: the first answer does.
    const session = teams.uploadSession('quote.pdf');
    expect((await post(consentInvoke(2, 'accept', card.content.acceptContext, session))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(teams.callsOf('upload').length).toBe(uploadsBefore);
    expect((await messageOf(caseId, messageId)).deliveryStatus).toBe('sent');
  });

  it('an answer naming another conversation\'s file is ignored', async () => {
    const caseId = await openCase(3);
    const messageId = await replyWithFile(caseId, pdf(), 'contract.pdf');
    const card = await consentCardOf('a:file-conversation-3');
    await openCase(4);
    // Conversation 4 answers with conversation 3's context (its token is valid: Teams signed it).
    const session = teams.uploadSession('contract.pdf');
    expect((await post(consentInvoke(4, 'accept', card.content.acceptContext, session))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(session.puts).toHaveLength(0);
    expect((await timeline(caseId)).map((e) => e.to)).toEqual(['waiting']);
    expect((await messageOf(caseId, messageId)).deliveryStatus).toBe('sent');
  });

  it('an upload Teams refuses fails the message with Teams\' reason', async () => {
    const caseId = await openCase(5);
    const bytes = pdf();
    const messageId = await replyWithFile(caseId, bytes, 'statement.pdf');
    const card = await consentCardOf('a:file-conversation-5');
    teams.answerNext('upload', { status: 403, json: { error: { code: 'accessDenied', message: 'The caller does not have permission to perform the action.' } } });
    const session = teams.uploadSession('statement.pdf');
    expect((await post(consentInvoke(5, 'accept', card.content.acceptContext, session))).status).toBe(200);
    const failed = await eventually(async () => { const m = await messageOf(caseId, messageId); return m.deliveryStatus === 'failed' ? m : null; });
    expect(failed.deliveryError).toBe(`The file statement.pdf could not be uploaded to Teams: the upload URL answered 403 (accessDenied: The caller does not have permission to perform the action.) for bytes 0-${bytes.length - 1} of ${bytes.length}`);
    expect((await timeline(caseId)).at(-1)!.description).toMatch(/^File statement.pdf could not be uploaded to Teams: the upload URL answered 403 \(accessDenied/);
    expect(teams.fileInfoCards().filter((x) => x.conversationId === 'a:file-conversation-5')).toHaveLength(0);
  });

  it('a large file goes in chunks; a chunk Teams fails is retried from where the upload session stands', async () => {
    const caseId = await openCase(8);
    const bytes = pdf(5 * 1024 * 1024);
    const messageId = await replyWithFile(caseId, bytes, 'catalogue.pdf');
    const card = await consentCardOf('a:file-conversation-8');
    expect(card.content.sizeInBytes).toBe(bytes.length);
    const session = teams.uploadSession('catalogue.pdf');
    teams.answerNext('upload', { normal: true }, { status: 503, json: { error: { code: 'serviceNotAvailable', message: 'Try again later' } } });
    expect((await post(consentInvoke(8, 'accept', card.content.acceptContext, session))).status).toBe(200);
    await eventually(async () => (await messageOf(caseId, messageId)).deliveryStatus === 'delivered' || null);
    const chunk = 12 * 320 * 1024;
    expect(session.puts.map((p) => [p.contentRange, p.status])).toEqual([
      [`bytes 0-${chunk - 1}/${bytes.length}`, 202],
      [`bytes ${chunk}-${bytes.length - 1}/${bytes.length}`, 201],
    ]);
    expect(teams.callsOf('upload').filter((c) => c.path === `/upload/${session.id}` && c.method === 'GET')).toHaveLength(1);
    expect(session.received.equals(bytes)).toBe(true);
    expect(teams.fileInfoCards().filter((x) => x.conversationId === 'a:file-conversation-8')).toHaveLength(1);
  });

  it('in a channel conversation (no file consent there) the file still goes as a link the customer can open', async () => {
    const conversation = { id: '19:acme-support@thread.tacv2;messageid=1700000000000', conversationType: 'channel', tenantId: 'tenant-1' };
    const caseId = await openCase(6, { conversation });
    const messageId = await replyWithFile(caseId, pdf(), 'manual.pdf');
    await eventually(async () => (await messageOf(caseId, messageId)).deliveryStatus === 'sent' || null);
    const calls = teams.callsOf('activity').filter((c) => c.conversationId === conversation.id);
    expect(calls.some((c) => (c.body.attachments ?? []).some((a: { contentType: string }) => a.contentType === CONSENT))).toBe(false);
    // A link the customer can open: Parley's signed public link, never its signed-in download address.
    const link = calls.find((c) => String(c.body.text ?? '').includes('manual.pdf'))!.body;
    expect(link).toMatchObject({ textFormat: 'markdown', text: expect.stringMatching(new RegExp(`^\\[manual\\.pdf\\]\\(${PUBLIC_URL}/media/[^/]+/manual\\.pdf\\)$`)) });
    expect(link.text).not.toContain('/api/v1/attachments/');
    expect(await timeline(caseId)).toEqual([]);
    expect((await messageOf(caseId, messageId)).attachments[0]).not.toHaveProperty('consent');
  });

  it('the accept may come after Parley restarted: the card\'s file is still uploaded, once', async () => {
    const caseId = await openCase(7);
    const bytes = pdf(20_000);
    const messageId = await replyWithFile(caseId, bytes, 'warranty.pdf');
    const card = await consentCardOf('a:file-conversation-7');
    await eventually(async () => (await timeline(caseId)).length === 1 || null);

    const dataDir = h.dataDir;
    await h.stop({ keepData: true });
    h = await startHarness({ temporalAddress: inject('temporalAddress'), taskQueue: TASK_QUEUE, dataDir, env: { PARLEY_PUBLIC_URL: PUBLIC_URL } });

    const session = teams.uploadSession('warranty.pdf');
    expect((await post(consentInvoke(7, 'accept', card.content.acceptContext, session))).status).toBe(200);
    await eventually(() => teams.fileInfoCards().find((x) => x.conversationId === 'a:file-conversation-7') ?? null);
    expect(session.received.equals(bytes)).toBe(true);
    expect(session.puts).toHaveLength(1);
    await eventually(async () => (await messageOf(caseId, messageId)).deliveryStatus === 'delivered' || null);
  });
});
