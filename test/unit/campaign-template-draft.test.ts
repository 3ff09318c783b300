// The console's campaign dialog: what its template picker lets through and what it sends as
// `message.template` (editor/src/campaigns/template-draft.ts).
import { describe, expect, it } from 'vitest';
import { previewBody } from '../../editor/src/ui/template-header';
import { templateDraftProblem, templateMessage } from '../../editor/src/campaigns/template-draft';

const LOOKBOOK = { name: 'autumn_lookbook', language: 'es', bodyText: 'Hola {{1}}, ya está aquí la colección de {{2}}.', bodyVariables: 2, headerFormat: 'IMAGE' };
const INVOICE = { name: 'invoice_ready', language: 'es', bodyText: 'Tu factura está lista.', bodyVariables: 0, headerFormat: 'DOCUMENT' };
const FILE = { url: 'https://parley.example/api/v1/attachments/att_1', name: 'Factura 4711.pdf' };

describe('the campaign dialog\'s template draft', () => {
  it('needs the header file first, then every variable', () => {
    expect(templateDraftProblem(LOOKBOOK, { index: 0, variables: ['{{name}}', 'otoño'], header: null })).toBe('Add the header image.');
    expect(templateDraftProblem(LOOKBOOK, { index: 0, variables: ['{{name}}', '  '], header: FILE })).toBe('Fill variable 2.');
    expect(templateDraftProblem(LOOKBOOK, { index: 0, variables: ['{{name}}', 'otoño'], header: FILE })).toBeNull();
    expect(templateDraftProblem({ ...LOOKBOOK, headerFormat: 'TEXT' }, { index: 0, variables: ['a', 'b'], header: null })).toBeNull();
  });

  it('sends the variables in order and the header as the API\'s message.template.header (documents with their file name)', () => {
    expect(templateMessage(LOOKBOOK, { index: 0, variables: [' {{name}} ', 'otoño'], header: FILE })).toEqual({
      name: 'autumn_lookbook', language: 'es', variables: ['{{name}}', 'otoño'], header: { type: 'image', url: FILE.url },
    });
    expect(templateMessage(INVOICE, { index: 0, variables: [], header: FILE })).toEqual({
      name: 'invoice_ready', language: 'es', header: { type: 'document', url: FILE.url, filename: 'Factura 4711.pdf' },
    });
  });

  it('previews the body with what was typed, leaving the list\'s variables and unfilled numbers visible', () => {
    expect(previewBody(LOOKBOOK.bodyText, ['{{name}}'])).toBe('Hola {{name}}, ya está aquí la colección de {{2}}.');
  });
});
