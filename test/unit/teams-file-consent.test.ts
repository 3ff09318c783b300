// Teams' file-consent flow in the connector: which conversations can take a FileConsentCard, the
// card Parley sends (in the customer's language) and the links it keeps elsewhere, how a
// fileConsent/invoke is read (and refused when it is not Parley's), the 200 answer Teams waits for,
// the upload to the stand-in's upload session (whole, in chunks, refused, throttled, silent), the
// FileInfoCard, and the timeline's words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { SendError, type ChannelContext, type OutboundMessage, type RawRequest } from '../../connectors/connector';
import { teamsConnector } from '../../connectors/teams';
import type { TeamsConfig } from '../../connectors/teams/config';
import { canAskFileConsent, FILE_CONSENT_CARD, fileConsentCard, fileInfoActivity } from '../../connectors/teams/file-consent';
import { uploadToTeams } from '../../connectors/teams/file-upload';
import { teamsActivitiesFor } from '../../connectors/teams/send';
import { describeCaseEvent } from '../../engine/cases/timeline-text';
import { startTeamsApi, type TeamsApi } from '../fakes/teams-api';

const APP_ID = randomUUID();
const PASSWORD = 'fake~client~secret~consent';
let api: TeamsApi;
beforeAll(async () => { api = await startTeamsApi({ appId: APP_ID, appPassword: PASSWORD }); });
afterAll(async () => { await api.close(); });

const deps = { fetch, now: () => Date.now() };
const channel = (): ChannelContext<TeamsConfig> => ({
  id: 'ch_teams', accountId: 'acc_1',
  config: teamsConnector.configSchema.parse({ appId: APP_ID, appPassword: PASSWORD, openIdMetadataUrl: api.openIdMetadataUrl, tokenUrl: api.tokenUrl, timeoutMs: 2000 }),
});
const request = (body: unknown): RawRequest => ({ method: 'POST', url: 'https://parley.example.com/webhooks/ch_teams', headers: {}, body: Buffer.from(JSON.stringify(body)) });
const CONTEXT = { parleyMessageId: 'msg_01consent', parleyAttachmentId: 'att_01invoice' };
const invoke = (value: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
  type: 'invoke', name: 'fileConsent/invoke', id: 'f:123', timestamp: '2026-11-28T09:00:00.000Z', serviceUrl: api.serviceUrl, channelId: 'msteams',
  from: { id: '29:user', name: 'Megan Bowen' }, conversation: { id: 'a:personal-1', conversationType: 'personal' }, recipient: { id: `28:${APP_ID}` },
  value: { type: 'fileUpload', ...value }, ...over,
});
const UPLOAD_INFO = { contentUrl: 'https://contoso-my.sharepoint.com/personal/megan/Documents/Applications/invoice.pdf', name: 'invoice.pdf', uploadUrl: 'https://upload.example/session/1', uniqueId: '1150D938-8870-4044-9F2C-5BBDEBA70C9D', fileType: 'pdf' };

describe('where Teams takes a file consent card', () => {
  it('only in personal conversations; conversations seen before the type was kept are judged by their id', () => {
    expect(canAskFileConsent('personal', 'a:1')).toBe(true);
    expect(canAskFileConsent('channel', '19:x@thread.tacv2')).toBe(false);
    expect(canAskFileConsent('groupChat', '19:x@thread.v2')).toBe(false);
    expect(canAskFileConsent(null, 'a:1pL9-personal')).toBe(true);
    expect(canAskFileConsent(undefined, '19:meeting_x@thread.v2')).toBe(false);
  });
});

