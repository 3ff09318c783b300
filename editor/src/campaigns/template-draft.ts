// What the campaign dialog's template picker holds, and the API's `message.template` made from it.
// Body variables are per recipient: each may use {{name}} and the list's columns, filled at send time.
import { headerKindOf } from '../ui/template-header';
import type { ChannelTemplate } from './types';

export interface TemplateDraft {
  /** Index into the channel's templates. */
  index: number;
  /** Values for the body's {{1}}, {{2}}, … in order. */
  variables: string[];
  /** The stored header file (POST /attachments), when the template has a media header. */
  header: { url: string; name: string } | null;
}

export const emptyTemplateDraft = (): TemplateDraft => ({ index: 0, variables: [], header: null });

/** Why the draft cannot be sent yet, or null. */
export function templateDraftProblem(template: ChannelTemplate, draft: TemplateDraft): string | null {
  const media = headerKindOf(template);
  if (media && !draft.header) return `Add the header ${media.kind}.`;
  const empty = Array.from({ length: template.bodyVariables }, (_, i) => i).find((i) => !draft.variables[i]?.trim());
  if (empty !== undefined) return `Fill variable ${empty + 1}.`;
  return null;
}

/** The campaign API's `message.template`. */
export function templateMessage(template: ChannelTemplate, draft: TemplateDraft) {
  const media = headerKindOf(template);
  return {
    name: template.name,
    language: template.language,
    ...(template.bodyVariables ? { variables: Array.from({ length: template.bodyVariables }, (_, i) => draft.variables[i]?.trim() ?? '') } : {}),
    ...(media && draft.header
      ? { header: { type: media.kind, url: draft.header.url, ...(media.kind === 'document' ? { filename: draft.header.name } : {}) } }
      : {}),
  };
}
