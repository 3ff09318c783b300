// Set-up shared by the Meta channels (Connector.setup / nextSteps): one Graph API call proves the
// access token belongs to the Page, Instagram account or phone number the channel names. Registering
// the webhook by API (subscribed_apps, the app's callback URL) is webhook-registration.ts; what Meta
// refuses there is a next step for the person, in the dashboard's words below.
import { SendError, SetupError, type ConnectorDeps, type NextStep } from '../../connector';
import type { MetaGraphConfig } from './graph-config';
import { graphRequest } from './graph-request';

/** A Graph GET whose failure refuses the set-up (`failure`: what it means) with Meta's own reason. */
export async function setupLookup<T>(config: MetaGraphConfig, deps: ConnectorDeps, path: string, token: string, fields: string, failure: string): Promise<T> {
  try {
    return await graphRequest<T>(config, deps, { method: 'GET', path, token, query: { fields }, what: `GET /${path}` });
  } catch (err) {
    if (err instanceof SendError) throw new SetupError(`${failure}: ${err.message}`);
    throw err;
  }
}

/** The two values every Meta webhook needs in the App Dashboard, in the words of the dashboard. */
export function webhookSteps(where: string, webhookUrl: string, verifyToken: string | undefined): NextStep[] {
  return [
    { text: `In the Meta App Dashboard, ${where}, set the Callback URL to this channel's webhook URL.`, value: webhookUrl },
    verifyToken
      ? { text: 'In the same form, set the Verify token to this value, then press "Verify and save" (Meta calls the URL once to check it).', value: verifyToken }
      : { text: 'Set a verifyToken on this channel (PATCH its config), then paste it as the Verify token in the same form.' },
  ];
}
