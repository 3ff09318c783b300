// The channel API names each channel's default skill, so Settings → Routing can show it; deleting the
// skill clears it.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { testApp } from '../support/test-app';

let t: ReturnType<typeof testApp>;
beforeEach(() => { t = testApp(); });
afterEach(() => t.close());

it('GET /channels and /channels/{id} carry defaultSkillId: null until set, the skill once set, null after the skill is deleted', async () => {
  const channel = await (await t.request('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'Shop app', config: { outboundUrl: 'https://mw.example.com/out', secret: 'whsec_' + Buffer.alloc(32, 2).toString('base64') } } })).json();
  expect(channel.defaultSkillId).toBeNull();
  const skill = await (await t.request('/api/v1/skills', { method: 'POST', json: { name: 'Billing' } })).json();
  expect((await t.request(`/api/v1/channels/${channel.id}/default-skill`, { method: 'PUT', json: { skillId: skill.id } })).status).toBe(200);
  expect((await (await t.request(`/api/v1/channels/${channel.id}`)).json()).defaultSkillId).toBe(skill.id);
  const list = (await (await t.request('/api/v1/channels?limit=200', { key: t.agentKey })).json()).items as { id: string; defaultSkillId: string | null }[];
  expect(list.find((c) => c.id === channel.id)?.defaultSkillId).toBe(skill.id);
  expect((await t.request(`/api/v1/skills/${skill.id}`, { method: 'DELETE' })).status).toBe(204);
  expect((await (await t.request(`/api/v1/channels/${channel.id}`)).json()).defaultSkillId).toBeNull();
});
