// Keyset cursors for the supervisor's lists (the backlog, the cases with agents): the last row's
// sort key, base64url-encoded JSON. Opaque to clients; a cursor that does not decode is a 400.
import { ParleyError } from '../errors';

export type CursorKey = (string | number)[];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The sort key a cursor holds; `shape` names each part's type ('n' number, 's' string). */
export function decodeCursor(cursor: string, shape: ('n' | 's')[]): CursorKey {
  let key: unknown;
  try { key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')); } catch { key = null; }
  const ok = Array.isArray(key) && key.length === shape.length
    && key.every((v, i) => (shape[i] === 'n' ? Number.isSafeInteger(v) : typeof v === 'string'));
  if (!ok) throw new ParleyError(400, 'invalid_cursor', 'This cursor is not one the API gave out; start again without it.', [{ path: 'cursor', message: 'not a cursor from a previous page' }]);
  return key as CursorKey;
}
