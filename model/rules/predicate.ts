// One test inside a condition, branch or delayed re-check: a field, a typed operator and a value.
// Which operators a field accepts is declared in fields.ts and enforced by the validator.
import { z } from 'zod';

export const OPERATORS = [
  'equals', 'not_equals', 'contains', 'not_contains', 'starts_with', 'present', 'absent',
  'greater', 'less', 'before', 'after', 'matches', 'in', 'not_in',
  /** Business hours: the event time is inside / outside the account's calendar (no value). */
  'inside', 'outside',
] as const;
export type Operator = (typeof OPERATORS)[number];

export const PredicateSchema = z.object({
  /**
   * What is tested, e.g. `channel.type`, `message.text`, `case.tags`, `case.customFields.plan`,
   * `contact.email`, `case.statusAge`, `businessHours`, `probability`, `answer`, `trigger.payload.amount`.
   */
  field: z.string().min(1).max(200),
  op: z.enum(OPERATORS),
  /** A string, number, boolean or list; may hold `{{variables}}` in strings. Absent for present/absent/inside/outside. */
  value: z.union([z.string().max(2000), z.number(), z.boolean(), z.array(z.union([z.string().max(500), z.number()])).max(200)]).optional(),
  /** Text comparisons: ignore letter case (default true) and accents (default true). */
  ignoreCase: z.boolean().optional(),
  ignoreAccents: z.boolean().optional(),
  /** `contains` on text: match whole words (default) or any substring. */
  match: z.enum(['words', 'substring']).optional(),
});

export type Predicate = z.infer<typeof PredicateSchema>;
