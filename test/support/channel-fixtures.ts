// Channels and agents' files made through the API, as the tests of the connectors set them up: a
// refused call fails the test with Parley's answer in the message.
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Harness } from './parley-harness';

export interface StoredFile { id: string; url: string; mime: string; name: string; size: number }

/** Connects a channel (POST /api/v1/channels, expecting 201): what Parley answers, config and next steps included. */
export async function createChannel<T = { id: string }>(h: Harness, channel: { type: string; name: string; config: Record<string, unknown> }): Promise<T> {
  const res = await h.api('/api/v1/channels', { method: 'POST', json: channel });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as T;
}

/** A JPEG the sniffer accepts, different every time (so "the exact bytes" means something). */
export const jpeg = (randomLength = 3000) =>
  Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), randomBytes(randomLength), Buffer.from('ffd9', 'hex')]);

/** Uploads a file as the agent does before sending it on `channelId` (POST /api/v1/attachments, expecting 201). */
export async function uploadFile(h: Harness, channelId: string, bytes: Buffer, name: string): Promise<StoredFile> {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(bytes)]), name);
  form.set('channelId', channelId);
  const res = await h.api('/api/v1/attachments', { method: 'POST', body: form, key: h.agentKey });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}
