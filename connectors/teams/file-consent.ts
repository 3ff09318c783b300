// Teams' file-consent flow (learn.microsoft.com "Send and receive files using bot", Teams bot APIs):
// a bot cannot attach a file to a message; it posts a FileConsentCard naming the file and its size,
// the person accepts or declines it, Teams answers with an `invoke` named `fileConsent/invoke`
// carrying an upload URL in the person's OneDrive, the bot PUTs the bytes there and posts a
// FileInfoCard pointing at the uploaded file. It works ONLY in personal (1:1) conversations: in
// channels and group chats Teams offers no such flow, and Parley keeps sending files as links.
import { catalogueKey } from '../../model/i18n/customer-words';
import { isRecord } from '../shared/answer/answer-parser';
import type { TeamsAttachment } from './render';
import type { TeamsInboundActivity } from './wire-format';

export const FILE_CONSENT_CARD = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CARD = 'application/vnd.microsoft.teams.card.file.info';
export const FILE_CONSENT_INVOKE = 'fileConsent/invoke';

/**
 * Whether the conversation can take a FileConsentCard. The activity's conversationType says so
 * (`personal`); conversations remembered before Parley kept the type fall back to the id's form:
 * Teams numbers 1:1 chats `a:…` and channels and group chats `19:…@thread…`.
 */
export function canAskFileConsent(conversationType: string | null | undefined, conversationId: string): boolean {
  if (conversationType) return conversationType === 'personal';
  return conversationId.startsWith('a:');
}

/** A file Parley stores that a personal conversation receives through consent (OutboundMessage.context.teams.consentFiles). */
export interface ConsentFile {
  /** The message's attachment row: the consent context names it, so the answer finds the file. */
  attachmentId: string;
  name: string;
  sizeInBytes: number;
}

/**
 * What Parley puts in acceptContext / declineContext and Teams hands back in the invoke. It is
 * not taken on trust: the engine checks that the message is Parley's, on this channel, in the very
 * conversation the (JWT-verified) invoke came from, and that it carries this attachment.
 */
export interface ConsentContext {
  parleyMessageId: string;
  parleyAttachmentId: string;
}

const WORDS: Record<string, { description: (name: string) => string }> = {
  en: { description: (name) => `Your agent sent you ${name}. Accept to save it to your OneDrive.` },
  es: { description: (name) => `Tu agente te ha enviado ${name}. Acepta para guardarlo en tu OneDrive.` },
};

export function fileConsentCard(messageId: string, file: ConsentFile, locale?: string): TeamsAttachment {
  const context: ConsentContext = { parleyMessageId: messageId, parleyAttachmentId: file.attachmentId };
  const words = WORDS[catalogueKey(locale).split('-')[0]] ?? WORDS.en;
  return {
    contentType: FILE_CONSENT_CARD,
    name: file.name,
    content: { description: words.description(file.name), sizeInBytes: file.sizeInBytes, acceptContext: context, declineContext: context },
  };
}

/** What Teams says about the uploaded file (invoke value.uploadInfo). */
export interface UploadInfo {
  uploadUrl: string;
  contentUrl: string;
  name: string;
  uniqueId: string;
  fileType: string;
}

export interface FileConsentAnswer {
  action: 'accept' | 'decline';
  context: ConsentContext;
  /** Present on accept. */
  uploadInfo?: UploadInfo;
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Reads a `fileConsent/invoke` activity's value, or says what is missing. `null` when the activity
 * is not a file-consent invoke at all.
 */
export function readFileConsentInvoke(activity: TeamsInboundActivity): { answer: FileConsentAnswer } | { issues: { path: string; message: string }[] } | null {
  if (activity.type !== 'invoke' || (activity as { name?: unknown }).name !== FILE_CONSENT_INVOKE) return null;
  const value = activity.value;
  if (!isRecord(value)) return { issues: [{ path: 'value', message: 'a fileConsent/invoke carries the answer in value' }] };
  const action = value.action === 'accept' || value.action === 'decline' ? value.action : undefined;
  const ctx = isRecord(value.context) ? value.context : undefined;
  const messageId = str(ctx?.parleyMessageId);
  const attachmentId = str(ctx?.parleyAttachmentId);
  const info = isRecord(value.uploadInfo) ? value.uploadInfo : undefined;
  const issues = [
    ...(action ? [] : [{ path: 'value.action', message: 'action must be "accept" or "decline"' }]),
    ...(messageId && attachmentId ? [] : [{ path: 'value.context', message: 'the context is not one Parley put on a file consent card (parleyMessageId, parleyAttachmentId)' }]),
  ];
  let uploadInfo: UploadInfo | undefined;
  if (action === 'accept') {
    const uploadUrl = str(info?.uploadUrl);
    if (!uploadUrl || !/^https?:\/\//i.test(uploadUrl)) issues.push({ path: 'value.uploadInfo.uploadUrl', message: 'an accepted file consent needs the http(s) uploadUrl' });
    else uploadInfo = { uploadUrl, contentUrl: str(info?.contentUrl) ?? '', name: str(info?.name) ?? '', uniqueId: str(info?.uniqueId) ?? '', fileType: str(info?.fileType) ?? '' };
  }
  if (issues.length > 0) return { issues };
  return { answer: { action: action!, context: { parleyMessageId: messageId!, parleyAttachmentId: attachmentId! }, ...(uploadInfo ? { uploadInfo } : {}) } };
}

/** The message that shows the uploaded file in the chat (a FileInfoCard). */
export function fileInfoActivity(info: UploadInfo): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [{ contentType: FILE_INFO_CARD, contentUrl: info.contentUrl, name: info.name, content: { uniqueId: info.uniqueId, fileType: info.fileType } }],
  };
}
