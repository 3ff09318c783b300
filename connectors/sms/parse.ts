// Twilio's form posts as Parley events: an incoming SMS/MMS (`MessageSid`, `From`, `Body`,
// `NumMedia` + `MediaUrlN`/`MediaContentTypeN`) and status callbacks (`MessageStatus`) for the
// messages Parley sent. Other posts (e.g. a voice call on the same number) are skipped.
import type { ChannelContext, ConnectorDeps, InboundEvent, RawRequest } from '../connector';
import type { SmsConfig } from './config';

const RECEIPT: Record<string, 'delivered' | 'read' | 'failed' | undefined> = {
  delivered: 'delivered', read: 'read', failed: 'failed', undelivered: 'failed',
};

export function parseSmsRequest(req: RawRequest, _channel: ChannelContext<SmsConfig>, deps?: ConnectorDeps): InboundEvent[] {
  const p = new URLSearchParams(req.body.toString('utf8'));
  const sid = p.get('MessageSid') ?? p.get('SmsSid');
  if (!sid) return [];
  const now = deps?.now() ?? Date.now();
  const status = p.get('MessageStatus') ?? p.get('SmsStatus');
  // Status callback: about a message Parley sent.
  if (status && status !== 'received' && !p.has('Body') && !p.has('NumMedia')) {
    const mapped = RECEIPT[status];
    if (!mapped) return []; // queued / sending / sent: nothing the case needs
    const code = p.get('ErrorCode');
    return [{
      kind: 'receipt', eventId: `${sid}:${status}`, providerMessageId: sid, status: mapped, occurredAt: now,
      ...(mapped === 'failed' ? { reason: `Twilio: ${status}${code ? ` (error ${code}: https://www.twilio.com/docs/api/errors/${code})` : ''}` } : {}),
    }];
  }
  const from = p.get('From');
  if (!from) return [];
  const media = Number(p.get('NumMedia') ?? '0');
  const attachments = Array.from({ length: Number.isInteger(media) ? Math.min(media, 10) : 0 }, (_, i) => ({
    url: p.get(`MediaUrl${i}`) ?? '', mime: p.get(`MediaContentType${i}`) ?? 'application/octet-stream',
  })).filter((a) => a.url);
  return [{
    kind: 'message', eventId: sid, providerMessageId: sid, threadId: from,
    sender: { externalId: from }, text: p.get('Body') ?? '', attachments, occurredAt: now,
    raw: Object.fromEntries(p),
  }];
}
