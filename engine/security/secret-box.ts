// Encrypts channel secrets at rest with AES-256-GCM. The key comes from PARLEY_SECRET_KEY
// (base64, 32 bytes) or from a key file generated once in the data directory.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface SecretBox {
  seal(value: unknown): string;
  open<T = unknown>(sealed: string): T;
}

export function loadSecretKey(opts: { secretKey?: string; keyFile: string }): Buffer {
  if (opts.secretKey) {
    const key = Buffer.from(opts.secretKey, 'base64');
    if (key.length !== 32) throw new Error('PARLEY_SECRET_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32).');
    return key;
  }
  if (existsSync(opts.keyFile)) return Buffer.from(readFileSync(opts.keyFile, 'utf8').trim(), 'base64');
  const key = randomBytes(32);
  mkdirSync(dirname(opts.keyFile), { recursive: true });
  writeFileSync(opts.keyFile, key.toString('base64') + '\n', { mode: 0o600 });
  return key;
}

export function createSecretBox(key: Buffer): SecretBox {
  return {
    seal(value) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return `v1.${iv.toString('base64')}.${cipher.getAuthTag().toString('base64')}.${body.toString('base64')}`;
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || !body) throw new Error('Unrecognised sealed secret format.');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]);
      return JSON.parse(plain.toString('utf8'));
    },
  };
}
