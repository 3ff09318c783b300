// The case workflow's routing side effects: each decision is one BEGIN IMMEDIATE transaction in
// engine/routing/route-case.ts. Plain Node code; the workflow imports only the types.
import type { Db } from '../../engine/db/open-database';
import { acceptAssignment, assignCase, releaseOnClose, routeCase } from '../../engine/routing/route-case';
import type { RoutingActivities } from '../case/routing-contract';

export function createRoutingActivities(deps: { db: Db; now?: () => number }): RoutingActivities {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  return {
    async routeCase(caseId, request) { return routeCase(db, caseId, request, now()); },
    async assignCase(caseId, request) { return assignCase(db, caseId, request, now()); },
    async acceptAssignment(caseId, assignmentId, actor) { return acceptAssignment(db, caseId, assignmentId, actor, now()); },
    async releaseOnClose(caseId) { releaseOnClose(db, caseId, now()); },
  };
}
