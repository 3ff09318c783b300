// Rule actions of the appointments flow (issue #7): `offer_appointment` starts the appointment
// workflow for the run's case. The appointment id derives from the run and node, so a retried
// action starts one flow.
import { createHash } from 'node:crypto';
import { startAppointmentOffer } from '../../../engine/appointments/start-appointment';
import { ParleyError } from '../../../engine/errors';
import type { ActionRunInfo } from '../contract';
import type { ActionHandlers } from './action-handler';
import { actionScheduledAt, caseIdOf, refusal, ruleActor, type RuleActionDeps } from './rule-action-deps';

/** `appt_<time><seq><hash>` like engine/ids, from the action's first scheduling time and run + node. */
export function ruleAppointmentId(run: Pick<ActionRunInfo, 'runId' | 'nodeId'>, at: number): string {
  const hash = createHash('sha256').update(`${run.runId}\n${run.nodeId}`).digest('hex').slice(0, 12);
  return `appt_${at.toString(36).padStart(9, '0')}zzz${hash}`;
}

export function createAppointmentsActions(deps: RuleActionDeps): ActionHandlers {
  return {
    offer_appointment: async (input, run) => {
      const caseId = caseIdOf(run, 'Offer appointment');
      try {
        const row = await startAppointmentOffer({ db: deps.db, client: deps.client, taskQueue: deps.taskQueue }, {
          accountId: run.accountId, caseId, serviceId: String(input.serviceId), createdBy: ruleActor(run),
          appointmentId: ruleAppointmentId(run, actionScheduledAt(deps)),
        });
        return { appointmentId: row.id };
      } catch (err) {
        // Unknown service, closed case, a customer already choosing: a retry cannot fix these.
        if (err instanceof ParleyError && err.status < 500) throw refusal(err.message);
        throw err;
      }
    },
  };
}
