// Importing a rule next to the one it was exported from: the copy gets a name of its own.
import type { RuleSummary } from '../api/types';

/** An imported rule whose name is already used gets “(copy)”, so the two can be told apart in the list. */
export function asCopyIfTaken(doc: unknown, existing: Pick<RuleSummary, 'name'>[]): unknown {
  const rule = (doc as { rule?: { name?: unknown } } | null)?.rule;
  if (!rule || typeof rule.name !== 'string') return doc;
  const names = new Set(existing.map((r) => r.name));
  if (!names.has(rule.name)) return doc;
  let name = `${rule.name} (copy)`;
  for (let n = 2; names.has(name); n++) name = `${rule.name} (copy ${n})`;
  return { ...(doc as object), rule: { ...rule, name } };
}
