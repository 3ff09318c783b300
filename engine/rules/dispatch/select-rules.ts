// Selecting the rules an event starts: the indexed candidates, then the pure pre-check of each
// (the interpreter's first instruction: when it is `done`, the trigger or the first conditions do
// not match and no workflow is started). No I/O: the benchmark measures exactly this per event.
import { buildRunContext } from '../../../model/rules/context';
import type { AccountRuleSettings, RuleEvent, RunContext } from '../../../model/rules/event';
import { wouldAct } from '../../../model/rules/interpreter';
import type { CandidateIndex, RuleCandidate } from './candidate-index';

/** The candidates whose graph, evaluated up to its first action or delay, does something for this event. */
export function selectMatchingRules(index: CandidateIndex, event: RuleEvent, account: AccountRuleSettings): RuleCandidate[] {
  const candidates = index.candidates(event);
  if (candidates.length === 0) return candidates;
  const ctx = buildRunContext(event, account);
  const matching: RuleCandidate[] = [];
  for (const candidate of candidates) if (candidateActs(candidate, ctx)) matching.push(candidate);
  return matching;
}

// The interpreter's first instruction without a run state or explanations (wouldAct is exactly
// `advance(graph, ctx, startRun(graph, ctx)).instruction.type !== 'done'`).
function candidateActs(candidate: RuleCandidate, ctx: RunContext): boolean {
  try {
    return wouldAct(candidate.graph, ctx);
  } catch {
    return false; // a graph the interpreter cannot evaluate does nothing (publishing validated it)
  }
}
