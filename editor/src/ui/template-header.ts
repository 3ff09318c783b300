// The file a WhatsApp template's media header needs, by the header format Meta approved it with
// (IMAGE, VIDEO, DOCUMENT; TEXT and LOCATION headers need no file). Used by the inbox's template
// picker and the campaign dialog's.
export type TemplateHeaderKind = 'image' | 'video' | 'document';

export const HEADER_KINDS: Record<string, { kind: TemplateHeaderKind; accept: string }> = {
  IMAGE: { kind: 'image', accept: 'image/jpeg,image/png' },
  VIDEO: { kind: 'video', accept: 'video/mp4,video/3gpp' },
  DOCUMENT: { kind: 'document', accept: '' },
};
