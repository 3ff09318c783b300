// Inbound MMS media (twilio.com/docs/messaging/api/media-resource): the webhook carries `MediaUrlN`,
// a Media resource under api.twilio.com that redirects to the file. When the account enforces
// "HTTP Basic Authentication for media access" it answers 401 without the Account SID and Auth
// Token, so Parley always sends them — but only to Twilio's API host or the configured base URL's.
import { SendError, type ConnectorDeps, type FetchedMedia } from '../connector';
import { fetchProvider, isTransientStatus } from '../shared/http/provider-fetch';
import { DEFAULT_TIMEOUT_MS, type SmsConfig } from './config';

function mayCarryCredentials(config: SmsConfig, url: URL): boolean {
  if (url.protocol === 'https:' && url.hostname === 'api.twilio.com') return true;
  return url.host === new URL(config.apiBaseUrl).host;
}

export async function downloadTwilioMedia(config: SmsConfig, ref: string, deps: ConnectorDeps): Promise<FetchedMedia> {
  let url: URL;
  try { url = new URL(ref); } catch { throw new SendError(`"${ref}" is not a Twilio media URL.`, false); }
  if (!mayCarryCredentials(config, url)) throw new SendError(`Parley sends the Twilio credentials only to api.twilio.com, not to ${url.host}.`, false);
  // fetch follows Twilio's redirect to its media host and drops the Authorization header on the way.
  const response = await fetchProvider(deps, url.href, {
    method: 'GET', headers: { authorization: `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}` },
  }, { timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS, slow: 'Twilio media download', unreachable: 'Twilio' });
  if (!response.ok) {
    let reason = '';
    try { reason = ((await response.json()) as { message?: string }).message ?? ''; } catch { /* not JSON */ }
    throw new SendError(`Twilio answered ${response.status} for ${url.pathname}${reason ? `: ${reason}` : ''}`, isTransientStatus(response.status), response.status);
  }
  return { bytes: new Uint8Array(await response.arrayBuffer()), mime: response.headers.get('content-type') ?? 'application/octet-stream' };
}
