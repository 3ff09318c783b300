// One CSV record → one contact-list row, or the reasons it is rejected (row number, field, reason).
import type { ContactListMapping } from '../db/schema-outreach';
import { checkIdentity } from './identity-keys';

export interface ListRow {
  rowNumber: number;
  /** The external id, or the first identity as `key:value`: equal keys are duplicates. */
  dedupeKey: string;
  externalId: string | null;
  name: string | null;
  identities: Record<string, string>;
  variables: Record<string, string>;
}

export interface RowIssue {
  rowNumber: number;
  /** The column (or `identity`, `row`) the problem is in. */
  field: string;
  reason: string;
}

const MAX_ID = 200;
const MAX_NAME = 200;
const MAX_VARIABLE = 1000;

export function toListRow(record: string[], index: Map<string, number>, mapping: ContactListMapping, rowNumber: number):
  { row: ListRow; issues?: undefined } | { row?: undefined; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const cell = (column: string | null) => (column === null ? '' : (record[index.get(column)!] ?? '').trim());

  const externalId = cell(mapping.externalId) || null;
  if (externalId && externalId.length > MAX_ID) issues.push({ rowNumber, field: mapping.externalId!, reason: `longer than ${MAX_ID} characters` });
  const name = cell(mapping.name) || null;
  if (name && name.length > MAX_NAME) issues.push({ rowNumber, field: mapping.name!, reason: `longer than ${MAX_NAME} characters` });

  const identities: Record<string, string> = {};
  for (const [key, column] of Object.entries(mapping.identities)) {
    const raw = cell(column);
    if (!raw) continue;
    const checked = checkIdentity(key, raw);
    if (checked.ok) identities[key] = checked.value;
    else issues.push({ rowNumber, field: column, reason: checked.reason });
  }
  if (Object.keys(identities).length === 0 && issues.length === 0) {
    issues.push({ rowNumber, field: 'identity', reason: `no channel identity: fill ${Object.values(mapping.identities).join(' or ')}` });
  }

  const variables: Record<string, string> = {};
  for (const column of mapping.variables) {
    const value = cell(column);
    if (value.length > MAX_VARIABLE) issues.push({ rowNumber, field: column, reason: `longer than ${MAX_VARIABLE} characters` });
    else variables[column] = value;
  }
  if (issues.length) return { issues };
  const [firstKey] = Object.keys(identities).sort();
  const dedupeKey = externalId ? `id:${externalId}` : `${firstKey}:${identities[firstKey]}`;
  return { row: { rowNumber, dedupeKey, externalId, name, identities, variables } };
}
