// The inbox search (engine/cases/case-search.ts): the same answers whether the candidates are few
// (fetched by id; names through the trigram index of migration 0014) or many (the walk over the inbox).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp } from '../support/test-app';
import { addAgent, addSkill, userKey } from '../support/routing-fixtures';
import { walkLimits } from '../../engine/cases/case-search-walk';
import { searchFtsQuery } from '../../engine/cases/fts-prefix-terms';

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

  it("a prefix: its few terms are named (read lazily), many terms or letters outside ASCII keep FTS5's prefix query; the same cases either way", async () => {
    const refunds = [addCase('A', ['refund please']), addCase('B', ['it was refunded']), addCase('C', ['two refunds'])];
    const accents = addCase('Lucía', ['Lucía pidió un reembolso']);
    const many = Array.from({ length: 20 }, (_, i) => addCase(`M${i}`, [`code zeta${String.fromCharCode(97 + i)}x`]));
    expect(searchFtsQuery(t.db, 'refund')).toBe('("refund" OR "refunded" OR "refunds")');
    expect(searchFtsQuery(t.db, 'two REFUN')).toBe('"two" AND ("refun" OR "refund" OR "refunded" OR "refunds")');
    expect(searchFtsQuery(t.db, 'refunded')).toBe('"refunded"');
    expect(searchFtsQuery(t.db, 'zeta')).toBe('"zeta"*'); // 20 terms
    expect(searchFtsQuery(t.db, 'pidió')).toBe('"pidió"*'); // not ASCII: FTS5 folds it itself
    const newest = (ids: string[]) => [...ids].sort().reverse();
    expect(await search('refun')).toEqual(newest(refunds));
    expect(await search('two refun')).toEqual([refunds[2]]);
    expect(await search('zeta')).toEqual(newest(many));
    expect(await search('pidi')).toEqual([accents]);
    expect(await search('PIDIÓ')).toEqual([accents]);
    expect(await search('reembolsos')).toEqual([]);
  });

  it('a common word (more candidates than the id list takes) gives the same newest-first pages', async () => {
    const matching: string[] = [];
    // One transaction: 2,100 cases written one commit each take seconds on a busy machine.
    t.db.$client.transaction(() => {
      for (let i = 0; i < 2100; i++) {
        const id = addCase(`Customer ${i}`, [i % 2 === 0 ? `refund for order ${i}` : `hello ${i}`, i % 2 === 0 ? 'thanks' : 'refund please']);
        matching.push(id);
      }
      addCase('Other', ['nothing to see']);
    })();
    const newest = [...matching].sort().reverse();
    expect(await search('refund')).toEqual(newest.slice(0, 200));
    const res = await (await t.request('/api/v1/cases?q=refund&limit=200')).json();
    const second = await (await t.request(`/api/v1/cases?q=refund&limit=200&cursor=${res.nextCursor}`)).json();
    expect(second.items.map((c: { id: string }) => c.id)).toEqual(newest.slice(200, 400));
  });
});

