// The names of the channel-neutral rich-content types. The full zod model lives beside this file.
export const RICH_CONTENT_TYPES = [
  'text',
  'markdown',
  'html',
  'buttons',
  'card',
  'carousel',
  'richLink',
  'quickReplies',
  'listPicker',
  'timePicker',
  'adaptiveCard',
  'form',
  'attachment',
  'template',
] as const;

export type RichContentType = (typeof RICH_CONTENT_TYPES)[number];
