// Builds a manifest's rich-content list so that every RichContentType is declared for every channel:
// a manifest names what the channel renders natively or in degraded form, and everything it leaves
// out falls back to plain text. Declaring all types keeps renderers from guessing about a missing entry.
//
// Limit keys used across manifests (renderers read these names):
//   buttons, replies, cards, buttonsPerCard, items, sections, slots, options, actions, blocks,
//   titleChars, textChars, bodyChars, headerChars, footerChars, subtitleChars, descriptionChars,
//   itemTitleChars, itemDescriptionChars, captionChars, payloadChars, payloadBytes,
//   minReplies, flexBubbles, attachments, maxVersion (Adaptive Cards schema version).
import type { RichContentSupport } from '../manifest';
import { RICH_CONTENT_TYPES, type RichContentType } from '../../model/content/types';

export type RichContentDeclaration = Partial<Record<RichContentType, Omit<RichContentSupport, 'type'>>>;

/** The seed's rich-content support matrix ("Soporte de canal para contenido enriquecido"). */
export const SEED_MATRIX_SOURCE = 'product document, rich-content support matrix';

const FALLBACK_NOTES: Partial<Record<RichContentType, string>> = {
  markdown: 'Converted to plain text (links spelled out).',
  html: 'Converted to plain text (links spelled out, lists as bullets).',
  template: "Sent as the template's body text with its parameters filled in.",
  form: 'Sent as a link to the hosted form, or as a list of questions.',
  attachment: 'Sent as a link to the file.',
};

/**
 * Completes a channel's declaration: listed types as given (each with `defaultSource` unless it names
 * its own), plain text native unless stated, every other type 'fallback'. Order follows RICH_CONTENT_TYPES.
 */
export function declareRichContent(declared: RichContentDeclaration, defaultSource: string): RichContentSupport[] {
  return RICH_CONTENT_TYPES.map((type) => {
    const entry = declared[type];
    if (entry) return { type, ...entry, source: entry.source ?? defaultSource };
    if (type === 'text') return { type, level: 'native', source: defaultSource };
    return { type, level: 'fallback', note: FALLBACK_NOTES[type] ?? 'Sent as the plain-text fallback.', source: defaultSource };
  });
}
