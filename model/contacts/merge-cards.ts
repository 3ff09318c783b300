// What a customer-card merge keeps (engine/contacts/contact-merge.ts writes it; the console previews it):
// the kept card wins every conflict; the merged card only fills what the kept card lacks (an empty name,
// email, phone or language, a custom field it does not have). Pure, so the rules
// are tested without a database.

export interface MergeConflict {
  /** `name`, `email`, `phone`, `language` or `customFields.<key>`. */
  field: string;
  kept: unknown;
  /** The merged card's value, dropped. */
  discarded: unknown;
}

export interface MergeableCard {
  name: string | null;
  email: string | null;
  phone: string | null;
  language: string | null;
  customFields: Record<string, unknown>;
}

const PROFILE = ['name', 'email', 'phone', 'language'] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function mergeCards(kept: MergeableCard, other: MergeableCard): { card: MergeableCard; conflicts: MergeConflict[] } {
  const conflicts: MergeConflict[] = [];
  const card: MergeableCard = { ...kept, customFields: { ...kept.customFields } };
  for (const field of PROFILE) {
    if (other[field] == null) continue;
    if (kept[field] == null) card[field] = other[field];
    else if (!same(kept[field], other[field])) conflicts.push({ field, kept: kept[field], discarded: other[field] });
  }
  for (const [key, value] of Object.entries(other.customFields ?? {})) {
    if (!(key in card.customFields)) card.customFields[key] = value;
    else if (!same(card.customFields[key], value)) conflicts.push({ field: `customFields.${key}`, kept: card.customFields[key], discarded: value });
  }
  return { card, conflicts };
}
