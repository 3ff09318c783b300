// Slack apps (Events API + Web API): v0-signed events and interactivity in, Block Kit out through
// chat.postMessage. Set-up checks the bot token with auth.test; the person pastes the Request URL.
import type { Connector } from '../connector';
import { SLACK_SECRET_FIELDS, slackConfigSchema, type SlackConfig } from './config';
import { slackManifest } from './manifest';
import { parseSlackRequest, readSlackRequest } from './parse';
import { sendSlackMessage } from './send';
import { setupSlackChannel, slackNextSteps } from './setup';
import { verifySlackRequest } from './verify';
import { downloadSlackFile } from './media-download';

export const slackConnector: Connector<SlackConfig> = {
  manifest: slackManifest,
  configSchema: slackConfigSchema,
  secretFields: SLACK_SECRET_FIELDS,
  verify: verifySlackRequest,
  parse: parseSlackRequest,
  // Slack checks a new Request URL with a signed url_verification event: echo its challenge.
  webhookResponse(req) {
    const request = readSlackRequest(req);
    return request.kind === 'url_verification' ? { status: 200, contentType: 'text/plain', body: request.challenge } : null;
  },
  send: sendSlackMessage,
  setup: setupSlackChannel,
  nextSteps: slackNextSteps,
  // chat.postMessage (channels.md §21d): about 1 message/s per conversation with short bursts, and a
  // workspace-wide limit of several hundred a minute.
  rateLimit: { perSecond: 5, burst: 10, perConversation: { perSecond: 1, burst: 3 } },
  // Inbound files the provider only references: fetched with the channel's credentials (media-download.ts).
  fetchMedia: downloadSlackFile,
};

export type { SlackConfig } from './config';
