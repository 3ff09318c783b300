// The inbox search (engine/cases/case-search.ts): the same answers whether the candidates are few
// (fetched by id; names through the trigram index of migration 0014) or many (the walk over the inbox).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp } from '../support/test-app';

describe('inbox search', () => {
  let t: ReturnType<typeof testApp>;
  let channelId: string;
  let n = 0;
  const addCase = (name: string, texts: string[]) => {
    const sqlite = t.db.$client;
    const now = Date.now() + n;
    const contactId = `ct_s_${String(++n).padStart(6, '0')}`;
    const caseId = `case_s_${String(n).padStart(6, '0')}`;
    sqlite.prepare('insert into contacts (id, account_id, name, custom_fields, created_at, updated_at) values (?, ?, ?, \'{}\', ?, ?)').run(contactId, t.accountId, name, now, now);
    sqlite.prepare("insert into cases (id, account_id, channel_id, contact_id, thread_id, status, tags, custom_fields, created_at, updated_at, status_updated_at) values (?, ?, ?, ?, ?, 'open', '[]', '{}', ?, ?, ?)")
      .run(caseId, t.accountId, channelId, contactId, `t${n}`, now, now, now);
    texts.forEach((text, i) => sqlite.prepare("insert into messages (id, account_id, case_id, channel_id, direction, author_type, content, fallback_text, tags, delivery_status, occurred_at, created_at, updated_at) values (?, ?, ?, ?, 'in', 'customer', '{}', ?, '[]', 'received', ?, ?, ?)")
      .run(`msg_s_${n}_${i}`, t.accountId, caseId, channelId, text, now, now, now));
    return caseId;
  };
  const search = async (q: string, extra = '') => {
    const res = await t.request(`/api/v1/cases?q=${encodeURIComponent(q)}&limit=200${extra}`);
    expect(res.status).toBe(200);
    return ((await res.json()).items as { id: string }[]).map((c) => c.id);
  };

  beforeEach(async () => {
    t = testApp();
    channelId = (await (await t.request('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'App', config: { outboundUrl: 'https://mw.example.com/out', secret: 'whsec_' + Buffer.alloc(32, 5).toString('base64') } } })).json()).id;
  });
  afterEach(() => t.close());

  it('finds a rare word, a substring of a name (any case), and a name renamed after the index was built', async () => {
    const ana = addCase('Ana García', ['Where is order 77123?']);
    const tom = addCase('Tom Becker', ['Do you ship to Norway?']);
    addCase('Priya Patel', ['The code SPRING24 fails']);
    expect(await search('77123')).toEqual([ana]);
    expect(await search('norw')).toEqual([tom]); // the last word is a prefix
    expect(await search('a garc')).toEqual([ana]); // substring across words
    expect(await search('BECK')).toEqual([tom]);
    t.db.$client.prepare("update contacts set name = 'Thomas Becker-Lund' where name = 'Tom Becker'").run();
    expect(await search('ker-lu')).toEqual([tom]);
    expect(await search('Tom B')).toEqual([]);
    expect(await search('100%')).toEqual([]); // LIKE's wildcards are taken literally
  });

  it('a common word (more candidates than the id list takes) gives the same newest-first pages', async () => {
    const matching: string[] = [];
    for (let i = 0; i < 2100; i++) {
      const id = addCase(`Customer ${i}`, [i % 2 === 0 ? `refund for order ${i}` : `hello ${i}`, i % 2 === 0 ? 'thanks' : 'refund please']);
      matching.push(id);
    }
    addCase('Other', ['nothing to see']);
    const newest = [...matching].sort().reverse();
    expect(await search('refund')).toEqual(newest.slice(0, 200));
    const res = await (await t.request('/api/v1/cases?q=refund&limit=200')).json();
    const second = await (await t.request(`/api/v1/cases?q=refund&limit=200&cursor=${res.nextCursor}`)).json();
    expect(second.items.map((c: { id: string }) => c.id)).toEqual(newest.slice(200, 400));
  });
});