describe('outbound files', () => {
  const message = (context?: Record<string, unknown>, locale?: string): OutboundMessage => ({
    id: 'msg_01consent', caseId: 'case_1', threadId: 'a:personal-1', recipient: { externalId: '29:user' },
    content: { type: 'text', text: 'Here it is.' }, text: 'Here it is.', locale,
    attachments: [
      { url: 'https://parley.example/api/v1/attachments/file_pdf', mime: 'application/pdf', name: 'invoice.pdf', size: 9_016 },
      { url: 'https://cdn.example/terms.pdf', mime: 'application/pdf', name: 'terms.pdf' },
      { url: 'https://parley.example/api/v1/attachments/file_png', mime: 'image/png', name: 'photo.png' },
    ],
    ...(context ? { context } : {}),
  });
  const consentFiles = { 'https://parley.example/api/v1/attachments/file_pdf': { attachmentId: 'att_01invoice', name: 'invoice.pdf', sizeInBytes: 9_016 } };

  it('a stored file of a personal chat goes as a FileConsentCard whose contexts name the message and attachment; the others keep inline images and links', () => {
    const activities = teamsActivitiesFor(message({ teams: { serviceUrl: api.serviceUrl, conversationType: 'personal', consentFiles } }));
    expect(activities).toEqual([
      { type: 'message', text: 'Here it is.', textFormat: 'plain' },
      { type: 'message', attachments: [{ contentType: 'image/png', contentUrl: 'https://parley.example/api/v1/attachments/file_png', name: 'photo.png' }] },
      { type: 'message', attachments: [{ contentType: FILE_CONSENT_CARD, name: 'invoice.pdf', content: {
        description: 'Your agent sent you invoice.pdf. Accept to save it to your OneDrive.', sizeInBytes: 9_016, acceptContext: CONTEXT, declineContext: CONTEXT,
      } }] },
      { type: 'message', textFormat: 'markdown', text: '[terms.pdf](https://cdn.example/terms.pdf)' },
    ]);
  });

  it('stored images and linked files go by their signed public links; the consent file keeps its card', () => {
    const publicMedia = { files: {
      'https://parley.example/api/v1/attachments/file_pdf': { link: 'https://parley.example/media/tok1/invoice.pdf', mime: 'application/pdf', name: 'invoice.pdf', size: 9_016, path: '/x' },
      'https://parley.example/api/v1/attachments/file_png': { link: 'https://parley.example/media/tok2/photo.png', mime: 'image/png', name: 'photo.png', size: 10, path: '/y' },
    } };
    const personal = teamsActivitiesFor(message({ teams: { conversationType: 'personal', consentFiles }, publicMedia }));
    expect(personal.slice(1)).toEqual([
      { type: 'message', attachments: [{ contentType: 'image/png', contentUrl: 'https://parley.example/media/tok2/photo.png', name: 'photo.png' }] },
      { type: 'message', attachments: [expect.objectContaining({ contentType: FILE_CONSENT_CARD, name: 'invoice.pdf' })] },
      { type: 'message', textFormat: 'markdown', text: '[terms.pdf](https://cdn.example/terms.pdf)' },
    ]);
    const channelChat = teamsActivitiesFor(message({ teams: { conversationType: 'channel' }, publicMedia }));
    expect(channelChat.at(-1)).toEqual({ type: 'message', textFormat: 'markdown', text: '[invoice.pdf](https://parley.example/media/tok1/invoice.pdf)\n\n[terms.pdf](https://cdn.example/terms.pdf)' });
    expect(JSON.stringify(channelChat)).not.toContain('/api/v1/attachments/');
  });

  it('the card speaks the customer\'s language', () => {
    expect(fileConsentCard('m', { attachmentId: 'a', name: 'factura.pdf', sizeInBytes: 1 }, 'es-ES').content).toMatchObject({ description: 'Tu agente te ha enviado factura.pdf. Acepta para guardarlo en tu OneDrive.' });
  });

  it('without consent files (a channel or group chat) every file other than an image is a link', () => {
    const activities = teamsActivitiesFor(message({ teams: { serviceUrl: api.serviceUrl, conversationType: 'channel' } }));
    expect(activities.at(-1)).toEqual({ type: 'message', textFormat: 'markdown', text: '[invoice.pdf](https://parley.example/api/v1/attachments/file_pdf)\n\n[terms.pdf](https://cdn.example/terms.pdf)' });
    expect(JSON.stringify(activities)).not.toContain(FILE_CONSENT_CARD);
  });

  it('the consent card passes the stand-in\'s shape checks', async () => {
    const sent = await teamsConnector.send(message({ teams: { serviceUrl: api.serviceUrl, conversationType: 'personal', consentFiles } }), channel(), deps);
    expect(sent.providerMessageId).toMatch(/^1:/);
    expect(api.consentCards().at(-1)!.body.attachments[0]).toMatchObject({ contentType: FILE_CONSENT_CARD, name: 'invoice.pdf' });
  });
});

