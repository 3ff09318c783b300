// What an agent's live stream may show is read once per connection and refreshed every few seconds,
// not on every 500 ms poll; a reassignment still hides a case at once (each change reads the case
// row), and a change of the agent's skills reaches an open stream within the refresh.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Principal } from '../../engine/api/auth';
import { agentSkills } from '../../engine/db/schema-routing';
import { STREAM_VISIBILITY_MAX_AGE_MS, visibilityCache } from '../../engine/routing/case-visibility';
import { addByocChannel, addAgent, addCase, addSkill, userKey } from '../support/routing-fixtures';
import { testApp } from '../support/test-app';

let t: ReturnType<typeof testApp>;
let channelId: string;
beforeEach(async () => {
  t = testApp();
  channelId = await addByocChannel(t);
  addSkill(t.db, t.accountId, 'skl_billing', 'Billing');
  addSkill(t.db, t.accountId, 'skl_returns', 'Returns');
  addAgent(t.db, t.accountId, 'usr_ana', { skills: { skl_billing: 2 } });
  addAgent(t.db, t.accountId, 'usr_luis');
});
afterEach(() => {
  vi.restoreAllMocks();
  t.close();
});

/** Reads SSE events for `ms`, then closes the stream. */
async function eventsFor(res: Response, ms: number) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), Math.max(0, deadline - Date.now())))]);
    if (!chunk || chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  await reader.cancel();
  return text.split('\n\n').filter(Boolean).map((block) => {
    const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? '';
    return { event: field('event'), data: JSON.parse(field('data') || 'null') };
  });
}

describe("an agent's stream visibility", () => {
  it('is read once for a stream open over several polls, and a reassignment still arrives as case_hidden at once', async () => {
    const mine = addCase(t.db, t.accountId, channelId, { assigneeId: 'usr_ana', skillId: 'skl_returns' });
    const prepare = vi.spyOn(t.db.$client, 'prepare');
    const stream = await t.request('/api/v1/stream', { key: userKey(t.db, t.accountId, 'usr_ana') });
    expect(stream.status).toBe(200);
    // Several polls later a supervisor hands Ana's case to Luis.
    setTimeout(() => t.db.$client.prepare("update cases set assignee_id = 'usr_luis', updated_at = ? where id = ?").run(Date.now(), mine), 1200);
    const events = await eventsFor(stream, 1800);
    expect(events.filter((e) => e.event === 'case_hidden').map((e) => e.data)).toEqual([{ id: mine }]);
    expect(events.filter((e) => e.event === 'case')).toEqual([]);
    const reads = (table: string) => prepare.mock.calls.filter(([sql]) => String(sql).includes(`"${table}"`)).length;
    expect(reads('agent_skills')).toBe(1);
    expect(reads('routing_settings')).toBe(1);
  });

  it("is read again once the refresh time has passed: a new skill then shows the skill's cases", () => {
    let clock = 1_000_000;
    const ana: Principal = { accountId: t.accountId, role: 'agent', keyId: 'k', kind: 'user', via: 'bearer', userId: 'usr_ana' } as Principal;
    const cache = visibilityCache(t.db, ana, STREAM_VISIBILITY_MAX_AGE_MS, () => clock);
    expect(cache.current()).toEqual({ userId: 'usr_ana', skillIds: ['skl_billing'] });
    t.db.insert(agentSkills).values({ userId: 'usr_ana', skillId: 'skl_returns', proficiency: 3 }).run();
    clock += STREAM_VISIBILITY_MAX_AGE_MS - 1;
    expect(cache.current()!.skillIds).toEqual(['skl_billing']);
    clock += 1;
    expect([...cache.current()!.skillIds].sort()).toEqual(['skl_billing', 'skl_returns']);
  });

  it('supervisors and admins see everything without any visibility read', () => {
    const prepare = vi.spyOn(t.db.$client, 'prepare');
    const boss = visibilityCache(t.db, { accountId: t.accountId, role: 'supervisor', keyId: 'k', kind: 'user', via: 'bearer', userId: 'usr_boss' } as Principal);
    expect(boss.current()).toBeUndefined();
    expect(prepare).not.toHaveBeenCalled();
  });
});
