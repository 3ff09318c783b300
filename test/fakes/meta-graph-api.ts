// A real HTTP server on 127.0.0.1 playing Meta's Graph API for Messenger, Instagram Direct and the
// WhatsApp Cloud API: it checks the access token (Bearer header or access_token query), the path and
// the body shape of what Parley sends the way the Graph API does (answering its error format:
// `{"error": {message, type, code, fbtrace_id}}`), records every request, uploads and template
// listings, and can be told to answer the next requests with a failure (4xx, 429, 5xx, slowly). Given
// `resolveMedia`, it downloads the media URL of each send as Meta does (Messenger / Instagram
// `attachment.payload.url`, WhatsApp `link`) and records what it got (`mediaFetches`); like the
// Send API, a Messenger or Instagram send whose file cannot be fetched is refused. WhatsApp uploads
// are kept by media id (`uploadedMedia`); a send naming an id never uploaded is refused, and so is a
// template send whose approved media header (IMAGE, VIDEO, DOCUMENT) gets no parameter of its type (132012).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Arrivals } from './arrivals';
import { fetchMedia, type MediaFetch, type ResolveMedia } from './media-fetch';
import { metaWebhookRegistration, type MetaRegistrationOptions, type MetaWebhookRegistrationFake } from './meta-webhook-registration';

export interface GraphRequest {
  method: string;
  /** Path without the query, e.g. /v25.0/me/messages. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The token the request carried (Bearer header or access_token query). */
  token?: string;
  rawBody: Buffer;
  /** The JSON body, when it was JSON. */
  body?: any;
  /** A multipart upload's fields and file. */
  form?: { fields: Record<string, string>; file?: { name: string; type: string; bytes: Buffer } };
  /** When it arrived (Date.now()): tests measure the wait between a refused send and its retry. */
  receivedAt: number;
}

