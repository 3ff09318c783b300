// Microsoft Teams bots (Bot Framework activity protocol): JWT-authenticated activities in, the
// renderer's activities out to the conversation's serviceUrl with a client-credentials token.
// Set-up checks the app id and secret; the person pastes the messaging endpoint in Azure.
// Files other than images go by Teams' file consent in personal chats (file-consent.ts, file-upload.ts;
// the upload itself runs in workflows/teams/), as links elsewhere.
import type { Connector } from '../connector';
import { TEAMS_SECRET_FIELDS, teamsConfigSchema, type TeamsConfig } from './config';
import { teamsManifest } from './manifest';
import { parseTeamsRequest, teamsWebhookResponse } from './parse';
import { sendTeamsMessage } from './send';
import { setupTeamsChannel, teamsNextSteps } from './setup';
import { verifyTeamsRequest } from './verify';

export const teamsConnector: Connector<TeamsConfig> = {
  manifest: teamsManifest,
  configSchema: teamsConfigSchema,
  secretFields: TEAMS_SECRET_FIELDS,
  verify: verifyTeamsRequest,
  parse: parseTeamsRequest,
  webhookResponse: teamsWebhookResponse,
  send: sendTeamsMessage,
  setup: setupTeamsChannel,
  nextSteps: teamsNextSteps,
  // learn.microsoft.com "Rate limiting for bots" (channels.md §20d): 50 requests/s per app per tenant;
  // per bot per conversation 7 per second and 60 per 30 s.
  rateLimit: { perSecond: 50, burst: 50, perConversation: { perSecond: 1, burst: 7 } },
};

export type { TeamsConfig } from './config';
export type { TeamsConversationContext } from './send';
export { canAskFileConsent, fileInfoActivity, type ConsentFile, type UploadInfo } from './file-consent';
export { uploadToTeams } from './file-upload';
export { postActivity } from './connector-api';
