// The product document's rich-content support matrix is the floor for the manifests: what it marks
// supported must be rendered (natively or degraded), and what it marks "alternative text" must be
// the plain-text fallback. Parsed from the seed file itself so the two cannot drift.
import { SEED_DOCUMENT } from '../support/seed';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getManifest } from '../../connectors/manifests';
import type { RichContentType } from '../../model/content/types';

const SEED = SEED_DOCUMENT;

/** The matrix's columns, in order; one column covers both HTML and Markdown. */
const COLUMNS: RichContentType[][] = [['adaptiveCard'], ['buttons'], ['card'], ['markdown', 'html'], ['richLink'], ['quickReplies'], ['listPicker'], ['timePicker']];

const ROW_CHANNELS: Record<string, string> = {
  'Mensajes de Apple para empresas': 'apple-messages',
  'DFO Charlar': 'webchat',
  'Correo electrónico': 'email',
  'Facebook Messenger': 'messenger',
  Whatsapp: 'whatsapp',
  'Mensajes comerciales de Google': 'google-business-messages',
};

type Cell = 'supported' | 'unsupported' | 'alternative-text';

function parseMatrix(seed: string): Map<string, Cell[]> {
  const start = seed.indexOf('Tarjetas adaptables Botones Tarjetas');
  const end = seed.indexOf('*También disponible para agentes en vivo');
  const section = seed.slice(seed.indexOf('\n', start), end);
  const cellPattern = /X roja, que indica "no compatible"|Marca de verificación verde que indica "compatible"\*?|Utiliza texto alternativo/g;
  const rows = new Map<string, Cell[]>();
  // Each row is its channel name followed by one cell per column; the name is the text between
  // the previous row's last cell and this row's first.
  let name = '';
  let cells: Cell[] = [];
  let last = 0;
  for (const match of section.matchAll(cellPattern)) {
    if (cells.length === 0) name = section.slice(last, match.index).trim();
    const c = match[0];
    cells.push(c.startsWith('X roja') ? 'unsupported' : c.startsWith('Utiliza') ? 'alternative-text' : 'supported');
    last = match.index + c.length;
    if (cells.length === COLUMNS.length) {
      rows.set(name, cells);
      cells = [];
    }
  }
  return rows;
}

const matrix = parseMatrix(SEED);

describe('seed rich-content matrix', () => {
  it('parses six channel rows of eight cells', () => {
    expect([...matrix.keys()].sort()).toEqual(Object.keys(ROW_CHANNELS).sort());
    for (const cells of matrix.values()) expect(cells).toHaveLength(COLUMNS.length);
  });

  describe.each(Object.entries(ROW_CHANNELS))('%s (%s)', (row, type) => {
    const manifest = getManifest(type)!;
    const cells = matrix.get(row) ?? [];
    const level = (t: RichContentType) => manifest.capabilities.richContent.find((r) => r.type === t)?.level;

    it('renders every type the seed marks supported', () => {
      cells.forEach((cell, i) => {
        if (cell !== 'supported') return;
        for (const t of COLUMNS[i]) expect(level(t), t).not.toBe('fallback');
      });
    });

    it('sends "alternative text" types as the plain-text fallback', () => {
      cells.forEach((cell, i) => {
        if (cell !== 'alternative-text') return;
        for (const t of COLUMNS[i]) expect(level(t), t).toBe('fallback');
      });
    });

    it('explains any type it renders beyond the seed', () => {
      cells.forEach((cell, i) => {
        if (cell !== 'unsupported') return;
        for (const t of COLUMNS[i]) {
          const entry = manifest.capabilities.richContent.find((r) => r.type === t)!;
          if (entry.level !== 'fallback') expect(entry.note ?? entry.source, `${type} ${t}`).toBeTruthy();
        }
      });
    });
  });

  it('Apple Messages for Business: rich link, quick replies, list picker and time picker are native', () => {
    const amb = getManifest('apple-messages')!;
    for (const t of ['richLink', 'quickReplies', 'listPicker', 'timePicker'] as const) {
      expect(amb.capabilities.richContent.find((r) => r.type === t)?.level).toBe('native');
    }
  });
});
