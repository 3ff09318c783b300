// Uploads a CSV as the request body (text/csv, streamed by the server), reporting bytes sent as it
// goes. fetch() cannot report upload progress, so this is XMLHttpRequest; errors are the API's
// problem+json turned into ApiError, like api() does.
import { ApiError, writeHeaders } from '../api/client';
import type { ContactList } from './types';

export function uploadCsv(file: File, query: { name: string; mapping?: string }, onProgress: (sent: number) => void): Promise<ContactList> {
  const params = new URLSearchParams({ name: query.name });
  if (query.mapping?.trim()) params.set('mapping', query.mapping.trim());
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/contact-lists?${params}`);
    for (const [name, value] of Object.entries(writeHeaders())) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'Parley did not answer. Check that it is running and try again.'));
    xhr.onload = () => {
      let data: any = null;
      try { data = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data as ContactList);
      const errors = (data?.errors ?? []).map((e: { path?: string; message: string }) => ({ nodeId: null, path: e.path ?? '', message: e.message }));
      reject(new ApiError(xhr.status, data?.code ?? `http_${xhr.status}`, data?.detail ?? `The upload failed (${xhr.status}).`, errors));
    };
    xhr.send(file);
  });
}
