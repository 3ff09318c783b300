// docs/rich-content.md is generated from the renderers; it must be current, and the matrix must
// honour the product's minimum: every cell the seed marks supported renders natively.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conformanceMatrix, renderRichContentDoc, RICH_CONTENT_DOC_PATH } from '../../scripts/docs/rich-content-doc';
import type { RichContentType } from '../../model/content/types';

/**
 * The seed's "Soporte de canal para contenido enriquecido" table, supported cells only (green ticks,
 * with or without the live-agent asterisk). Columns: Tarjetas adaptables → adaptiveCard, Botones →
 * buttons, Tarjetas → card and carousel, Texto HTML y Markdown → html and markdown, Vínculo
 * enriquecido → richLink, Respuestas rápidas → quickReplies, Selector de lista → listPicker,
 * Selector de tiempo → timePicker. Email's quick replies "use alternative text" (not a tick).
 */
const SEED_NATIVE: Record<string, RichContentType[]> = {
  'apple-messages': ['richLink', 'quickReplies', 'listPicker', 'timePicker'],
  webchat: ['adaptiveCard', 'buttons', 'card', 'carousel', 'html', 'markdown', 'richLink', 'quickReplies'],
  email: ['html', 'markdown'],
  messenger: ['buttons', 'card', 'carousel', 'richLink', 'quickReplies', 'listPicker'],
  whatsapp: ['buttons', 'html', 'markdown', 'richLink', 'quickReplies', 'listPicker'],
  'google-business-messages': ['buttons', 'richLink', 'listPicker'],
};

describe('docs/rich-content.md', () => {
  it('is up to date with the renderers (npx tsx scripts/generate-docs.ts)', () => {
    const committed = readFileSync(resolve(__dirname, '../..', RICH_CONTENT_DOC_PATH), 'utf8');
    expect(committed).toBe(renderRichContentDoc());
  });

  it("renders natively every cell the seed's matrix marks supported", () => {
    const matrix = conformanceMatrix();
    const misses = Object.entries(SEED_NATIVE).flatMap(([channel, types]) =>
      types.filter((t) => matrix.get(channel)![t].outcome !== 'native').map((t) => `${channel}/${t}: ${matrix.get(channel)![t].outcome}`),
    );
    expect(misses).toEqual([]);
  });

  it('falls back rather than fail on every text-only channel', () => {
    const matrix = conformanceMatrix();
    for (const channel of ['sms', 'facebook', 'instagram', 'linkedin', 'youtube', 'google-play', 'google-business-profile', 'app-store', 'x']) {
      expect(matrix.get(channel)!.text.outcome).toBe('native');
      expect(matrix.get(channel)!.buttons.outcome).toBe('fallback');
    }
  });
});
