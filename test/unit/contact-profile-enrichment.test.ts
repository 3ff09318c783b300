// Filling a contact's missing name and language from the provider's profile after ingest: only empty
// fields are written (an agent's edit stays), at most one call per contact a day, failures logged.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { ContactProfile, InboundEvent } from '../../connectors/connector';
import { contactIdentities, contacts } from '../../engine/db/schema';
import { PROFILE_CHECK_INTERVAL_MS, enrichContactProfiles } from '../../engine/contacts/profile-enrichment';
import { ingestEvents } from '../../engine/ingest/ingest-events';
import { tempDb } from '../support/temp-db';

const PSID = '6543219876543210';
const inbound = (n: number, externalId = PSID): InboundEvent => ({
  kind: 'message', eventId: `mid.${n}`, providerMessageId: `mid.${n}`, threadId: externalId,
  sender: { externalId }, text: 'Hola, ¿tienen talla 38?', attachments: [], occurredAt: 1_700_000_000_000 + n,
});

describe('contact profile enrichment', () => {
  let t: ReturnType<typeof tempDb>;
  let calls: string[];
  let answer: () => Promise<ContactProfile>;
  let logs: string[];
  let clock: number;
  const channel = () => ({ id: t.channelId, accountId: t.accountId, type: 'messenger' });
  const deps = () => ({
    db: t.db, log: (m: string) => logs.push(m), now: () => clock,
    channels: {
      context: () => ({
        row: { type: 'messenger' } as never, ctx: { id: t.channelId, accountId: t.accountId, config: {} },
        connector: { fetchProfile: (_c: unknown, id: string) => { calls.push(id); return answer(); } } as never,
      }),
    },
  });
  const receive = async (n: number, externalId?: string) => {
    const result = ingestEvents(t.db, channel(), [inbound(n, externalId)], clock);
    await enrichContactProfiles(deps(), channel(), result.caseIds);
  };
  const contact = () => t.db.select().from(contacts).get()!;

  beforeEach(() => {
    t = tempDb();
    calls = [];
    logs = [];
    clock = Date.now();
    answer = async () => ({ name: 'Lucía Fernández', language: 'es-ES' });
  });
  afterEach(() => t.close());

  it('a contact that came with only an id gets the profile\'s name and language (the identity too)', async () => {
    await receive(1);
    expect(calls).toEqual([PSID]);
    expect(contact()).toMatchObject({ name: 'Lucía Fernández', language: 'es-ES', profileCheckedAt: clock });
    expect(t.db.select().from(contactIdentities).get()!.name).toBe('Lucía Fernández');
  });

  it('asks at most once a day per contact, then again after a day while a field is still empty', async () => {
    answer = async () => ({ name: 'Lucía Fernández' }); // no locale shared: language stays unknown
    await receive(1);
    await receive(2);
    expect(calls).toHaveLength(1);
    clock += PROFILE_CHECK_INTERVAL_MS + 1;
    await receive(3);
    expect(calls).toHaveLength(2);
  });

  it('never asks about a contact whose name and language are known', async () => {
    await receive(1);
    clock += 2 * PROFILE_CHECK_INTERVAL_MS;
    await receive(2);
    expect(calls).toHaveLength(1);
  });

  it('an agent\'s edit is never overwritten: only the empty field is filled', async () => {
    ingestEvents(t.db, channel(), [inbound(1)], clock);
    t.db.update(contacts).set({ name: 'Lucía (VIP)' }).where(eq(contacts.id, contact().id)).run();
    const result = ingestEvents(t.db, channel(), [inbound(2)], clock);
    await enrichContactProfiles(deps(), channel(), result.caseIds);
    expect(contact()).toMatchObject({ name: 'Lucía (VIP)', language: 'es-ES' });
  });

  it('a provider failure is logged and changes nothing but the day\'s attempt', async () => {
    answer = async () => { throw new Error('Meta Graph API answered 500 (read the customer\'s profile)'); };
    await receive(1);
    expect(contact()).toMatchObject({ name: null, language: null, profileCheckedAt: clock });
    expect(logs.join('\n')).toMatch(/could not read the profile of contact ct_.*answered 500/);
  });

  it('channels without a profile call are not looked at', async () => {
    const result = ingestEvents(t.db, { ...channel(), type: 'sms' }, [inbound(1)], clock);
    await enrichContactProfiles(deps(), { id: t.channelId, type: 'sms' }, result.caseIds);
    expect(calls).toEqual([]);
    expect(contact().profileCheckedAt).toBeNull();
  });
});