describe('the fileConsent/invoke', () => {
  const parse = (body: unknown) => teamsConnector.parse(request(body), channel(), { fetch, now: () => 42 });

  it('an accept becomes a fileConsent event keyed by conversation and file, with the upload info', () => {
    expect(parse(invoke({ action: 'accept', context: CONTEXT, uploadInfo: UPLOAD_INFO }))).toEqual([{
      kind: 'fileConsent', eventId: 'teams:a:personal-1:fileConsent:att_01invoice', threadId: 'a:personal-1',
      messageId: 'msg_01consent', attachmentId: 'att_01invoice', action: 'accept', upload: UPLOAD_INFO,
      occurredAt: Date.parse('2026-11-28T09:00:00.000Z'), raw: expect.objectContaining({ type: 'invoke' }),
    }]);
  });

  it('a decline carries no upload; a repeated answer has the same event id (the first answer counts)', () => {
    const [decline] = parse(invoke({ action: 'decline', context: CONTEXT }, { id: 'f:999' }));
    expect(decline).toMatchObject({ kind: 'fileConsent', action: 'decline', eventId: 'teams:a:personal-1:fileConsent:att_01invoice' });
    expect(decline).not.toHaveProperty('upload');
  });

  it('a context Parley did not write, a missing upload URL or a strange action is a 400 naming the field', () => {
    const issues = (body: unknown) => { try { parse(body); } catch (err) { return (err as { details?: unknown; errors?: unknown }); } return null; };
    expect(JSON.stringify(issues(invoke({ action: 'accept', context: { file: 'x' }, uploadInfo: UPLOAD_INFO })))).toContain('value.context');
    expect(JSON.stringify(issues(invoke({ action: 'accept', context: CONTEXT, uploadInfo: { ...UPLOAD_INFO, uploadUrl: 'file:///etc/passwd' } })))).toContain('value.uploadInfo.uploadUrl');
    expect(JSON.stringify(issues(invoke({ action: 'maybe', context: CONTEXT })))).toContain('value.action');
    expect(() => parse(invoke({ action: 'accept', context: { file: 'x' } }))).toThrow(/fileConsent\/invoke activity is incomplete/);
  });

  it('other invokes are skipped; Teams gets a 200 for every invoke and Parley\'s JSON summary otherwise', () => {
    expect(parse(invoke({}, { name: 'adaptiveCard/action' }))).toEqual([]);
    expect(teamsConnector.webhookResponse!(request(invoke({ action: 'decline', context: CONTEXT })), channel())).toEqual({ status: 200, body: '' });
    expect(teamsConnector.webhookResponse!(request({ type: 'message', text: 'hi' }), channel())).toBeNull();
  });
});

