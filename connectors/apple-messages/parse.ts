// Apple's gateway posts one message per request, its JSON body gzip-compressed: typed text, an
// interactive reply (a quick reply, list picker or time picker choice: the answer parser reads its
// identifier), attachments (their bytes are AES-256-CTR encrypted on Apple's CDN: the stored reference
// lets media-download.ts fetch and decrypt them when an agent opens one). typing_start / typing_end / close carry nothing for the case and are skipped.
import { gunzipSync } from 'node:zlib';
import { PayloadError } from '../byoc/payload-error';
import type { ChannelContext, ConnectorDeps, InboundEvent, RawRequest } from '../connector';
import type { AppleMessagesConfig } from './config';
import { ambAttachmentRef, type AmbInboundAttachment } from './media-download';

interface AmbMessage {
  id?: string;
  type?: string;
  sourceId?: string;
  body?: string;
  /** The customer's device locale, "en_US" style. */
  locale?: string;
  /** Per file: Apple's sample reads a hex `signature`; `signature-base64` is taken too (media-download.ts). */
  attachments?: (AmbInboundAttachment & { name?: string; mimeType?: string; size?: number | string })[];
  interactiveData?: { data?: Record<string, unknown>; receivedMessage?: { title?: string }; replyMessage?: { title?: string } };
}

function bodyOf(req: RawRequest): AmbMessage {
  const gzipped = req.body.length > 2 && req.body[0] === 0x1f && req.body[1] === 0x8b;
  let text: string;
  try {
    text = (gzipped ? gunzipSync(req.body) : req.body).toString('utf8');
  } catch {
    throw new PayloadError('The body is not valid gzip.', []);
  }
  try {
    return JSON.parse(text) as AmbMessage;
  } catch {
    throw new PayloadError('The body is not JSON.', []);
  }
}

/** The title a customer saw on what they chose, for the agent (the answer itself is the identifier). */
function chosenTitle(message: AmbMessage): string {
  const data = message.interactiveData?.data ?? {};
  const quick = data['quick-reply'] as { selectedIdentifier?: string; items?: { identifier: string; title: string }[] } | undefined;
  const picked = quick?.items?.find((i) => i.identifier === quick.selectedIdentifier)?.title;
  return picked ?? message.interactiveData?.replyMessage?.title ?? message.interactiveData?.receivedMessage?.title ?? message.body ?? '';
}

export function parseAppleRequest(req: RawRequest, _channel: ChannelContext<AppleMessagesConfig>, deps?: ConnectorDeps): InboundEvent[] {
  const message = bodyOf(req);
  const id = message.id ?? req.headers.id;
  const source = message.sourceId ?? req.headers['source-id'];
  if (!id || !source) throw new PayloadError('The message has no id or sourceId.', [{ path: id ? 'sourceId' : 'id', message: 'required' }]);
  if (message.type !== 'text' && message.type !== 'interactive') return [];
  // The reference holds what fetching and decrypting the file needs (media-download.ts).
  const attachments = (message.attachments ?? []).map((a) => {
    const ref = ambAttachmentRef(a);
    const size = Number(a.size);
    return { ...(ref ? { url: ref } : {}), mime: a.mimeType ?? 'application/octet-stream', ...(a.name ? { name: a.name } : {}), ...(Number.isFinite(size) && size > 0 ? { size } : {}) };
  });
  return [{
    kind: 'message', eventId: id, providerMessageId: id, threadId: source,
    sender: { externalId: source, ...(typeof message.locale === 'string' && message.locale ? { language: message.locale } : {}) },
    text: message.type === 'interactive' ? chosenTitle(message) : (message.body ?? '').replace(/\uFFFC/g, '').trim(),
    attachments, occurredAt: deps?.now() ?? Date.now(), raw: message,
  }];
}
