// The file a WhatsApp template's media header needs, by the header format Meta approved it with
// (IMAGE, VIDEO, DOCUMENT; TEXT and LOCATION headers need no file). Used by the inbox's template
// picker and the campaign dialog's.
export type TemplateHeaderKind = 'image' | 'video' | 'document';

export const HEADER_KINDS: Record<string, { kind: TemplateHeaderKind; accept: string }> = {
  IMAGE: { kind: 'image', accept: 'image/jpeg,image/png' },
  VIDEO: { kind: 'video', accept: 'video/mp4,video/3gpp' },
  DOCUMENT: { kind: 'document', accept: '' },
};

/** The media header a template needs a file for, if any. */
export const headerKindOf = (template: { headerFormat?: string }) => (template.headerFormat ? HEADER_KINDS[template.headerFormat] : undefined);

/** The body as the customer reads it, each {{n}} replaced by what was typed for it (unfilled ones stay visible). */
export const previewBody = (bodyText: string, variables: string[]) =>
  bodyText.replace(/\{\{(\d+)\}\}/g, (whole, n: string) => variables[Number(n) - 1]?.trim() || whole);
