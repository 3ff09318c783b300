// Public media links (engine/attachments/public-media-link.ts): the token a provider fetches an
// agent's file with is genuine only for its file, with the server's key, until it expires.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  isPublicBaseUrl, mediaLinkKey, PUBLIC_MEDIA_LINK_TTL_MS, publicMediaUrl, signMediaToken, verifyMediaToken,
} from '../../engine/attachments/public-media-link';

const NOW = Date.UTC(2026, 10, 28, 9, 0, 0);
const FILE = 'file_0mhz3k2a9000a1b2c3d4e5f6';
const OTHER = 'file_0mhz3k2a9001ffeeddccbbaa';
const key = randomBytes(32);

describe('media link tokens', () => {
  const token = signMediaToken(key, FILE, NOW + PUBLIC_MEDIA_LINK_TTL_MS);

  it('a fresh token names its file and expiry; the default lifetime is 24 h', () => {
    expect(verifyMediaToken(key, token, NOW)).toEqual({ ok: true, fileId: FILE, expiresAt: NOW + 24 * 3_600_000 });
    expect(verifyMediaToken(key, token, NOW + 24 * 3_600_000 - 1).ok).toBe(true);
  });

  it('expired: refused as link_expired from the expiry on', () => {
    expect(verifyMediaToken(key, token, NOW + 24 * 3_600_000)).toMatchObject({ ok: false, code: 'link_expired', reason: expect.stringMatching(/expired at 2026-11-29T09:00:00.000Z/) });
  });

  it('tampered: another file id, a later expiry or a changed signature are invalid', () => {
    const [, expires, mac] = token.split('.');
    expect(verifyMediaToken(key, `${OTHER}.${expires}.${mac}`, NOW)).toMatchObject({ ok: false, code: 'link_invalid' });
    const later = (NOW + 10 * PUBLIC_MEDIA_LINK_TTL_MS).toString(36);
    expect(verifyMediaToken(key, `${FILE}.${later}.${mac}`, NOW)).toMatchObject({ ok: false, code: 'link_invalid' });
    const flipped = mac.slice(0, -1) + (mac.endsWith('A') ? 'B' : 'A');
    expect(verifyMediaToken(key, `${FILE}.${expires}.${flipped}`, NOW)).toMatchObject({ ok: false, code: 'link_invalid', reason: expect.stringMatching(/signature/) });
    // A token for another file does not open this one, even signed with the right key.
    const other = signMediaToken(key, OTHER, NOW + 1000);
    expect(verifyMediaToken(key, other, NOW)).toMatchObject({ ok: true, fileId: OTHER });
  });

  it('signed with another secret: invalid', () => {
    expect(verifyMediaToken(randomBytes(32), token, NOW)).toMatchObject({ ok: false, code: 'link_invalid' });
    // An expired token with a wrong key is invalid, not "expired": nothing about it is believed.
    expect(verifyMediaToken(randomBytes(32), token, NOW + 2 * PUBLIC_MEDIA_LINK_TTL_MS)).toMatchObject({ ok: false, code: 'link_invalid' });
  });

  it('malformed tokens are invalid', () => {
    for (const bad of [undefined, '', 'x', `${FILE}.${token.split('.')[1]}`, `${token}.extra`, token.replace('file_', 'att_'), `../${token}`]) {
      expect(verifyMediaToken(key, bad, NOW)).toMatchObject({ ok: false, code: 'link_invalid' });
    }
  });
});

describe('media link URLs and the key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-media-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the key is generated once in the data directory (owner-only) and read back the same', () => {
    const first = mediaLinkKey(dir);
    expect(first).toHaveLength(32);
    expect(statSync(join(dir, 'media-links.key')).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(join(dir, 'media-links.key'), 'utf8').trim(), 'base64').equals(first)).toBe(true);
    expect(mediaLinkKey(dir).equals(first)).toBe(true);
  });

  it('a link is absolute under PARLEY_PUBLIC_URL, carries the token and the file name', () => {
    const url = publicMediaUrl('https://parley.acme.test/', key, { id: FILE, name: 'Factura nº 7.pdf' }, NOW);
    const match = /^https:\/\/parley\.acme\.test\/media\/([^/]+)\/Factura%20n%C2%BA%207\.pdf$/.exec(url);
    expect(match).not.toBeNull();
    expect(verifyMediaToken(key, match![1], NOW)).toMatchObject({ ok: true, fileId: FILE, expiresAt: NOW + PUBLIC_MEDIA_LINK_TTL_MS });
  });

  it('the default base (PARLEY_PUBLIC_URL unset: http://localhost:<port>) is not public', () => {
    expect(isPublicBaseUrl('http://localhost:8080')).toBe(false);
    expect(isPublicBaseUrl('http://parley.localhost')).toBe(false);
    expect(isPublicBaseUrl('https://support.acme.example')).toBe(true);
  });
});
