// A file the person picked, stored by Parley before it is sent on a channel (POST /attachments checks
// it against that channel's limits): its signed-in URL, type, name and size.
import { api } from './client';

export interface StoredAttachment { url: string; mime: string; name: string; size: number }

export function storeAttachment(file: File, channelId: string): Promise<StoredAttachment> {
  const form = new FormData();
  form.append('file', file);
  form.append('channelId', channelId);
  return api<StoredAttachment>('/attachments', { method: 'POST', body: form });
}
