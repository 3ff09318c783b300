// Proactive outreach from a case: an agent writes first to the case's customer on a channel of
// their choice. It runs as a campaign of one — the message reaches the provider once, with an
// idempotency key; the case timeline says who started it; a channel where the customer has no
// identity is refused with the reason. Real dev server, SQLite file and HTTP.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startCampaignProvider, type CampaignProvider } from '../fakes/campaign-provider';
import { signByocRequest } from '../fakes/sign-byoc';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const SECRET = 'whsec_' + Buffer.alloc(32, 23).toString('base64');

describe('outreach from a case', () => {
  let h: Harness;
  let provider: CampaignProvider;
  beforeAll(async () => {
    provider = await startCampaignProvider({ secret: SECRET });
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
  });
  afterAll(async () => {
    await h?.stop();
    await provider?.close();
  });

  const newChannel = async (name: string) =>
    (await (await h.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name, config: { outboundUrl: provider.url, secret: SECRET } } })).json()).id as string;

  it('an agent follows up with the customer; the send happens once and the timeline says so', async () => {
    const app = await newChannel('App');
    const body = { type: 'message', externalMessageId: 'ext-case-1', externalConversationId: 'conv-1', sender: { externalId: 'cust-9', name: 'Irene' }, text: 'Mi pedido no llega', timestamp: Date.now() };
    const res = await fetch(`${h.parley.url}/webhooks/${app}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) });
    const [caseId] = ((await res.json()) as { caseIds: string[] }).caseIds;

    const started = await h.api(`/api/v1/cases/${caseId}/outreach`, {
      method: 'POST', key: h.agentKey, json: { channelId: app, message: { text: 'Hola {{name}}, tu pedido sale hoy. ¿Te va bien recibirlo mañana?' } },
    });
    expect(started.status).toBe(201);
    const campaign = await started.json();
    await eventually(async () => (await (await h.api(`/api/v1/campaigns/${campaign.id}`)).json()).status === 'completed', 30_000, 200);
    const sent = provider.delivered.filter((d) => d.recipient === 'cust-9');
    expect(sent.map((d) => d.text)).toEqual(['Hola Irene, tu pedido sale hoy. ¿Te va bien recibirlo mañana?']);
    expect(provider.requestsByKey.get(sent[0].key)).toBe(1);

    const theCase = await (await h.api(`/api/v1/cases/${caseId}`)).json();
    const described = (theCase.events as { type: string; description: string }[]).filter((e) => e.type === 'campaign_started').map((e) => e.description);
    expect(described).toEqual([expect.stringContaining(`Follow-up to case ${caseId}`)]);
  });

  it('refuses a channel where the customer cannot be reached, saying why', async () => {
    const app = await newChannel('App 2');
    const other = await newChannel('Other app');
    const body = { type: 'message', externalMessageId: 'ext-case-2', externalConversationId: 'conv-2', sender: { externalId: 'cust-10', name: 'Pau' }, text: 'Hola', timestamp: Date.now() };
    const res = await fetch(`${h.parley.url}/webhooks/${app}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) });
    const [caseId] = ((await res.json()) as { caseIds: string[] }).caseIds;
    const refused = await h.api(`/api/v1/cases/${caseId}/outreach`, { method: 'POST', json: { channelId: other, message: { text: 'Hola' } } });
    expect(refused.status).toBe(422);
    const problem = await refused.json();
    expect(problem.code).toBe('contact_unreachable');
    expect(problem.detail).toContain('Other app');
    expect((await h.api('/api/v1/cases/case_missing/outreach', { method: 'POST', json: { channelId: app, message: { text: 'x' } } })).status).toBe(404);
  });
});
