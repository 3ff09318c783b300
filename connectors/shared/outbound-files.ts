// The files of an outbound message as a connector that uploads them needs them (Slack, X DMs): the
// engine's outbound context lists them with a local path for files Parley stores (their download URL
// needs an agent's sign-in), or their URL; without that context, the message's attachment URLs.
import { readFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { SendError, type ConnectorDeps, type InboundAttachment, type OutboundMessage } from '../connector';
import { fetchProvider, isTransientStatus } from './http/provider-fetch';

export interface OutboundFile {
  filename?: string;
  /** A local path, or an http(s) URL. */
  path: string;
  contentType: string;
}

/** The files under `context[key].files` (engine/channels/outbound-context.ts), else the attachment URLs. */
export function outboundFilesOf(message: OutboundMessage, key: string): OutboundFile[] {
  const fromContext = (message.context?.[key] as { files?: OutboundFile[] } | undefined)?.files;
  if (fromContext) return fromContext;
  return message.attachments.filter((a): a is InboundAttachment & { url: string } => Boolean(a.url))
    .map((a) => ({ ...(a.name ? { filename: a.name } : {}), path: a.url, contentType: a.mime }));
}

export const outboundFileName = (file: OutboundFile) => file.filename ?? decodeURIComponent(file.path.split(/[/\\]/).pop()?.split('?')[0] || 'file');

/** The file's bytes: read from the data directory, or fetched from its URL. */
export async function readOutboundFile(file: OutboundFile, timeoutMs: number, deps: Pick<ConnectorDeps, 'fetch'>, provider: string): Promise<Uint8Array> {
  if (!/^https?:\/\//.test(file.path)) {
    // Only the engine names local files (absolute paths under the data directory); a URL of another scheme is refused.
    if (!isAbsolute(file.path)) throw new SendError(`The file ${outboundFileName(file)} is neither a stored file nor an http(s) URL.`, false);
    try { return new Uint8Array(await readFile(file.path)); } catch (err) { throw new SendError(`The file ${outboundFileName(file)} is no longer stored: ${(err as Error).message}`, false); }
  }
  const response = await fetchProvider(deps, file.path, { method: 'GET' }, { timeoutMs, slow: 'The file to send', unreachable: 'The file to send' });
  if (!response.ok) throw new SendError(`Could not fetch the file to send to ${provider}: its URL answered ${response.status}.`, isTransientStatus(response.status), response.status);
  return new Uint8Array(await response.arrayBuffer());
}
