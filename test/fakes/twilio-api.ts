// A real HTTP server on 127.0.0.1 playing Twilio's REST API (2010-04-01): HTTP Basic auth with the
// Account SID and Auth Token, form-encoded requests, JSON answers in Twilio's shapes (a message
// resource, or `{code, message, more_info, status}` for an error). It keeps the account's numbers,
// records every call, and can be told to answer the next message sends with a failure.
import { createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Arrivals } from './arrivals';

export interface TwilioCall {
  method: string;
  path: string;
  form: URLSearchParams;
  at: number;
}

/** `delayMs`: answer only after this long (a slow Twilio); longer than the client's timeout is no answer at all. */
export interface TwilioAnswer { status: number; json: unknown; headers?: Record<string, string>; delayMs?: number }

export interface TwilioApi {
  url: string;
  calls: TwilioCall[];
  /** Message sends (POST …/Messages.json). */
  sends(): TwilioCall[];
  waitForSends(n: number, timeoutMs?: number): Promise<TwilioCall[]>;
  /** Each number's inbound webhook as set through the API. */
  smsUrls: Map<string, string>;
  answerNextSends(...answers: TwilioAnswer[]): void;
  /** An MMS file a customer sent: returns its MediaUrl (Basic auth enforced), which redirects to the file. */
  addMedia(bytes: Uint8Array, contentType: string): string;
  close(): Promise<void>;
}

export const twilioError = (status: number, code: number, message: string, headers?: Record<string, string>): TwilioAnswer =>
  ({ status, json: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, ...(headers ? { headers } : {}) });

export async function startTwilioApi(opts: { accountSid: string; authToken: string; numbers: string[] }): Promise<TwilioApi> {
  const arrivals = new Arrivals<TwilioCall>('Twilio API');
  const sendArrivals = new Arrivals<TwilioCall>('Twilio Messages');
  const scripted: TwilioAnswer[] = [];
  const numbers = opts.numbers.map((n) => ({ sid: `PN${randomBytes(16).toString('hex')}`, phone_number: n }));
  const smsUrls = new Map<string, string>();
  const base = `/2010-04-01/Accounts/${opts.accountSid}`;
  const media = new Map<string, { bytes: Uint8Array; contentType: string }>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://twilio.local');
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const call: TwilioCall = { method: req.method ?? 'GET', path: url.pathname, form, at: Date.now() };
      arrivals.push(call);
      const answer = (a: TwilioAnswer) => { res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }); res.end(JSON.stringify(a.json)); };
      const reply = (a: TwilioAnswer) => { if (a.delayMs) setTimeout(() => { if (!res.destroyed) answer(a); }, a.delayMs); else answer(a); };
      // Twilio's media host: the Media resource redirects here, and the file answers without credentials.
      const cdn = /^\/cdn\/(ME[0-9a-f]{32})$/.exec(url.pathname);
      if (call.method === 'GET' && cdn && media.has(cdn[1])) {
        const file = media.get(cdn[1])!;
        res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.bytes.length) });
        return res.end(Buffer.from(file.bytes));
      }
      const expected = `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64')}`;
      if (req.headers.authorization !== expected) return reply(twilioError(401, 20003, 'Authentication Error - invalid username'));
      if (call.method === 'GET' && url.pathname === `${base}.json`) return reply({ status: 200, json: { sid: opts.accountSid, status: 'active', friendly_name: 'Test account' } });
      if (call.method === 'GET' && url.pathname === `${base}/IncomingPhoneNumbers.json`) {
        const wanted = url.searchParams.get('PhoneNumber');
        return reply({ status: 200, json: { incoming_phone_numbers: numbers.filter((n) => !wanted || n.phone_number === wanted) } });
      }
      const numberUpdate = new RegExp(`^${base}/IncomingPhoneNumbers/(PN[0-9a-f]{32})\\.json$`).exec(url.pathname);
      if (call.method === 'POST' && numberUpdate) {
        const number = numbers.find((n) => n.sid === numberUpdate[1]);
        if (!number) return reply(twilioError(404, 20404, 'The requested resource was not found'));
        smsUrls.set(number.phone_number, form.get('SmsUrl') ?? '');
        return reply({ status: 200, json: { ...number, sms_url: form.get('SmsUrl'), sms_method: form.get('SmsMethod') } });
      }
      if (call.method === 'POST' && url.pathname === `${base}/Messages.json`) {
        sendArrivals.push(call);
        const next = scripted.shift();
        if (next) return reply(next);
        if (!form.get('To') || (!form.get('From') && !form.get('MessagingServiceSid'))) return reply(twilioError(400, 21604, "A 'To' phone number is required."));
        if (!form.get('Body') && !form.get('MediaUrl')) return reply(twilioError(400, 21602, 'Message body is required.'));
        const sid = `SM${randomBytes(16).toString('hex')}`;
        return reply({ status: 201, json: { sid, account_sid: opts.accountSid, to: form.get('To'), from: form.get('From'), body: form.get('Body'), status: 'queued', num_media: String(form.getAll('MediaUrl').length) } });
      }
      const mediaPath = new RegExp(`^${base}/Messages/MM[0-9a-f]{32}/Media/(ME[0-9a-f]{32})$`).exec(url.pathname);
      if (call.method === 'GET' && mediaPath && media.has(mediaPath[1])) {
        res.writeHead(307, { location: `/cdn/${mediaPath[1]}` });
        return res.end();
      }
      reply(twilioError(404, 20404, 'The requested resource was not found'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: arrivals.received,
    sends: () => sendArrivals.received,
    waitForSends: (n, timeoutMs) => sendArrivals.waitFor(n, timeoutMs),
    smsUrls,
    answerNextSends: (...answers) => { scripted.push(...answers); },
    addMedia(bytes, contentType) {
      const sid = `ME${randomBytes(16).toString('hex')}`;
      media.set(sid, { bytes, contentType });
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}${base}/Messages/MM${randomBytes(16).toString('hex')}/Media/${sid}`;
    },
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

/** What Twilio posts to a webhook, signed as Twilio signs it (computed here with node:crypto, not Parley's code). */
export function signedTwilioPost(url: string, authToken: string, params: Record<string, string>): { headers: Record<string, string>; body: string } {
  const data = url + Object.keys(params).sort().map((k) => k + params[k]).join('');
  return {
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': createHmac('sha1', authToken).update(data).digest('base64') },
    body: new URLSearchParams(params).toString(),
  };
}
