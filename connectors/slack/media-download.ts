// Inbound Slack files (docs.slack.dev/messaging/working-with-files): a message event lists its files
// with `url_private`, which only answers with the bot token (`Authorization: Bearer xoxb-…`, scope
// files:read). Parley fetches it on the server; the token goes only to Slack's own file host
// (files.slack.com) or to the host of the channel's configured API base URL (a stand-in, a proxy).
import { SendError, type ConnectorDeps, type FetchedMedia } from '../connector';
import { fetchProvider, isTransientStatus } from '../shared/http/provider-fetch';
import { DEFAULT_TIMEOUT_MS, type SlackConfig } from './config';

/** Hosts that may receive the bot token: Slack's file hosts, and the configured API's host. */
function mayCarryToken(config: SlackConfig, url: URL): boolean {
  if (url.protocol === 'https:' && (url.hostname === 'files.slack.com' || url.hostname.endsWith('.slack.com'))) return true;
  return url.host === new URL(config.apiBaseUrl).host;
}

export async function downloadSlackFile(config: SlackConfig, ref: string, deps: ConnectorDeps): Promise<FetchedMedia> {
  let url: URL;
  try { url = new URL(ref); } catch { throw new SendError(`"${ref}" is not a Slack file URL.`, false); }
  if (!mayCarryToken(config, url)) throw new SendError(`Parley sends the bot token only to Slack's file hosts, not to ${url.host}.`, false);
  const response = await fetchProvider(deps, url.href, { method: 'GET', headers: { authorization: `Bearer ${config.botToken}` } }, {
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS, slow: 'Slack file download', unreachable: 'Slack',
  });
  if (!response.ok) {
    const text = (await response.text().catch(() => '')).trim().slice(0, 200);
    throw new SendError(`Slack answered ${response.status} for ${url.pathname}${text ? `: ${text}` : ''}`, isTransientStatus(response.status), response.status);
  }
  const mime = response.headers.get('content-type') ?? 'application/octet-stream';
  // Without a valid token (or files:read) Slack answers 200 with its sign-in page instead of the file.
  if (mime.startsWith('text/html')) throw new SendError('Slack answered with its sign-in page instead of the file: the bot token lacks the files:read scope or was revoked.', false, 403);
  const name = decodeURIComponent(url.pathname.split('/').pop() ?? '');
  return { bytes: new Uint8Array(await response.arrayBuffer()), mime, ...(name ? { name } : {}) };
}
