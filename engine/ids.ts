// Sortable ids: a type prefix, the creation time in base36 and randomness. Sorting by id sorts by
// creation time, which is what cursor pagination and "newest first" inboxes want.
import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;

export function newId(prefix: string, now = Date.now()): string {
  // A counter keeps ids made in the same millisecond in creation order.
  if (now === lastMs) counter++;
  else { lastMs = now; counter = 0; }
  const time = now.toString(36).padStart(9, '0');
  const seq = counter.toString(36).padStart(3, '0');
  return `${prefix}_${time}${seq}${randomBytes(6).toString('hex')}`;
}
