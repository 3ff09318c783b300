// Meta's webhook verification (channels.md §4): when a person saves the callback URL in the app
// dashboard, Meta sends `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…` and expects the
// raw challenge back, but only if the verify token is the one the channel holds.
import { timingSafeEqual } from 'node:crypto';
import type { HandshakeResponse, RawRequest } from '../../connector';

export function answerHubChallenge(req: RawRequest, verifyToken: string | undefined): HandshakeResponse | null {
  const query = new URL(req.url, 'http://localhost').searchParams;
  const mode = query.get('hub.mode');
  if (mode === null && !query.has('hub.challenge') && !query.has('hub.verify_token')) return null;
  if (mode !== 'subscribe') return { status: 400, body: `hub.mode must be "subscribe", got "${(mode ?? '').slice(0, 40)}".` };
  const challenge = query.get('hub.challenge');
  if (!challenge) return { status: 400, body: 'hub.challenge is missing.' };
  if (!verifyToken) return { status: 403, body: 'This channel has no verify token configured.' };
  const given = Buffer.from(query.get('hub.verify_token') ?? '');
  const expected = Buffer.from(verifyToken);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { status: 403, body: 'hub.verify_token does not match the verify token of this channel.' };
  }
  return { status: 200, body: challenge, contentType: 'text/plain' };
}
