// What a customer-card merge keeps (model/contacts/merge-cards.ts): the kept card wins, the other fills gaps.
import { describe, expect, it } from 'vitest';
import { mergeCards } from '../../model/contacts/merge-cards';

const card = (over: Partial<Parameters<typeof mergeCards>[0]> = {}) => ({ name: null, email: null, phone: null, language: null, customFields: {}, ...over });

describe('mergeCards', () => {
  it('fills what the kept card lacks and lists every value it drops', () => {
    const { card: merged, conflicts } = mergeCards(
      card({ name: 'Ana García', phone: '+34600111222', customFields: { tier: 'gold', vip: true } }),
      card({ name: 'Ana G.', email: 'ana@example.com', phone: '+34600111222', language: 'es', customFields: { tier: 'silver', orders: 3, vip: true } }),
    );
    expect(merged).toEqual({ name: 'Ana García', email: 'ana@example.com', phone: '+34600111222', language: 'es', customFields: { tier: 'gold', vip: true, orders: 3 } });
    expect(conflicts).toEqual([
      { field: 'name', kept: 'Ana García', discarded: 'Ana G.' },
      { field: 'customFields.tier', kept: 'gold', discarded: 'silver' },
    ]);
  });

  it('a kept field that exists but is empty-valued still wins (only missing fields are filled)', () => {
    const { card: merged, conflicts } = mergeCards(card({ customFields: { note: '' } }), card({ customFields: { note: 'call after 6' } }));
    expect(merged.customFields).toEqual({ note: '' });
    expect(conflicts).toEqual([{ field: 'customFields.note', kept: '', discarded: 'call after 6' }]);
  });
});