describe('uploading to the upload URL', () => {
  it('a small file is one PUT with Content-Length and Content-Range bytes 0-(n-1)/n', async () => {
    const session = api.uploadSession('small.pdf');
    const bytes = randomBytes(5_000);
    await uploadToTeams(session.uploadUrl, bytes, deps, { timeoutMs: 2000 });
    expect(session.puts).toEqual([{ contentRange: 'bytes 0-4999/5000', contentLength: '5000', bytes: 5000, status: 201 }]);
    expect(session.received.equals(bytes)).toBe(true);
  });

  it('a large file goes in consecutive chunks of 320 KiB multiples (3.75 MiB by default)', async () => {
    const session = api.uploadSession('large.pdf');
    const bytes = randomBytes(8 * 1024 * 1024 + 123);
    await uploadToTeams(session.uploadUrl, bytes, deps, { timeoutMs: 10_000 });
    const chunk = 12 * 320 * 1024;
    expect(session.puts.map((p) => [p.contentRange, p.status])).toEqual([
      [`bytes 0-${chunk - 1}/${bytes.length}`, 202],
      [`bytes ${chunk}-${2 * chunk - 1}/${bytes.length}`, 202],
      [`bytes ${2 * chunk}-${bytes.length - 1}/${bytes.length}`, 201],
    ]);
    expect(session.received.equals(bytes)).toBe(true);
  });

  it('a retry after a failed chunk asks the session where it stands and sends only the rest', async () => {
    const session = api.uploadSession('resumed.pdf');
    const bytes = randomBytes(1_000_000);
    const chunk = 320 * 1024;
    // The first chunk lands; the second meets a 503.
    api.answerNext('upload', { normal: true }, { status: 503, json: { error: { code: 'serviceNotAvailable', message: 'Try again later' } } });
    const failed = await uploadToTeams(session.uploadUrl, bytes, deps, { timeoutMs: 2000, chunkBytes: chunk }).catch((e: unknown) => e);
    expect(failed).toMatchObject({ transient: true, status: 503, message: `the upload URL answered 503 (serviceNotAvailable: Try again later) for bytes ${chunk}-${2 * chunk - 1} of 1000000` });
    expect(session.received.length).toBe(chunk);

    await uploadToTeams(session.uploadUrl, bytes, deps, { timeoutMs: 2000, chunkBytes: chunk, resume: true });
    expect(api.callsOf('upload').filter((c) => c.path === `/upload/${session.id}` && c.method === 'GET')).toHaveLength(1);
    expect(session.puts.map((p) => [p.contentRange, p.status])).toEqual([
      [`bytes 0-${chunk - 1}/1000000`, 202],
      [`bytes ${chunk}-${2 * chunk - 1}/1000000`, 202],
      [`bytes ${2 * chunk}-${3 * chunk - 1}/1000000`, 202],
      [`bytes ${3 * chunk}-999999/1000000`, 201],
    ]);
    expect(session.received.equals(bytes)).toBe(true);
  });

  it('a refusal is permanent and quotes OneDrive; 429 is transient with its Retry-After; a silent URL times out transiently', async () => {
    const session = api.uploadSession('refused.pdf');
    api.answerNext('upload', { status: 403, json: { error: { code: 'accessDenied', message: 'Access denied' } } });
    const refused = await uploadToTeams(session.uploadUrl, randomBytes(10), deps, { timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SendError);
    expect(refused).toMatchObject({ transient: false, status: 403, message: 'the upload URL answered 403 (accessDenied: Access denied) for bytes 0-9 of 10' });

    api.answerNext('upload', { status: 429, headers: { 'retry-after': '7' }, json: { error: { code: 'activityLimitReached', message: 'Slow down' } } });
    const throttled = await uploadToTeams(api.uploadSession('busy.pdf').uploadUrl, randomBytes(10), deps, { timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(throttled).toMatchObject({ transient: true, status: 429, retryAfterMs: 7000 });

    api.answerNext('upload', { status: 201, delayMs: 1_500 });
    const slow = await uploadToTeams(api.uploadSession('slow.pdf').uploadUrl, randomBytes(10), deps, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(slow).toMatchObject({ transient: true, message: 'The Teams upload URL did not answer within 300 ms.' });
  });
});

describe('after the upload', () => {
  it('the FileInfoCard names the uploaded file as Teams described it', () => {
    expect(fileInfoActivity(UPLOAD_INFO)).toEqual({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.teams.card.file.info', contentUrl: UPLOAD_INFO.contentUrl, name: 'invoice.pdf', content: { uniqueId: UPLOAD_INFO.uniqueId, fileType: 'pdf' } }] });
  });

  it('the timeline says each step in an agent\'s words', () => {
    const step = (to: string, detail: Record<string, unknown> = {}) => describeCaseEvent({ type: 'file_consent', from: null, to, actor: null, detail: { name: 'invoice.pdf', ...detail } });
    expect(step('waiting')).toBe('File invoice.pdf sent in Teams: waiting for the customer to accept it (Teams asks before it saves a file)');
    expect(step('accepted')).toBe('The customer accepted the file invoice.pdf; uploading it to Teams');
    expect(step('delivered')).toBe('File invoice.pdf delivered: the customer accepted it and it is in their Teams chat');
    expect(step('declined')).toBe('The customer declined the file invoice.pdf in Teams; it was not delivered');
    expect(step('failed', { reason: 'the upload URL answered 403' })).toBe('File invoice.pdf could not be uploaded to Teams: the upload URL answered 403');
  });
});
