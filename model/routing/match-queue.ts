// Which queue takes a case: the highest-priority queue whose filters all match; else the account's
// fallback queue; else the backlog (no queue).
import type { RoutingCase } from './case-facts';
import type { QueueFilters, RoutingQueue } from './queue';

export type QueueMatch =
  | { queue: RoutingQueue; via: 'filters' | 'fallback' }
  | { queue: null; via: 'backlog' };

export function queueMatches(filters: QueueFilters, theCase: RoutingCase): boolean {
  if (filters.channelTypes.length && !filters.channelTypes.includes(theCase.channelType)) return false;
  if (filters.channelIds.length && !filters.channelIds.includes(theCase.channelId)) return false;
  if (filters.tags.length && !filters.tags.some((t) => theCase.tags.includes(t))) return false;
  if (filters.textContains.length) {
    const text = theCase.text.toLocaleLowerCase();
    if (!filters.textContains.some((w) => w.trim() && text.includes(w.trim().toLocaleLowerCase()))) return false;
  }
  for (const [field, expected] of Object.entries(filters.customFields)) {
    const actual = theCase.customFields[field];
    if (actual === undefined || actual === null || String(actual) !== String(expected)) return false;
  }
  return true;
}

/** A queue with no filter at all is a catch-all only as the fallback; as a normal queue it matches everything. */
export function matchQueue(theCase: RoutingCase, queues: readonly RoutingQueue[]): QueueMatch {
  const ordered = [...queues].filter((q) => !q.isFallback).sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id));
  const hit = ordered.find((q) => queueMatches(q.filters, theCase));
  if (hit) return { queue: hit, via: 'filters' };
  const fallback = queues.find((q) => q.isFallback);
  if (fallback) return { queue: fallback, via: 'fallback' };
  return { queue: null, via: 'backlog' };
}

/** The skill agents need: the case's own (rule, transfer), else the queue's, else the channel's default. */
export function requiredSkill(theCase: RoutingCase, queue: RoutingQueue | null): string | null {
  return theCase.skillId ?? queue?.skillId ?? theCase.channelSkillId;
}