export interface GraphAnswer {
  status?: number;
  json?: unknown;
  /** A non-JSON body (a media download). */
  bytes?: { data: Buffer; contentType: string };
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface GraphTemplateFixture {
  name: string;
  language: string;
  status: 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED';
  category?: string;
  components?: unknown[];
}

export interface MetaGraphApiOptions {
  /** Access tokens the fake accepts. */
  tokens: string[];
  /** WhatsApp phone number ids: `POST /{id}/messages` to one of these is a Cloud API send. */
  whatsappPhoneNumbers?: string[];
  /** Templates of the WhatsApp Business Accounts, by WABA id. */
  templates?: Record<string, GraphTemplateFixture[]>;
  /** Inbound WhatsApp media by media id: `GET /{media-id}` gives a URL on this server that returns the bytes. */
  media?: Record<string, { mime: string; bytes: Buffer }>;
  /** Instagram professional accounts `GET /{ig-id}` knows. */
  instagramAccounts?: Record<string, { username: string }>;
  /** Who `GET /me` is for each token (a Page: `{id, name}`). */
  tokenOwners?: Record<string, { id: string; name?: string }>;
  /**
   * Customers' profiles (`GET /{PSID or IGSID}?fields=…`), by user id: only `token` (the Page's or the
   * Instagram account's) may read one; any other token gets Meta's "does not exist … missing permissions".
   */
  userProfiles?: Record<string, { token: string; profile: Record<string, unknown> }>;
  /** Templates per page of the listing (Meta pages with `paging.next`). */
  templatePageSize?: number;
  /** Download each send's media URL (from where this maps it) as Meta does. */
  resolveMedia?: ResolveMedia;
  /** Webhook registration (subscribed_apps, app subscriptions with the hub.challenge check): meta-webhook-registration.ts. */
  registration?: MetaRegistrationOptions;
}

export interface MetaGraphApi {
  /** The base URL to use as the channel's graphApiBaseUrl. */
  url: string;
  received: GraphRequest[];
  /** Requests that sent a message (Messenger/Instagram Send API or WhatsApp messages). */
  sends(): GraphRequest[];
  waitFor(n: number, timeoutMs?: number): Promise<GraphRequest[]>;
  /** Waits until `n` sends have arrived. */
  waitForSends(n: number, timeoutMs?: number): Promise<GraphRequest[]>;
  /** The next requests get these answers, in order, instead of the normal one. */
  failNext(...answers: GraphAnswer[]): void;
  /**
   * The next message sends (`POST /{id}/messages`) get these answers, in order; other calls (profile
   * reads Parley makes in the background) are answered normally and do not use them up.
   */
  failNextSends(...answers: GraphAnswer[]): void;
  /** The media downloads of sends (only with `resolveMedia`). */
  mediaFetches: MediaFetch[];
  /** WhatsApp media uploads (`POST /{phone-number-id}/media`) by the media id answered. */
  uploadedMedia: Map<string, { fields: Record<string, string>; file: { name: string; type: string; bytes: Buffer } }>;
  /** subscribed_apps and app subscription calls (meta-webhook-registration.ts). */
  registration: MetaWebhookRegistrationFake;
  close(): Promise<void>;
}

const graphError = (status: number, code: number, message: string, type = 'OAuthException', extra: Record<string, unknown> = {}): GraphAnswer => ({
  status,
  json: { error: { message, type, code, ...extra, fbtrace_id: 'AbCdEfGhIjK' } },
});

const invalidParameter = (message: string) => graphError(400, 100, `(#100) ${message}`);

const MESSAGING_TYPES = new Set(['RESPONSE', 'UPDATE', 'MESSAGE_TAG']);
const MESSAGE_TAGS = new Set(['HUMAN_AGENT', 'CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE', 'ACCOUNT_UPDATE']);
const WA_TYPES = new Set(['text', 'image', 'video', 'audio', 'document', 'sticker', 'interactive', 'template', 'location', 'contacts', 'reaction']);

/** The Messenger Platform Send API's checks (developers.facebook.com/docs/messenger-platform/reference/send-api). */
function checkMessengerSend(body: any, requireMessagingType: boolean): GraphAnswer | null {
  if (typeof body?.recipient?.id !== 'string') return invalidParameter('param recipient must be non-empty.');
  if (body.message === undefined && body.sender_action === undefined) return invalidParameter('Must send either message or sender action');
  if (body.messaging_type !== undefined && !MESSAGING_TYPES.has(body.messaging_type)) return invalidParameter(`param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG} - got "${body.messaging_type}".`);
  if (requireMessagingType && body.messaging_type === undefined) return invalidParameter('param messaging_type must be non-empty.');
  if (body.messaging_type === 'MESSAGE_TAG' && !MESSAGE_TAGS.has(body.tag)) return invalidParameter('param tag must be one of {HUMAN_AGENT, ...} when messaging_type is MESSAGE_TAG.');
  if (body.tag !== undefined && body.messaging_type !== 'MESSAGE_TAG') return invalidParameter('param tag is only allowed with messaging_type MESSAGE_TAG.');
  const message = body.message;
  if (message) {
    if (message.text === undefined && message.attachment === undefined) return invalidParameter('Message must contain text or attachment.');
    if (typeof message.text === 'string' && (message.text.length === 0 || message.text.length > 2000)) return invalidParameter('param message[text] must be a UTF-8 encoded string of 1 to 2000 characters.');
    if (Array.isArray(message.quick_replies) && message.quick_replies.length > 13) return invalidParameter('param message[quick_replies] must have at most 13 elements.');
  }
  return null;
}

const HEADER_MEDIA = new Set(['IMAGE', 'VIDEO', 'DOCUMENT', 'GIF']);

/**
 * A template send against the approved template (Meta: templates/template-media): a media header
 * takes exactly one parameter of its type, with exactly one of `id` (an uploaded media id) or `link`.
 */
function checkTemplateSend(template: any, approved: GraphTemplateFixture | undefined, mediaIds: Map<string, unknown>, invalid: (message: string, details: string) => GraphAnswer): GraphAnswer | null {
  const header = (approved?.components as { type: string; format?: string }[] | undefined)?.find((c) => c.type.toUpperCase() === 'HEADER');
  const given = (template.components ?? []).find((c: any) => c?.type === 'header')?.parameters ?? [];
  const mismatch = (received: string) => graphError(400, 132012, '(#132012) Parameter format does not match format in the created template', 'OAuthException',
    { error_data: { messaging_product: 'whatsapp', details: `header: Format mismatch, expected ${header?.format}, received ${received}` } });
  if (header?.format && HEADER_MEDIA.has(header.format.toUpperCase())) {
    const type = header.format.toLowerCase();
    if (given.length !== 1 || given[0]?.type !== type) return mismatch(given[0]?.type?.toUpperCase() ?? 'UNKNOWN');
  }
  for (const p of given) {
    if (!['image', 'video', 'document'].includes(p?.type)) continue;
    const media = p[p.type];
    if (typeof media !== 'object' || media === null || !media.id === !media.link) return invalid('(#131009) Parameter value is not valid', `header ${p.type} needs exactly one of id or link`);
    if (media.id && !mediaIds.has(media.id)) return invalid('(#131053) Media upload error', `header ${p.type} id ${media.id} was never uploaded`);
  }
  return null;
}

/** The Cloud API's checks (developers.facebook.com/documentation/business-messaging/whatsapp/reference). */
function checkWhatsAppSend(body: any, templates: GraphTemplateFixture[] = [], mediaIds: Map<string, unknown> = new Map()): GraphAnswer | null {
  const invalid = (message: string, details: string) =>
    graphError(400, 131009, message, 'OAuthException', { error_data: { messaging_product: 'whatsapp', details } });
  if (body?.messaging_product !== 'whatsapp') return invalid('(#100) The parameter messaging_product is required.', 'messaging_product must be "whatsapp"');
  if (typeof body.to !== 'string' || body.to === '') return invalid('(#100) The parameter to is required.', 'to is required');
  if (!WA_TYPES.has(body.type)) return invalid('(#131009) Parameter value is not valid', `Unknown message type ${body.type}`);
  const part = body[body.type];
  if (typeof part !== 'object' || part === null) return invalid(`(#100) The parameter ${body.type} is required.`, `${body.type} object is required for type ${body.type}`);
  if (body.type === 'text' && (typeof part.body !== 'string' || part.body.length === 0 || part.body.length > 4096)) return invalid('(#131009) Parameter value is not valid', 'text.body must be 1 to 4096 characters');
  if (body.type === 'template' && (typeof part.name !== 'string' || typeof part.language?.code !== 'string')) return invalid('(#131008) Required parameter is missing', 'template.name and template.language.code are required');
  if (['image', 'video', 'audio', 'document'].includes(body.type) && !part.id === !part.link) return invalid('(#131009) Parameter value is not valid', `${body.type} needs exactly one of id or link`);
  if (['image', 'video', 'audio', 'document'].includes(body.type) && part.id && !mediaIds.has(part.id)) return invalid('(#131053) Media upload error', `${body.type} id ${part.id} was never uploaded`);
  const header = body.type === 'interactive' ? part.header : undefined;
  if (['image', 'video', 'document'].includes(header?.type)) {
    const media = header[header.type];
    if (typeof media !== 'object' || media === null || !media.id === !media.link) return invalid('(#131009) Parameter value is not valid', `interactive header ${header.type} needs exactly one of id or link`);
    if (media.id && !mediaIds.has(media.id)) return invalid('(#131053) Media upload error', `interactive header ${header.type} id ${media.id} was never uploaded`);
  }
  if (body.type === 'template') return checkTemplateSend(part, templates.find((t) => t.name === part.name && t.language === part.language.code && t.status === 'APPROVED'), mediaIds, invalid);
  return null;
}

export async function startMetaGraphApi(options: MetaGraphApiOptions): Promise<MetaGraphApi> {
  const arrivals = new Arrivals<GraphRequest>('Meta Graph API');
  const sendArrivals = new Arrivals<GraphRequest>('Meta Graph API sends');
  const tokens = new Set(options.tokens);
  const phoneNumbers = new Set(options.whatsappPhoneNumbers ?? []);
  const scripted: GraphAnswer[] = [];
  const scriptedSends: GraphAnswer[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let counter = 0;
  let baseUrl = '';

  const mediaFetches: MediaFetch[] = [];
  const uploadedMedia: MetaGraphApi['uploadedMedia'] = new Map();
  /** The file URL a send carries, when Meta would fetch one. */
  const mediaUrlOf = (body: any): string | undefined => {
    const waPart = typeof body?.type === 'string' ? body[body.type] : undefined;
    return body?.message?.attachment?.payload?.url ?? (['image', 'video', 'audio', 'document'].includes(body?.type) ? waPart?.link : undefined);
  };

  const registration = metaWebhookRegistration(options.registration ?? {});
  const answer = async (request: GraphRequest): Promise<GraphAnswer> => {
    const registrationAnswer = await registration.answer(request, tokens);
    if (registrationAnswer) return registrationAnswer;
    if (!request.token || !tokens.has(request.token)) {
      return graphError(401, 190, request.token ? 'Invalid OAuth access token - Cannot parse access token' : 'An active access token must be used to query information about the current user.');
    }
    const scriptedAnswer = scripted.shift();
    if (scriptedAnswer) return scriptedAnswer;
    // The short-lived media URL `GET /{media-id}` handed out (it wants the token too).
    const download = /^\/whatsapp_business\/attachments\/([^/]+)$/.exec(request.path);
    if (download) {
      const file = options.media?.[download[1]];
      return file ? { bytes: { data: file.bytes, contentType: file.mime } } : { status: 404, json: { error: { message: 'Not found', code: 100 } } };
    }
    const match = /^\/(v\d+\.\d+)\/([^/]+)(?:\/([^/]+))?$/.exec(request.path);
    if (!match) return graphError(400, 2500, `Unknown path components: ${request.path}`);
    const [, version, node, edge] = match;

    if (request.method === 'POST' && edge === 'messages') {
      const scriptedSend = scriptedSends.shift();
      if (scriptedSend) return scriptedSend;
      const mediaUrl = options.resolveMedia ? mediaUrlOf(request.body) : undefined;
      const fetched = mediaUrl ? await fetchMedia(mediaUrl, options.resolveMedia!) : undefined;
      if (fetched) mediaFetches.push(fetched);
      if (phoneNumbers.has(node)) {
        const problem = checkWhatsAppSend(request.body, Object.values(options.templates ?? {}).flat(), uploadedMedia);
        if (problem) return problem;
        sendArrivals.push(request);
        const wamid = `wamid.HBgL${String(++counter).padStart(6, '0')}`;
        return { json: { messaging_product: 'whatsapp', contacts: [{ input: request.body.to, wa_id: request.body.to }], messages: [{ id: wamid }] } };
      }
      // Messenger (`me` or the Page id) requires messaging_type; Instagram (`{ig-id}`) does not.
      const problem = checkMessengerSend(request.body, node === 'me');
      if (problem) return problem;
      // The Send API downloads the file before it answers; one it cannot fetch fails the send.
      if (fetched && fetched.status !== 200) return graphError(400, 100, '(#100) Failed to fetch the file from the url', 'OAuthException', { error_subcode: 2018008 });
      sendArrivals.push(request);
      return { json: { recipient_id: request.body.recipient.id, message_id: `m_${String(++counter).padStart(6, '0')}` } };
    }
    if (request.method === 'POST' && edge === 'media' && phoneNumbers.has(node)) {
      if (request.form?.fields.messaging_product !== 'whatsapp') return invalidParameter('The parameter messaging_product is required.');
      if (!request.form.file) return invalidParameter('The parameter file is required.');
      const id = `media-${++counter}`;
      uploadedMedia.set(id, { fields: request.form.fields, file: request.form.file });
      return { json: { id } };
    }
    if (request.method === 'GET' && edge === 'message_templates') {
      const all = options.templates?.[node];
      if (!all) return graphError(400, 100, `Unsupported get request. Object with ID '${node}' does not exist.`, 'GraphMethodException');
      // `name` filters as Meta's does: templates whose name contains it.
      const wanted = all.filter((t) => (!request.query.status || t.status === request.query.status) && (!request.query.name || t.name.includes(request.query.name)));
      const size = options.templatePageSize ?? Number(request.query.limit ?? 25);
      const offset = Number(request.query.after ?? 0);
      const page = wanted.slice(offset, offset + size);
      const next = offset + size < wanted.length ? `${baseUrl}/${version}/${node}/message_templates?${new URLSearchParams({ ...request.query, after: String(offset + size) })}` : undefined;
      return { json: { data: page.map((t, i) => ({ id: String(1000 + offset + i), ...t })), paging: { cursors: { before: 'QVFIU', after: 'QVFIU' }, ...(next ? { next } : {}) } } };
    }
    if (request.method === 'GET' && !edge) {
      const file = options.media?.[node];
      if (file) {
        return { json: { messaging_product: 'whatsapp', url: `${baseUrl}/whatsapp_business/attachments/${node}`, mime_type: file.mime, sha256: 'x', file_size: file.bytes.length, id: node } };
      }
      const account = options.instagramAccounts?.[node];
      const user = options.userProfiles?.[node];
      const object: Record<string, unknown> | undefined = user
        ? (user.token === request.token ? { id: node, ...user.profile } : undefined)
        : phoneNumbers.has(node)
        ? { id: node, display_phone_number: '+1 555-078-3881', verified_name: 'Parley Test', quality_rating: 'GREEN' }
        : node === 'me'
          ? { ...(options.tokenOwners?.[request.token] ?? { id: '100000000000001', name: 'Parley Test Page' }) }
          : account ? { id: node, username: account.username } : undefined;
      if (!object) {
        return graphError(400, 100, `Unsupported get request. Object with ID '${node}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 'GraphMethodException', { error_subcode: 33 });
      }
      // Like the Graph API: the id plus the fields asked for (all when none are named).
      const fields = request.query.fields?.split(',');
      return { json: fields ? Object.fromEntries(Object.entries(object).filter(([k]) => k === 'id' || fields.includes(k))) : object };
    }
    return graphError(400, 100, `Unsupported ${request.method.toLowerCase()} request.`, 'GraphMethodException');
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const rawBody = Buffer.concat(chunks);
      const contentType = String(req.headers['content-type'] ?? '');
      const query = Object.fromEntries(url.searchParams);
      const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
      const request: GraphRequest = { method: req.method ?? '', path: url.pathname, query, headers: req.headers, token: bearer ?? query.access_token, rawBody, receivedAt: Date.now() };
      if (contentType.startsWith('application/json')) {
        try {
          request.body = JSON.parse(rawBody.toString('utf8'));
        } catch {
          request.body = undefined;
        }
      } else if (contentType.startsWith('multipart/form-data')) {
        const form = await new Response(rawBody, { headers: { 'content-type': contentType } }).formData();
        const fields: Record<string, string> = {};
        let file: NonNullable<GraphRequest['form']>['file'];
        for (const [key, value] of form as unknown as Iterable<[string, string | File]>) {
          if (typeof value === 'string') fields[key] = value;
          else file = { name: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) };
        }
        request.form = { fields, file };
      }
      arrivals.push(request);
      const { status = 200, json, bytes, headers = {}, delayMs } = await answer(request);
      const send = () => {
        if (res.destroyed) return;
        if (bytes) res.writeHead(status, { 'content-type': bytes.contentType, ...headers }).end(bytes.data);
        else res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(json === undefined ? '' : JSON.stringify(json));
      };
      if (delayMs) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, delayMs);
        timers.add(timer);
      } else {
        send();
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    received: arrivals.received,
    sends: () => sendArrivals.received.slice(),
    waitFor: (n, timeoutMs) => arrivals.waitFor(n, timeoutMs),
    waitForSends: (n, timeoutMs) => sendArrivals.waitFor(n, timeoutMs),
    failNext: (...answers) => void scripted.push(...answers),
    failNextSends: (...answers) => void scriptedSends.push(...answers),
    mediaFetches,
    uploadedMedia,
    registration: registration.fake,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
