import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getIntegrationSettings, getRuleSettings } from '../../engine/rules/store/settings-store';
import { testApp } from '../support/test-app';

const HOURS = { timeZone: 'Europe/Madrid', weekly: { mon: ['09:00-14:00', '15:00-18:00'], fri: ['09:00-15:00'] }, holidays: ['2026-12-25'] };

describe('automation settings', () => {
  let t: ReturnType<typeof testApp>;
  beforeEach(() => { t = testApp(); });
  afterEach(() => t.close());

  const get = async (key?: string) => (await t.request('/api/v1/settings/automation', { key })).json();
  const put = (json: unknown, key?: string) => t.request('/api/v1/settings/automation', { method: 'PUT', json, key });

  it('starts with defaults and a URL signing secret shown to admins only, the same on every read', async () => {
    const first = await get();
    expect(first).toMatchObject({ businessHours: null, smtp: null, allowPrivateUrls: false });
    expect(first.urlSigningSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect((await get()).urlSigningSecret).toBe(first.urlSigningSecret);
    expect((await get(t.supervisorKey)).urlSigningSecret).toBeNull();
    expect(getIntegrationSettings(t.db, t.box, t.accountId).urlSigningSecret).toBe(first.urlSigningSecret);
    // Sealed at rest.
    const raw = JSON.stringify(t.db.$client.prepare('select * from account_settings').all());
    expect(raw).not.toContain(first.urlSigningSecret);
    const rotated = await (await put({ rotateUrlSigningSecret: true })).json();
    expect(rotated.urlSigningSecret).toMatch(/^whsec_/);
    expect(rotated.urlSigningSecret).not.toBe(first.urlSigningSecret);
  });

  it('stores business hours the interpreter reads, and refuses invalid calendars naming the entry', async () => {
    const res = await put({ businessHours: HOURS });
    expect(res.status).toBe(200);
    expect((await res.json()).businessHours).toEqual(HOURS);
    expect(getRuleSettings(t.db, t.accountId)).toEqual({ businessHours: HOURS });

    const badZone = await put({ businessHours: { ...HOURS, timeZone: 'Mars/Olympus' } });
    expect(badZone.status).toBe(422);
    expect((await badZone.json()).errors[0].path).toBe('businessHours.timeZone');
    const backwards = await put({ businessHours: { ...HOURS, weekly: { mon: ['18:00-09:00'] } } });
    expect(backwards.status).toBe(422);
    expect((await backwards.json()).errors[0].path).toBe('businessHours.weekly.mon.0');
    const notADay = await put({ businessHours: { ...HOURS, weekly: { funday: ['09:00-10:00'] } } });
    expect(notADay.status).toBe(400);
    expect(getRuleSettings(t.db, t.accountId)).toEqual({ businessHours: HOURS });

    await put({ businessHours: null });
    expect(getRuleSettings(t.db, t.accountId)).toEqual({ businessHours: null });
  });

  it('keeps the SMTP password sealed: never returned, kept when omitted, cleared with null', async () => {
    const res = await put({ smtp: { host: 'smtp.example.com', port: 587, user: 'parley', from: 'Parley <p@example.com>', password: 's3cret-pass' } });
    expect(res.status).toBe(200);
    const view = await res.json();
    expect(view.smtp).toEqual({ host: 'smtp.example.com', port: 587, secure: false, user: 'parley', from: 'Parley <p@example.com>', passwordSet: true });
    expect(JSON.stringify(view)).not.toContain('s3cret-pass');
    expect(JSON.stringify(t.db.$client.prepare('select * from account_settings').all())).not.toContain('s3cret-pass');
    expect(getIntegrationSettings(t.db, t.box, t.accountId).smtp).toMatchObject({ host: 'smtp.example.com', password: 's3cret-pass' });

    await put({ smtp: { host: 'smtp2.example.com', port: 465, from: 'p@example.com' } });
    expect(getIntegrationSettings(t.db, t.box, t.accountId).smtp).toMatchObject({ host: 'smtp2.example.com', secure: true, password: 's3cret-pass' });
    await put({ smtp: { host: 'smtp2.example.com', port: 465, from: 'p@example.com', password: null } });
    expect((await get()).smtp.passwordSet).toBe(false);
    await put({ smtp: null });
    expect(getIntegrationSettings(t.db, t.box, t.accountId).smtp).toBeNull();
  });

  it('turns private URLs on for `Call a URL`; supervisors read but cannot change; agents get 403', async () => {
    expect(getIntegrationSettings(t.db, t.box, t.accountId).allowPrivateUrls).toBe(false);
    expect((await put({ allowPrivateUrls: true })).status).toBe(200);
    expect(getIntegrationSettings(t.db, t.box, t.accountId).allowPrivateUrls).toBe(true);
    expect((await get(t.supervisorKey)).allowPrivateUrls).toBe(true);
    expect((await put({ allowPrivateUrls: false }, t.supervisorKey)).status).toBe(403);
    expect((await t.request('/api/v1/settings/automation', { key: t.agentKey })).status).toBe(403);
    expect(getIntegrationSettings(t.db, t.box, t.accountId).allowPrivateUrls).toBe(true);
  });
});
