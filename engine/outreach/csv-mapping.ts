// Which CSV column is the external id, the name, each channel identity, and which become the
// contact's variables. Given explicitly (query `mapping=<json>` or a multipart `mapping` field) or
// guessed from the header names; either way every named column must exist.
import { z } from 'zod';
import { getManifest } from '../../connectors/manifests';
import type { ContactListMapping } from '../db/schema-outreach';
import { ParleyError, type FieldIssue } from '../errors';
import { zodIssues } from '../validation';

export const MappingRequestSchema = z.object({
  externalId: z.string().min(1).nullable().optional(),
  name: z.string().min(1).nullable().optional(),
  identities: z.record(z.string(), z.string().min(1)).optional(),
  /** Columns kept as variables; default: every column not mapped above. */
  variables: z.array(z.string().min(1)).optional(),
}).strict();
export type MappingRequest = z.infer<typeof MappingRequestSchema>;

const EXTERNAL_ID_NAMES = ['external_id', 'externalid', 'external id', 'customer_id', 'id'];
const NAME_NAMES = ['name', 'full_name', 'fullname', 'full name'];
const IDENTITY_NAMES: Record<string, string> = { phone: 'phone', mobile: 'phone', phone_number: 'phone', email: 'email', 'e-mail': 'email' };

/** `phone`, `email`, or a channel type Parley knows. */
export const isIdentityKey = (key: string) => key === 'phone' || key === 'email' || Boolean(getManifest(key));

export function parseMappingParam(raw: string | undefined | null): MappingRequest | undefined {
  if (raw === undefined || raw === null || raw.trim() === '') return undefined;
  let value: unknown;
  try { value = JSON.parse(raw); } catch {
    throw new ParleyError(400, 'mapping_invalid', 'mapping must be JSON, e.g. {"externalId":"id","name":"name","identities":{"byoc":"user_id"}}.', [{ path: 'mapping', message: 'not JSON' }]);
  }
  const parsed = MappingRequestSchema.safeParse(value);
  if (!parsed.success) throw new ParleyError(400, 'mapping_invalid', 'The column mapping is not valid.', zodIssues(parsed.error, 'mapping'));
  return parsed.data;
}

/** The mapping for this header: the requested one checked against it, or one guessed from the names. */
export function resolveMapping(header: string[], requested?: MappingRequest): ContactListMapping {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const column of header) {
    if (column === '') issues.push({ path: 'header', message: 'a column has no name' });
    else if (seen.has(column)) issues.push({ path: 'header', message: `column "${column}" appears twice` });
    seen.add(column);
  }
  const known = (path: string, column: string | null | undefined) => {
    if (column && !seen.has(column)) issues.push({ path, message: `no column "${column}" in the header (columns: ${header.join(', ')})` });
  };
  const lower = new Map(header.map((h) => [h.trim().toLowerCase(), h]));
  const guess = (names: string[]) => names.map((n) => lower.get(n)).find((h) => h !== undefined) ?? null;

  const externalId = requested?.externalId !== undefined ? requested.externalId : guess(EXTERNAL_ID_NAMES);
  const name = requested?.name !== undefined ? requested.name : guess(NAME_NAMES);
  known('mapping.externalId', externalId);
  known('mapping.name', name);

  let identities: Record<string, string> = {};
  if (requested?.identities) {
    identities = requested.identities;
    for (const [key, column] of Object.entries(identities)) {
      if (!isIdentityKey(key)) issues.push({ path: `mapping.identities.${key}`, message: `"${key}" is not phone, email or a channel type` });
      known(`mapping.identities.${key}`, column);
    }
  } else {
    for (const [lowerName, column] of lower) {
      const key = IDENTITY_NAMES[lowerName] ?? (getManifest(lowerName) ? lowerName : undefined);
      if (key && !identities[key]) identities[key] = column;
    }
  }
  if (Object.keys(identities).length === 0) {
    issues.push({ path: 'mapping.identities', message: 'map at least one column to a channel identity: phone, email or a channel type such as byoc' });
  }

  const mapped = new Set([externalId, name, ...Object.values(identities)].filter((c): c is string => Boolean(c)));
  const variables = requested?.variables ?? header.filter((h) => h !== '' && !mapped.has(h));
  requested?.variables?.forEach((column, i) => known(`mapping.variables.${i}`, column));

  if (issues.length) throw new ParleyError(400, 'mapping_invalid', 'The CSV header does not fit the column mapping.', issues);
  return { externalId: externalId ?? null, name: name ?? null, identities, variables: [...new Set(variables)] };
}
