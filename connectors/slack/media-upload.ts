// Files an agent sends on Slack, uploaded the way Slack asks since files.upload was retired
// (docs.slack.dev/messaging/working-with-files): `files.getUploadURLExternal` (filename, length;
// form-encoded, as Slack rejects JSON there in practice) answers an upload URL and a file id, the
// bytes are POSTed to that URL, and `files.completeUploadExternal` shares the files in the
// conversation (channel_id, thread_ts). Needs the files:write scope.
import { SendError, type ConnectorDeps, type OutboundMessage } from '../connector';
import { fetchProvider, isTransientStatus } from '../shared/http/provider-fetch';
import { outboundFileName, outboundFilesOf, readOutboundFile, type OutboundFile } from '../shared/outbound-files';
import { DEFAULT_TIMEOUT_MS, type SlackConfig } from './config';
import { callSlackApi } from './web-api';

export type SlackOutboundFile = OutboundFile;

/** The message's files: from the engine's context (stored files as local paths), else its attachment URLs. */
export const slackFilesOf = (message: OutboundMessage) => outboundFilesOf(message, 'slack');

/** Uploads the files and shares them in the conversation (one completeUploadExternal for all). */
export async function uploadSlackFiles(files: SlackOutboundFile[], destination: { channel: string; threadTs: string }, config: SlackConfig, deps: ConnectorDeps): Promise<void> {
  if (files.length === 0) return;
  const uploaded: { id: string; title: string }[] = [];
  for (const file of files) {
    const bytes = await readOutboundFile(file, config.timeoutMs ?? DEFAULT_TIMEOUT_MS, deps, 'Slack');
    const title = outboundFileName(file);
    const slot = await callSlackApi<{ ok: boolean; upload_url?: string; file_id?: string }>(config, 'files.getUploadURLExternal', { filename: title, length: bytes.length }, deps, 'form');
    if (!slot.upload_url || !slot.file_id) throw new SendError('Slack files.getUploadURLExternal gave no upload_url or file_id.', true);
    const sent = await fetchProvider(deps, slot.upload_url, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Blob([new Uint8Array(bytes)]) }, {
      timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS, slow: 'Slack file upload', unreachable: 'Slack file upload',
    });
    if (!sent.ok) throw new SendError(`Slack's upload URL answered ${sent.status} for ${title}.`, isTransientStatus(sent.status), sent.status);
    uploaded.push({ id: slot.file_id, title });
  }
  await callSlackApi(config, 'files.completeUploadExternal', {
    files: uploaded, channel_id: destination.channel, ...(destination.threadTs ? { thread_ts: destination.threadTs } : {}),
  }, deps);
}
