// Webhook registration by API for the Meta channels, run by each connector's set-up after the token
// check: (1) subscribe the Page / Instagram account / WhatsApp Business Account to the app
// (`POST /{node}/subscribed_apps`, with the channel's own token), and (2) when the channel names its
// app id, set the app's callback URL for the webhook object (`POST /{app-id}/subscriptions` with the
// app access token `{appId}|{appSecret}`); Meta checks that URL with a hub.challenge GET during the
// call, which Parley answers (the channel is reserved before set-up runs). Either may be refused (no
// permission, app not an admin of the Page): then the person does it by hand, and nextSteps says so
// with Meta's reason. Only a rejected app secret refuses the channel: webhooks could not be verified.
import { z } from 'zod';
import { SendError, SetupError, type ConnectorDeps, type NextStep } from '../../connector';
import { learned } from '../config-meta';
import { GRAPH_FACEBOOK_URL, GRAPH_INSTAGRAM_URL, type MetaGraphConfig } from './graph-config';
import { graphRequest } from './graph-request';
import { metaAppWebhookUrl, metaWebhookSteps, type MetaWebhookObject } from './meta-app';

/** Learned config fields: what Parley registered itself, and why it could not when it could not. */
export const metaRegistrationFields = {
  webhookSubscribed: z.boolean().optional()
    .meta(learned('Subscribed by Parley', 'Parley subscribed the Page, account or WhatsApp Business Account to the app\'s webhooks (subscribed_apps).')),
  appCallbackSet: z.boolean().optional()
    .meta(learned('Callback URL set by Parley', 'Parley set the Meta app\'s callback URL and verify token (Meta verified it).')),
  webhookSetupProblem: z.string().optional()
    .meta(learned('Registration problem', 'Why Parley could not register the webhook itself (Meta\'s reason); the next steps show what to do by hand.')),
};

export interface MetaRegistration {
  webhookSubscribed: boolean;
  appCallbackSet: boolean;
  webhookSetupProblem?: string;
}

export interface MetaRegistrationPlan {
  /** `subscribed_apps` on this node with this token; absent when the config lacks the id. */
  subscribe?: { node: string; token: string; fields?: string[] };
  object: MetaWebhookObject;
  /** The app-level webhook fields of the object. */
  appFields: string[];
}

type RegistrationConfig = MetaGraphConfig & { appId?: string };

/** The app's subscriptions live on graph.facebook.com even for Instagram Login channels. */
function appGraphConfig(config: RegistrationConfig) {
  const base = config.graphApiBaseUrl.replace(/\/+$/, '') === GRAPH_INSTAGRAM_URL ? GRAPH_FACEBOOK_URL : config.graphApiBaseUrl;
  return { ...config, graphApiBaseUrl: base };
}

export async function registerMetaWebhook(config: RegistrationConfig, deps: ConnectorDeps, channelWebhookUrl: string, plan: MetaRegistrationPlan): Promise<MetaRegistration> {
  const problems: string[] = [];
  let webhookSubscribed = false;
  let appCallbackSet = false;
  if (plan.subscribe) {
    const { node, token, fields } = plan.subscribe;
    try {
      const answer = await graphRequest<{ success?: boolean }>(config, deps, {
        method: 'POST', path: `${node}/subscribed_apps`, token, query: fields ? { subscribed_fields: fields.join(',') } : undefined, what: `POST /${node}/subscribed_apps`,
      });
      webhookSubscribed = answer.success !== false;
      if (!webhookSubscribed) problems.push(`Meta did not confirm the subscription of ${node}.`);
    } catch (err) {
      if (!(err instanceof SendError)) throw err;
      problems.push(err.message);
    }
  }
  if (config.appId) {
    try {
      const answer = await graphRequest<{ success?: boolean | string }>(appGraphConfig(config), deps, {
        method: 'POST', path: `${config.appId}/subscriptions`, token: `${config.appId}|${config.appSecret}`, what: `POST /${config.appId}/subscriptions`,
        json: { object: plan.object, callback_url: metaAppWebhookUrl(channelWebhookUrl, config.appId), verify_token: config.verifyToken, fields: plan.appFields.join(',') },
      });
      appCallbackSet = answer.success === true || answer.success === 'true';
      if (!appCallbackSet) problems.push(`Meta did not confirm the callback URL of app ${config.appId}.`);
    } catch (err) {
      if (!(err instanceof SendError)) throw err;
      // 401: the app access token itself is invalid — the app secret (or id) is wrong, and no webhook could be verified.
      if (err.status === 401 || /\(code 190[,)]/.test(err.message)) throw new SetupError(`the appId and appSecret were not accepted as an app access token: ${err.message}`);
      problems.push(err.message);
    }
  }
  // undefined clears an earlier problem when a later set-up (config change) succeeds.
  return { webhookSubscribed, appCallbackSet, webhookSetupProblem: problems.length ? problems.join(' ') : undefined };
}

/** The step saying why Parley left the registration to the person, when it did. */
export function registrationProblemSteps(config: { webhookSetupProblem?: string }): NextStep[] {
  return config.webhookSetupProblem
    ? [{ text: `Parley could not register the webhook itself, so the steps above are yours to do in the Meta App Dashboard. Meta said: ${config.webhookSetupProblem}` }]
    : [];
}

/** The callback URL steps: done by Parley (said so, with the URL) or the person's (metaWebhookSteps). */
export function callbackSteps(where: string, channelWebhookUrl: string, config: { appId?: string; verifyToken?: string; appCallbackSet?: boolean }, whatElse: string): NextStep[] {
  if (config.appCallbackSet && config.appId) {
    return [{ text: `Parley set your Meta app's callback URL and verify token (${where}) and Meta verified it; it is shared by ${whatElse} of this app.`, value: metaAppWebhookUrl(channelWebhookUrl, config.appId) }];
  }
  return metaWebhookSteps(where, channelWebhookUrl, config, whatElse);
}