// Paging through a common word (engine/cases/case-search-walk.ts walks the word's messages newest
// first and proves each page). The expected pages are worked out here from the data as written, in
// plain JavaScript: every word of the query in one message (the last as a prefix), or the query in
// the contact's name; then the filters, the visibility and the order.
describe('inbox search: paging through a common word', () => {
  interface Row { id: string; name: string; texts: string[]; status: string; channelId: string; assigneeId: string | null; skillId: string | null; lastActivityAt: number }
  let t: ReturnType<typeof testApp>;
  let channels: string[];
  let rows: Row[];
  const saved = { ...walkLimits };

  beforeEach(async () => {
    t = testApp();
    channels = [];
    for (const name of ['App', 'Web']) {
      channels.push((await (await t.request('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name, config: { outboundUrl: 'https://mw.example.com/out', secret: 'whsec_' + Buffer.alloc(32, 5).toString('base64') } } })).json()).id);
    }
    addSkill(t.db, t.accountId, 'skl_billing', 'Billing');
    addSkill(t.db, t.accountId, 'skl_returns', 'Returns');
    addAgent(t.db, t.accountId, 'usr_ana', { skills: { skl_billing: 1 } });
    addAgent(t.db, t.accountId, 'usr_luis', { skills: { skl_returns: 1 } });
    rows = t.db.$client.transaction(seed)();
  });
  afterEach(() => {
    Object.assign(walkLimits, saved);
    t.close();
  });

  /**
   * 420 cases written oldest first, their messages in the order they arrived; ~40% mention a refund.
   * On purpose, the order of the messages and the inbox's order disagree: old cases with a recent
   * activity (a status change today), later messages that arrive in old cases, a message moved to a
   * newer case (a reroute), and customers whose name holds the word without any message saying it.
   */
  function seed(): Row[] {
    const sqlite = t.db.$client;
    const start = Date.UTC(2026, 0, 1);
    const out: Row[] = [];
    const statuses = ['new', 'open', 'pending', 'resolved', 'closed'];
    const words = ['order', 'parcel', 'invoice', 'hello', 'thanks', 'size', 'colour', 'late'];
    let msg = 0;
    const addMessage = (caseId: string, channelId: string, text: string, at: number) =>
      sqlite.prepare("insert into messages (id, account_id, case_id, channel_id, direction, author_type, content, fallback_text, tags, delivery_status, occurred_at, created_at, updated_at) values (?, ?, ?, ?, 'in', 'customer', '{}', ?, '[]', 'received', ?, ?, ?)")
        .run(`msg_p_${String(++msg).padStart(6, '0')}`, t.accountId, caseId, channelId, text, at, at, at);
    for (let i = 0; i < 420; i++) {
      const at = start + i * 60_000;
      const id = `case_p_${String(i).padStart(4, '0')}`;
      const name = i % 53 === 7 ? `Refundo Customer ${i}` : `Customer ${i}`;
      const channelId = channels[i % 3 === 0 ? 1 : 0];
      const status = statuses[(i * 7 + Math.floor(i / 5)) % 5];
      const assigneeId = i % 4 === 0 ? null : i % 4 === 1 ? 'usr_ana' : i % 4 === 2 ? 'usr_luis' : 'usr_other';
      const skillId = i % 5 === 0 ? 'skl_billing' : i % 5 === 1 ? 'skl_returns' : null;
      // Most cases' last activity is their last message; every 17th was touched long after (newest).
      const lastActivityAt = i % 17 === 3 ? start + 10_000_000_000 + i : at + 30_000;
      sqlite.prepare('insert into contacts (id, account_id, name, custom_fields, created_at, updated_at) values (?, ?, ?, \'{}\', ?, ?)').run(`ct_p_${i}`, t.accountId, name, at, at);
      sqlite.prepare("insert into cases (id, account_id, channel_id, contact_id, thread_id, status, assignee_id, skill_id, tags, custom_fields, created_at, updated_at, status_updated_at, last_activity_at) values (?, ?, ?, ?, ?, ?, ?, ?, '[]', '{}', ?, ?, ?, ?)")
        .run(id, t.accountId, channelId, `ct_p_${i}`, `t${i}`, status, assigneeId, skillId, at, at, at, lastActivityAt);
      const texts = [`${words[i % 8]} ${i % 5 === 0 ? 'refund please' : 'hello'}`, i % 5 === 2 ? `refunded twice ${words[(i + 3) % 8]}` : `${words[(i + 1) % 8]} thanks`];
      addMessage(id, channelId, texts[0], at);
      addMessage(id, channelId, texts[1], at + 30_000);
      out.push({ id, name, texts, status, channelId, assigneeId, skillId, lastActivityAt });
    }
    // Late messages in old cases: the newest rows of the index belong to the oldest cases.
    for (const i of [2, 9, 30, 61]) {
      const r = out[i];
      const text = i % 2 ? 'one more refund question' : 'still waiting';
      addMessage(r.id, r.channelId, text, start + 20_000_000_000 + i);
      r.texts.push(text);
    }
    // A reroute: an old message with the word (one of the index's first rows) now belongs to a new case.
    const from = out[5], to = out[411];
    const moved = from.texts[0];
    sqlite.prepare("update messages set case_id = ? where id = 'msg_p_000011'").run(to.id);
    from.texts.splice(0, 1);
    to.texts.push(moved);
    return out;
  }

  const expected = (rows: Row[], q: string, keep: (r: Row) => boolean, sort: 'created' | 'activity') => {
    const words = q.toLowerCase().match(/[a-z0-9]+/g)!;
    const hasWords = (text: string) => {
      const tokens = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
      return words.every((w, i) => tokens.some((tok) => (i === words.length - 1 ? tok.startsWith(w) : tok === w)));
    };
    return rows.filter((r) => keep(r) && (r.texts.some(hasWords) || r.name.toLowerCase().includes(q.toLowerCase())))
      .sort((a, b) => (sort === 'activity' ? b.lastActivityAt - a.lastActivityAt : 0) || (a.id < b.id ? 1 : -1))
      .map((r) => r.id);
  };

  /** Every page of GET /cases?q=… with these parameters, concatenated. */
  async function allPages(params: string, key?: string) {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await t.request(`/api/v1/cases?${params}&limit=17${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { key });
      expect(res.status).toBe(200);
      const body = await res.json() as { items: { id: string }[]; nextCursor: string | null };
      ids.push(...body.items.map((c) => c.id));
      cursor = body.nextCursor;
      expect(++pages).toBeLessThan(40);
    } while (cursor);
    return ids;
  }

  /** The inbox's filters, and which rows each keeps. */
  const views = (): { name: string; params: string; keep: (r: Row) => boolean }[] => [
    { name: 'everything', params: '', keep: () => true },
    { name: 'active statuses', params: '&status=new,open,pending', keep: (r) => ['new', 'open', 'pending'].includes(r.status) },
    { name: 'one channel', params: `&channelId=${channels[1]}`, keep: (r) => r.channelId === channels[1] },
    { name: 'unassigned', params: '&assigneeId=none', keep: (r) => r.assigneeId === null },
    { name: "Ana's open cases", params: '&assigneeId=usr_ana&status=open', keep: (r) => r.assigneeId === 'usr_ana' && r.status === 'open' },
  ];

  it('gives every page, newest first by creation and by last activity, with the filters, as the data says', async () => {
    for (const sort of ['created', 'activity'] as const) {
      for (const view of views()) {
        for (const q of ['refund', 'refund please', 'hello']) {
          const want = expected(rows, q, view.keep, sort);
          expect(want.length, `${view.name}, ${q}`).toBeGreaterThan(0);
          expect(await allPages(`q=${encodeURIComponent(q)}&sort=${sort}${view.params}`), `${sort}, ${view.name}, q=${q}`).toEqual(want);
        }
      }
    }
    // The cases this data was built to catch are on the first pages.
    const byCreated = expected(rows, 'refund', () => true, 'created');
    expect(byCreated.slice(0, 17)).toContain(rows[411].id); // a new case whose only refund is an old, moved message
    expect(byCreated).not.toContain(rows[5].id); // …and the case it left
    expect(byCreated).toContain(rows[7].id); // "Refundo Customer": by name only
    const byActivity = expected(rows, 'refund', () => true, 'activity');
    expect(byActivity.slice(0, 17)).toContain(rows[20].id); // an old case (a refund in January) touched long after
  });

  it('an agent pages through only the cases they may see (assigned to them, or in their skills)', async () => {
    const ana = userKey(t.db, t.accountId, 'usr_ana');
    const visible = (r: Row) => r.assigneeId === 'usr_ana' || r.skillId === 'skl_billing';
    for (const sort of ['created', 'activity'] as const) {
      const got = await allPages(`q=refund&sort=${sort}`, ana);
      expect(got).toEqual(expected(rows, 'refund', visible, sort));
      const hidden = new Set(rows.filter((r) => !visible(r)).map((r) => r.id));
      expect(got.filter((id) => hidden.has(id))).toEqual([]);
      // Her filters narrow what she sees, they never widen it.
      expect(await allPages(`q=refund&sort=${sort}&assigneeId=usr_luis`, ana)).toEqual(expected(rows, 'refund', (r) => visible(r) && r.assigneeId === 'usr_luis', sort));
    }
  });

  it('gives the same pages when the walk stops early and reads the filtered cases instead, or gives up', async () => {
    // Tiny limits: the walk projects past its budget at once (the filtered cases are read), and with
    // no room for those either it gives the page to the plain walk over the inbox.
    for (const limits of [{ maxWalkedMessages: 8, maxScopeCases: 10_000, firstBatch: 2, maxBatch: 4 }, { maxWalkedMessages: 8, maxScopeCases: 3, firstBatch: 2, maxBatch: 4 }]) {
      Object.assign(walkLimits, limits);
      for (const sort of ['created', 'activity'] as const) {
        for (const view of views()) {
          expect(await allPages(`q=refund&sort=${sort}${view.params}`), `${JSON.stringify(limits)} ${sort}, ${view.name}`).toEqual(expected(rows, 'refund', view.keep, sort));
        }
      }
    }
  });
});
