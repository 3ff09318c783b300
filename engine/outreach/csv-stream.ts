// Streams a CSV upload into contact-list rows without holding the file: the first line picks the
// delimiter (, ; or tab: whichever occurs most outside quotes), csv-parse strips a UTF-8 BOM and
// splits records, and each record is checked on its own. Malformed records (an unclosed quote, a
// wrong number of fields) become issues of their row and the import goes on.
import { parse, CsvError } from 'csv-parse';
import { Readable } from 'node:stream';
import type { ContactListMapping } from '../db/schema-outreach';
import { ParleyError } from '../errors';
import { resolveMapping, type MappingRequest } from './csv-mapping';
import { toListRow, type ListRow, type RowIssue } from './csv-rows';

export type Delimiter = ',' | ';' | '\t';
const DELIMITERS: Delimiter[] = [',', ';', '\t'];
/** How much of the file's start is enough to find the header line. */
const SNIFF_BYTES = 64 * 1024;

/** The delimiter of a header line: the candidate found most often outside quotes (comma on a tie or none). */
export function detectDelimiter(firstLine: string): Delimiter {
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch as Delimiter)) counts.set(ch as Delimiter, counts.get(ch as Delimiter)! + 1);
  }
  let best: Delimiter = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

export type CsvEvent =
  | { type: 'header'; columns: string[]; delimiter: Delimiter; mapping: ContactListMapping }
  | { type: 'row'; row: ListRow; bytesRead: number }
  | { type: 'invalid'; issues: RowIssue[]; bytesRead: number };

/** Reads the source until the first line is complete (or SNIFF_BYTES), then hands everything on. */
async function sniff(source: AsyncIterable<Buffer | string>) {
  const iterator = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) { done = true; break; }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    head.push(chunk);
    size += chunk.length;
    if (chunk.includes(0x0a)) break;
  }
  const start = Buffer.concat(head);
  const text = start.toString('utf8').replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  async function* rest() {
    yield start;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { delimiter: detectDelimiter(firstLine), rest };
}

/**
 * The header (with the resolved mapping), then one event per data record. Row numbers count lines
 * the way a spreadsheet shows them: the header is row 1, the first contact row 2.
 */
export async function* readContactCsv(source: AsyncIterable<Buffer | string>, requested?: MappingRequest): AsyncGenerator<CsvEvent> {
  const { delimiter, rest } = await sniff(source);
  let bytesRead = 0;
  const counted = Readable.from((async function* () {
    for await (const chunk of rest()) {
      bytesRead += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      yield chunk;
    }
  })());
  // Malformed records (a quote never closed) are skipped by the parser and reported here.
  const skipped: RowIssue[] = [];
  const parser = parse({
    bom: true, delimiter, skip_empty_lines: true, relax_quotes: true, relax_column_count: true, skip_records_with_error: true, info: true,
  });
  parser.on('skip', (err: CsvError & { lines?: number }) => {
    skipped.push({ rowNumber: err.lines ?? 0, field: 'row', reason: csvErrorReason(err) });
  });
  counted.pipe(parser);
  counted.on('error', (err) => parser.destroy(err));

  let header: string[] | null = null;
  let index = new Map<string, number>();
  let mapping: ContactListMapping | null = null;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (skipped.length) yield { type: 'invalid', issues: skipped.splice(0), bytesRead };
    // The line the record ends on: the row number a spreadsheet shows (header = 1).
    const rowNumber = info.lines;
    if (!header) {
      header = record.map((h) => h.trim());
      mapping = resolveMapping(header, requested);
      index = new Map(header.map((h, i) => [h, i]));
      yield { type: 'header', columns: header, delimiter, mapping };
      continue;
    }
    if (record.length !== header.length) {
      yield { type: 'invalid', issues: [{ rowNumber, field: 'row', reason: `${record.length} fields, the header has ${header.length}` }], bytesRead };
      continue;
    }
    const result = toListRow(record, index, mapping!, rowNumber);
    yield result.row ? { type: 'row', row: result.row, bytesRead } : { type: 'invalid', issues: result.issues, bytesRead };
  }
  if (skipped.length) yield { type: 'invalid', issues: skipped.splice(0), bytesRead };
  if (!header) throw new ParleyError(400, 'csv_empty', 'The file has no header line: the first line must name the columns.');
}

function csvErrorReason(err: CsvError): string {
  switch (err.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': return 'wrong number of fields';
    case 'CSV_QUOTE_NOT_CLOSED': return 'a quoted field opened on an earlier row is never closed: the rows after it were not read';
    case 'CSV_INVALID_CLOSING_QUOTE': return 'a quote inside a field is not escaped (write "" for a quote inside quotes)';
    default: return err.message.replace(/^Invalid Record Length: |^Invalid Closing Quote: /, '');
  }
}
