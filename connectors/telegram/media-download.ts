// Inbound Telegram files (core.telegram.org/bots/api#getfile): an update names a photo or document by
// `file_id` only. Downloading takes `getFile` (which answers a `file_path`) and then
// `GET {apiBaseUrl}/file/bot<token>/<file_path>`. Both URLs hold the bot token, so the file is fetched
// here, on the server, and never linked to: the attachment stores `telegram-file:<file_id>` instead.
// The Bot API serves files up to 20 MB; the file_path link is valid for at least an hour.
import { SendError, type ConnectorDeps, type FetchedMedia } from '../connector';
import { fetchProvider, isTransientStatus } from '../shared/http/provider-fetch';
import { callBotApi } from './bot-api';
import { DEFAULT_TIMEOUT_MS, type TelegramConfig } from './config';

const SCHEME = 'telegram-file:';

/** What an inbound attachment stores for a Telegram file: its reference, not a URL with the token. */
export const telegramFileRef = (fileId: string) => `${SCHEME}${fileId}`;

interface TelegramFile {
  file_id: string;
  file_path?: string;
  file_size?: number;
}

export async function downloadTelegramFile(config: TelegramConfig, ref: string, deps: ConnectorDeps): Promise<FetchedMedia> {
  if (!ref.startsWith(SCHEME)) throw new SendError(`"${ref}" is not a Telegram file reference.`, false);
  const fileId = ref.slice(SCHEME.length);
  const file = await callBotApi<TelegramFile>(config, 'getFile', { file_id: fileId }, deps);
  // No file_path: the file is over the Bot API's 20 MB download limit.
  if (!file.file_path) throw new SendError(`Telegram getFile gave no file_path for ${fileId} (files over 20 MB cannot be downloaded by bots).`, false);
  const url = `${config.apiBaseUrl.replace(/\/+$/, '')}/file/bot${config.botToken}/${file.file_path}`;
  const response = await fetchProvider(deps, url, { method: 'GET' }, { timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS, slow: 'Telegram file download', unreachable: 'Telegram Bot API' });
  if (!response.ok) {
    // The URL carries the token: the error names the file path, never the URL.
    let description = '';
    try { description = ((await response.json()) as { description?: string }).description ?? ''; } catch { /* not JSON */ }
    throw new SendError(`Telegram answered ${response.status} for file ${file.file_path}${description ? `: ${description}` : ''}`, isTransientStatus(response.status), response.status);
  }
  const name = file.file_path.split('/').pop();
  return { bytes: new Uint8Array(await response.arrayBuffer()), mime: response.headers.get('content-type') ?? 'application/octet-stream', ...(name ? { name } : {}) };
}
