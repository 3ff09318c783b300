// Contact search (GET /api/v1/contacts?q=) through trigram indexes: name, email, phone and every
// channel identity, kept current by triggers; short text and LIKE wildcards still answer (by the walk).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contactSearchIds } from '../../engine/contacts/contact-search';
import { testApp } from '../support/test-app';

describe('contact search', () => {
  let t: ReturnType<typeof testApp>;
  beforeEach(() => {
    t = testApp();
    const s = t.db.$client;
    s.prepare("insert into channels (id, account_id, type, name, config, enabled, created_at, updated_at) values ('ch_s', ?, 'telegram', 'TG', '{}', 1, 0, 0)").run(t.accountId);
    const contact = s.prepare("insert into contacts (id, account_id, name, email, phone, custom_fields, created_at, updated_at) values (?, ?, ?, ?, ?, '{}', 0, 0)");
    const identity = s.prepare("insert into contact_identities (id, account_id, contact_id, channel_id, external_id, name, created_at) values (?, ?, ?, 'ch_s', ?, ?, 0)");
    contact.run('ct_1', t.accountId, 'Lucía Fernández', 'lucia@example.com', '+34 600 111 222');
    contact.run('ct_2', t.accountId, 'Kenji Tanaka', null, null);
    identity.run('ci_2', t.accountId, 'ct_2', 'tg-998877', 'kenji_t');
    contact.run('ct_3', t.accountId, '100% Real Shop', 'shop@real.test', null);
  });
  afterEach(() => t.close());

  const found = async (q: string) => ((await (await t.request(`/api/v1/contacts?q=${encodeURIComponent(q)}`)).json()).items as { id: string }[]).map((c) => c.id).sort();

  it('finds a contact by a piece of its name, email, phone or a channel identity, case-insensitively', async () => {
    expect(await found('fernández')).toEqual(['ct_1']);
    expect(await found('LUCIA@EXAMPLE')).toEqual(['ct_1']);
    expect(await found('600 111')).toEqual(['ct_1']);
    expect(await found('998877')).toEqual(['ct_2']);
    expect(await found('kenji_t')).toEqual(['ct_2']); // an identity's name (with "_", taken literally by the walk)
    expect(await found('zzz-nobody')).toEqual([]);
  });

  it('answers from the indexes, which follow edits, and leaves short text and wildcards to the walk', async () => {
    expect(contactSearchIds(t.db, t.accountId, 'Tanaka')).toEqual(['ct_2']);
    expect(contactSearchIds(t.db, t.accountId, 'tg-99')).toEqual(['ct_2']);
    expect(contactSearchIds(t.db, t.accountId, 'an')).toBeUndefined();
    expect(contactSearchIds(t.db, t.accountId, '100%')).toBeUndefined();
    // Edits reach the indexes (triggers): the new email is found, the old one no longer is.
    const res = await t.request('/api/v1/contacts/ct_2', { method: 'PATCH', json: { email: 'kenji@tanaka.example', name: 'K. Tanaka' } });
    expect(res.status).toBe(200);
    expect(await found('kenji@tanaka')).toEqual(['ct_2']);
    expect(await found('Kenji Tanaka')).toEqual([]);
    t.db.$client.prepare("update contact_identities set external_id = 'tg-123' where id = 'ci_2'").run();
    expect(await found('998877')).toEqual([]);
    expect(await found('tg-123')).toEqual(['ct_2']);
    // Short text and a literal "%" still work.
    expect(await found('ké')).toEqual([]);
    expect(await found('Ta')).toEqual(['ct_2']);
    expect(await found('100%')).toEqual(['ct_3']);
  });

  it("keeps accounts apart and pages through the matches newest first", async () => {
    t.db.$client.prepare("insert into accounts (id, name, created_at) values ('acct_other', 'Other', 0)").run();
    t.db.$client.prepare("insert into contacts (id, account_id, name, custom_fields, created_at, updated_at) values ('ct_9', 'acct_other', 'Lucía Fernández', '{}', 0, 0)").run();
    expect(await found('Fernández')).toEqual(['ct_1']);
    const contact = t.db.$client.prepare("insert into contacts (id, account_id, name, custom_fields, created_at, updated_at) values (?, ?, 'Repeat Customer', '{}', 0, 0)");
    for (let i = 0; i < 5; i++) contact.run(`ct_r${i}`, t.accountId);
    const first = await (await t.request('/api/v1/contacts?q=repeat&limit=3')).json();
    const second = await (await t.request(`/api/v1/contacts?q=repeat&limit=3&cursor=${first.nextCursor}`)).json();
    expect([...first.items, ...second.items].map((c: { id: string }) => c.id)).toEqual(['ct_r4', 'ct_r3', 'ct_r2', 'ct_r1', 'ct_r0']);
    expect(second.nextCursor).toBeNull();
  });
});
