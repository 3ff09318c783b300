// Limits of the Messenger Platform Send API templates and quick replies, shared by Messenger and
// Instagram Direct (channels.md §6e, §7e). Each channel adds its own text length.
export const META_SEND_LIMITS = {
  // Button template: text ≤640, 1–3 buttons, button titles ≤20.
  templateTextChars: 640,
  buttons: 3,
  buttonTitleChars: 20,
  // Generic template: ≤10 elements, each ≤3 buttons; element title/subtitle ≤80.
  elements: 10,
  elementTitleChars: 80,
  elementSubtitleChars: 80,
  // ≤13 quick replies, text only; title ≤20; payload ≤1000.
  quickReplies: 13,
  quickReplyTitleChars: 20,
  payloadChars: 1000,
  // Send API attachments up to 25 MB.
  attachmentBytes: 25 * 1024 * 1024,
} as const;
