// What the rules API needs from the running Parley, and the one place rule changes are reported to
// the hooks (schedule-triggered rules keep a Temporal Schedule in step with their rule).
import type { Db } from '../../db/open-database';
import { ParleyError } from '../../errors';
import type { CustomStepCatalogue } from '../../../model/rules/catalogue';
import { isLive, type RuleRow } from '../../rules/store/rule-store';
import type { SecretBox } from '../../security/secret-box';

export interface RuleHooks {
  /** The rule is published, enabled and not deleted: its active version should run (e.g. its schedule exists). */
  published(accountId: string, ruleId: string): Promise<void>;
  /** The rule stopped running (disabled, deleted): e.g. remove its schedule. */
  unpublished(accountId: string, ruleId: string): Promise<void>;
}

export interface RulesDeps {
  db: Db;
  box: SecretBox;
  steps: CustomStepCatalogue;
  /** Wakes the rule dispatcher after an event was recorded. */
  ruleHooks?: RuleHooks;
}

/**
 * Tells the hooks whether the rule runs now. The database change is already committed; a failing
 * hook is a 503 saying so, and the next publish or enable retries it.
 */
export async function syncRuleHooks(hooks: RuleHooks | undefined, row: RuleRow): Promise<void> {
  if (!hooks) return;
  try {
    if (isLive(row)) await hooks.published(row.accountId, row.id);
    else await hooks.unpublished(row.accountId, row.id);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ParleyError(503, 'rule_sync_failed',
      `The change to rule ${row.id} was saved, but it could not be applied to the scheduler (${reason}). Try again in a moment: publishing, enabling or disabling the rule applies it again.`);
  }
}
