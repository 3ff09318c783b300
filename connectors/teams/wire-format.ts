// The parts of a Bot Framework Activity Parley reads (channels.md §20a; learn.microsoft.com
// "Bot Framework REST API reference: Activity object"). Objects are loose: Teams adds fields
// (entities, channelData, …) and unknown ones must not fail a webhook.
import { z } from 'zod';

const accountSchema = z.looseObject({ id: z.string(), name: z.string().optional(), aadObjectId: z.string().optional() });

export const teamsAttachmentSchema = z.looseObject({
  contentType: z.string(),
  contentUrl: z.string().optional(),
  content: z.unknown().optional(),
  name: z.string().optional(),
});

export const teamsActivitySchema = z.looseObject({
  type: z.string({ error: 'type is required: the body is not a Bot Framework Activity' }),
  /** An invoke's name (`fileConsent/invoke`, …). */
  name: z.string().optional(),
  id: z.string().optional(),
  timestamp: z.string().optional(),
  serviceUrl: z.string().optional(),
  channelId: z.string().optional(),
  from: accountSchema.optional(),
  recipient: accountSchema.optional(),
  conversation: z.looseObject({ id: z.string(), conversationType: z.string().optional(), tenantId: z.string().optional() }).optional(),
  text: z.string().optional(),
  textFormat: z.string().optional(),
  locale: z.string().optional(),
  attachments: z.array(teamsAttachmentSchema).optional(),
  /** An Adaptive Card Action.Submit (or messageBack) answer. */
  value: z.unknown().optional(),
});

export type TeamsInboundActivity = z.output<typeof teamsActivitySchema>;
export type TeamsInboundAttachment = z.output<typeof teamsAttachmentSchema>;

/** Teams' file attachment in personal chats: the bytes are at content.downloadUrl. */
export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';
