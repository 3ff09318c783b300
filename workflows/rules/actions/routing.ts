// Routing actions (issue #10): Route to queue sends the case through a routing queue (its skill,
// strategy, offer timeout and wrap-up), whatever the queue's filters say; it holds for later re-routes.
import { ParleyError } from '../../../engine/errors';
import { getCaseRow } from '../../../engine/cases/case-queries';
import { presetQueue, routeByRule } from '../../../engine/routing/rule-routing';
import type { ActionHandlers } from './action-handler';
import { caseIdOf, commandDeps, refusal, ruleActor, type RuleActionDeps } from './rule-action-deps';

export function createRoutingActions(deps: RuleActionDeps): ActionHandlers {
  return {
    async route_to_queue(input, run) {
      const caseId = caseIdOf(run, 'route_to_queue');
      const queueId = String(input.queueId);
      const commands = commandDeps(deps);
      try {
        if (getCaseRow(deps.db, run.accountId, caseId).status === 'closed') throw refusal('This case is closed, and a closed case is final: the rule cannot route it.');
        const routed = await routeByRule(commands, run.accountId, caseId, { kind: 'queue', queueId }, ruleActor(run));
        if (routed) return { ...routed, queueId };
        // The workflow has not routed the case yet: its first routing takes this queue.
        presetQueue(commands, run.accountId, caseId, queueId);
        return { changed: true, queueId };
      } catch (err) {
        if (err instanceof ParleyError && err.status < 500) throw refusal(err.message);
        throw err;
      }
    },
  };
}
