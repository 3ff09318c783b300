// Contact-list CSV import: BOM, delimiter detection, header mapping, the per-row validation report,
// de-duplication within a list, and a large file read in small chunks (streamed, not buffered).
import { afterEach, describe, expect, it } from 'vitest';
import { detectDelimiter } from '../../engine/outreach/csv-stream';
import { createList, getList, importContactList, importIntoList, listRows } from '../../engine/outreach/contact-list-store';
import { resolveMapping } from '../../engine/outreach/csv-mapping';
import { ParleyError } from '../../engine/errors';
import { tempDb } from '../support/temp-db';

let t: ReturnType<typeof tempDb> | undefined;
afterEach(() => { t?.close(); t = undefined; });

/** The file in chunks of `size` bytes, as a socket would deliver it. */
async function* chunks(text: string | Buffer, size = 7) {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const importCsv = (text: string | Buffer, mapping?: Parameters<typeof importContactList>[1]['mapping'], size?: number) => {
  t ??= tempDb();
  return importContactList(t.db, { accountId: t.accountId, name: 'Spring', source: chunks(text, size), mapping });
};

describe('delimiter detection', () => {
  it('picks comma, semicolon or tab by what the header uses outside quotes', () => {
    expect(detectDelimiter('id,name,phone')).toBe(',');
    expect(detectDelimiter('id;name;phone')).toBe(';');
    expect(detectDelimiter('id\tname\tphone')).toBe('\t');
    expect(detectDelimiter('"a,b";c;d')).toBe(';');
    expect(detectDelimiter('single')).toBe(',');
  });
});

describe('contact list import', () => {
  it('reads a UTF-8 file with a BOM and semicolons, maps columns by name, keeps the rest as variables', async () => {
    const list = await importCsv('\uFEFFid;name;phone;byoc;plan\n1;Ana Núñez;+34 600 111 222;ana-7;gold\n2;Bo;;bo-1;silver\n');
    expect(list.status).toBe('ready');
    expect(list.delimiter).toBe(';');
    expect(list.mapping).toEqual({ externalId: 'id', name: 'name', identities: { phone: 'phone', byoc: 'byoc' }, variables: ['plan'] });
    expect(list.counts).toEqual({ rowsRead: 2, valid: 2, invalid: 0, duplicates: 0 });
    const rows = listRows(t!.db, t!.accountId, list.id, { limit: 10 });
    expect(rows.items).toEqual([
      { rowNumber: 2, externalId: '1', name: 'Ana Núñez', identities: { phone: '+34600111222', byoc: 'ana-7' }, variables: { plan: 'gold' } },
      { rowNumber: 3, externalId: '2', name: 'Bo', identities: { byoc: 'bo-1' }, variables: { plan: 'silver' } },
    ]);
  });

  it('reads tab-separated files without a BOM, with CRLF line ends and quoted fields', async () => {
    const list = await importCsv('customer\tbyoc\tnote\r\nc1\tu1\t"says ""hi"", twice"\r\n');
    expect(list.delimiter).toBe('\t');
    const rows = listRows(t!.db, t!.accountId, list.id, { limit: 10 });
    expect(rows.items[0]).toMatchObject({ identities: { byoc: 'u1' }, variables: { customer: 'c1', note: 'says "hi", twice' } });
  });

  it('reports each bad row with its row number, field and reason, and imports the good ones', async () => {
    const csv = [
      'id,name,phone,email',
      '1,Ana,+34600111222,',        // row 2: fine
      '2,Bo,12,',                   // row 3: phone not international
      '3,Cy,,not-an-email',         // row 4: bad e-mail
      '4,Di,,',                     // row 5: no identity at all
      '5,Ed,+34600111223',          // row 6: a field short
      '6,Flo,+34600111224,flo@example.com', // row 7: fine
    ].join('\n');
    const list = await importCsv(csv, { externalId: 'id', name: 'name', identities: { phone: 'phone', email: 'email' } });
    expect(list.counts).toEqual({ rowsRead: 6, valid: 2, invalid: 4, duplicates: 0 });
    expect(list.report.issues).toEqual([
      { rowNumber: 3, field: 'phone', reason: expect.stringContaining('international format') },
      { rowNumber: 4, field: 'email', reason: expect.stringContaining('not an e-mail') },
      { rowNumber: 5, field: 'identity', reason: 'no channel identity: fill phone or email' },
      { rowNumber: 6, field: 'row', reason: '3 fields, the header has 4' },
    ]);
  });

  it('drops duplicates within the list (same external id, or same identity without one) and says which row they repeat', async () => {
    const csv = 'id,byoc\n1,u1\n2,u2\n1,u9\n,u5\n,u5\n';
    const list = await importCsv(csv);
    expect(list.counts).toEqual({ rowsRead: 5, valid: 3, invalid: 0, duplicates: 2 });
    expect(list.report.issues).toEqual([
      { rowNumber: 4, field: 'externalId', reason: 'duplicate of row 2' },
      { rowNumber: 6, field: 'byoc', reason: 'duplicate of row 5' },
    ]);
  });

  it('reports an unclosed quote as a malformed row instead of failing the import', async () => {
    const list = await importCsv('id,byoc\n1,u1\n2,"u2\n3,u3\n');
    expect(list.status).toBe('ready');
    expect(list.counts.valid).toBe(1);
    expect(list.report.issues[0]).toMatchObject({ field: 'row', reason: expect.stringContaining('never closed') });
  });

  it('refuses a mapping that names a missing column, with the field and the columns there are', async () => {
    await expect(importCsv('id,phone\n1,+34600111222\n', { identities: { byoc: 'user' } })).rejects.toMatchObject({
      status: 400, code: 'mapping_invalid', errors: [{ path: 'mapping.identities.byoc', message: 'no column "user" in the header (columns: id, phone)' }],
    });
    expect(() => resolveMapping(['id', 'plan'])).toThrow(ParleyError);
  });

  it('streams 100,000 rows read in 64 KiB chunks, with rows and counts complete', async () => {
    const lines = ['id,byoc,plan'];
    for (let i = 0; i < 100_000; i++) lines.push(`${i},user-${i},p${i % 3}`);
    const list = await importCsv(lines.join('\n'), undefined, 64 * 1024);
    expect(list.counts).toEqual({ rowsRead: 100_000, valid: 100_000, invalid: 0, duplicates: 0 });
    expect(list.progress).toBe(1);
    const last = listRows(t!.db, t!.accountId, list.id, { limit: 2, afterRow: 100_000 });
    expect(last.items).toEqual([{ rowNumber: 100_001, externalId: '99999', name: null, identities: { byoc: 'user-99999' }, variables: { plan: 'p0' } }]);
    expect(getList(t!.db, t!.accountId, list.id).report.issueCount).toBe(0);
  }, 60_000);

  it('shows its progress while the upload is still arriving', async () => {
    t ??= tempDb();
    const lines = ['id,byoc'];
    for (let i = 0; i < 5000; i++) lines.push(`${i},u-${i}`);
    const bytes = Buffer.from(lines.join('\n'));
    const half = bytes.length >> 1;
    let release!: () => void;
    const rest = new Promise<void>((r) => { release = r; });
    async function* slowUpload() {
      for (let i = 0; i < half; i += 4096) yield bytes.subarray(i, Math.min(i + 4096, half));
      await rest;
      yield bytes.subarray(half);
    }
    const id = createList(t.db, { accountId: t.accountId, name: 'Slow', bytesTotal: bytes.length });
    const done = importIntoList(t.db, id, { accountId: t.accountId, name: 'Slow', source: slowUpload() });
    // Half the file is in: about half the rows are written (in batches of 1000) and the progress says so.
    const midway = await (async () => {
      for (let i = 0; i < 200; i++) {
        const list = getList(t!.db, t!.accountId, id);
        if (list.counts.rowsRead >= 2000) return list;
        await new Promise((r) => setTimeout(r, 5));
      }
      return getList(t!.db, t!.accountId, id);
    })();
    expect(midway.status).toBe('importing');
    expect(midway.counts.rowsRead).toBeGreaterThanOrEqual(2000);
    expect(midway.progress).toBeGreaterThan(0.3);
    expect(midway.progress).toBeLessThan(0.6);
    release();
    await done;
    expect(getList(t.db, t.accountId, id)).toMatchObject({ status: 'ready', progress: 1, counts: { valid: 5000 } });
  });
});
