// Readable, stable node ids (`action_2`, `condition_1`): run paths, variables
// (`{{steps.action_2.output.messageId}}`) and version diffs key on them, so an id is never reused
// for a different node in the same rule — a new id is one more than the highest taken.
import type { RuleNodeKind } from '../model';

export const ID_PREFIX: Record<RuleNodeKind, string> = {
  trigger: 'trigger', condition: 'condition', branch: 'branch', switch: 'switch', delay: 'delay', action: 'action', step: 'step',
};

const highest = (prefix: string, taken: Iterable<string>) => {
  let max = 0;
  const pattern = new RegExp(`^${prefix}_(\\d+)$`);
  for (const id of taken) {
    const m = pattern.exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max;
};

/** The next free id for a node of this kind: `action_3` after `action_1`, `action_2`. */
export function newNodeId(kind: RuleNodeKind, taken: Iterable<string>): string {
  const prefix = ID_PREFIX[kind];
  return `${prefix}_${highest(prefix, taken) + 1}`;
}

/** Several new ids at once (paste), none clashing with each other or with `taken`. */
export function newNodeIds(kinds: RuleNodeKind[], taken: Iterable<string>): string[] {
  const used = new Set(taken);
  return kinds.map((kind) => {
    const id = newNodeId(kind, used);
    used.add(id);
    return id;
  });
}

/** An edge id that says what it joins: `e_condition_1-next-action_1`. */
export function edgeIdFor(source: string, handle: string, target: string): string {
  return `e_${source}-${handle}-${target}`;
}

/** A switch case id (`case_2`), unique within the switch. */
export function newCaseId(taken: Iterable<string>): string {
  return `case_${highest('case', taken) + 1}`;
}
