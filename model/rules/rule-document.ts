// The export format of a rule: its settings and graph in one JSON document with a stable key
// order (stableStringify), diff-friendly and importable into another account.
import { z } from 'zod';
import { RuleGraphSchema, type RuleGraph } from './graph';
import { stableStringify } from './stable-json';

export const RULE_DOCUMENT_FORMAT = 'parley.rule';
export const RULE_DOCUMENT_VERSION = 1;

export const RuleSettingsSchema = z.object({
  name: z.string().trim().min(1, { message: 'Give the rule a name' }).max(200),
  description: z.string().max(2000).default(''),
  folder: z.string().max(200).default(''),
  /** Lower runs first among rules matching the same event. */
  priority: z.number().int().min(0).max(1_000_000).default(100),
  enabled: z.boolean().default(true),
});

export const RuleDocumentSchema = z.object({
  format: z.literal(RULE_DOCUMENT_FORMAT, { message: `Not a Parley rule: "format" must be "${RULE_DOCUMENT_FORMAT}"` }),
  formatVersion: z.literal(RULE_DOCUMENT_VERSION, { message: `Unsupported formatVersion: this server reads version ${RULE_DOCUMENT_VERSION}` }),
  rule: RuleSettingsSchema,
  /** Checked only for shape here; the importer validates it fully (validateGraph). */
  graph: RuleGraphSchema,
});

export type RuleSettings = z.infer<typeof RuleSettingsSchema>;
export type RuleDocument = z.infer<typeof RuleDocumentSchema>;

export function toRuleDocument(rule: { name: string; description?: string; folder?: string | null; priority?: number; enabled?: boolean }, graph: RuleGraph): RuleDocument {
  return {
    format: RULE_DOCUMENT_FORMAT,
    formatVersion: RULE_DOCUMENT_VERSION,
    rule: {
      name: rule.name,
      description: rule.description ?? '',
      folder: rule.folder ?? '',
      priority: rule.priority ?? 100,
      enabled: rule.enabled ?? true,
    },
    graph,
  };
}

/** The document as exported: stable key order, two-space indent, trailing newline. */
export const ruleDocumentJson = (doc: RuleDocument): string => stableStringify(doc);
