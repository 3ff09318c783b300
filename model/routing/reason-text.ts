// The sentences the case timeline shows for routing decisions ("Offered to Ana Ruiz — longest idle
// (14 min), Billing proficiency 3"). Pure: the engine passes the names it looked up.
import type { ChosenReason, NoAgentReason } from './choose-agent';

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60), rest = m % 60;
  return rest ? `${h} h ${rest} min` : `${h} h`;
}

export function describeChoice(reason: ChosenReason, skillName: string | null): string {
  const strategy = reason.strategy === 'least_busy'
    ? `least busy (${reason.activeCases} active case${reason.activeCases === 1 ? '' : 's'})`
    : `longest idle (${formatDuration(reason.idleMs)})`;
  const skill = reason.skillId !== null ? `, ${skillName ?? reason.skillId} proficiency ${reason.proficiency}` : '';
  return `${strategy}${skill}`;
}

export function describeNoAgent(reason: NoAgentReason, skillName: string | null): string {
  const skill = skillName ? ` for ${skillName}` : '';
  switch (reason) {
    case 'no_agent_with_skill': return `No agent holds the skill${skill}`;
    case 'nobody_available': return `No agent available${skill}`;
    case 'no_capacity': return `Every available agent${skill} is at capacity`;
  }
}
