// The rule editor's element picker: a visitor.element trigger stores an element id, the admin sees
// the element's name (with its site when there are several) and where it was mapped; the site shown
// first is the chosen element's; an id no longer mapped says so; the interactions offered are
// exactly the trigger's; the "Element name" condition offers every mapped element's name.
import { describe, expect, it } from 'vitest';
import { elementLabel, elementNameChoices, indexElements, initialSite, INTERACTION_CHOICES, pagesText, type MappedElements } from '../../editor/src/editor/panels/element-picker-model';
import type { MappedElement } from '../../editor/src/websites/types';
import { TRIGGERS, VISITOR_INTERACTIONS } from '../../model/rules/triggers';

const el = (id: string, name: string, siteId: string, pageUrlPattern = ''): MappedElement => ({
  id, siteId, name, pageUrlPattern, locator: { css: `#${id}` }, status: 'matches', lastSeenAt: null, lastMissAt: null, lastMissUrl: null, crop: null, createdAt: '', updatedAt: '',
});

const one: MappedElements = { sites: [{ id: 'site_a', name: 'Café Aroma' }], bySite: { site_a: [el('el_buy', 'Buy button', 'site_a', '/shop/*'), el('el_news', 'Newsletter form', 'site_a')] } };
const two: MappedElements = {
  sites: [...one.sites, { id: 'site_b', name: 'Tea House' }],
  bySite: { ...one.bySite, site_b: [el('el_tea', 'Buy button', 'site_b'), el('el_cart', 'Cart', 'site_b', '*')] },
};

describe('the element picker', () => {
  it('names elements instead of showing their ids', () => {
    expect(elementLabel(one, 'el_buy')).toBe('Buy button');
    expect(elementLabel(two, 'el_tea')).toBe('Buy button · Tea House');
    expect(elementLabel(two, undefined)).toBe('Any mapped element');
    expect(elementLabel(two, 'el_gone')).toBe('An element no longer mapped (el_gone)');
    // Before the lists load, the id is all there is.
    expect(elementLabel(null, 'el_buy')).toBe('el_buy');
    expect(indexElements(two).get('el_cart')).toMatchObject({ element: { name: 'Cart' }, site: { name: 'Tea House' } });
  });

  it('opens on the chosen element\'s site, else the first', () => {
    expect(initialSite(two, 'el_cart')).toBe('site_b');
    expect(initialSite(two, undefined)).toBe('site_a');
    expect(initialSite(two, 'el_gone')).toBe('site_a');
    expect(initialSite({ sites: [], bySite: {} }, undefined)).toBeNull();
  });

  it('says where an element was mapped', () => {
    expect(pagesText('/shop/*')).toBe('on /shop/*');
    expect(pagesText('')).toBe('on every page');
    expect(pagesText('*')).toBe('on every page');
  });

  it('offers exactly the trigger\'s interactions', () => {
    expect(INTERACTION_CHOICES.map((c) => c.value).sort()).toEqual([...VISITOR_INTERACTIONS, 'any'].sort());
    for (const c of INTERACTION_CHOICES) expect(TRIGGERS['visitor.element'].config.safeParse({ element: 'el_buy', interaction: c.value }).success).toBe(true);
    expect(INTERACTION_CHOICES.find((c) => c.value === 'abandoned')!.label).toMatch(/form field/);
  });

  it('offers every mapped element\'s name once for the "Element name" condition, keeping a typed one', () => {
    expect(elementNameChoices(two)).toEqual(['Buy button', 'Cart', 'Newsletter form']);
    expect(elementNameChoices(two, 'Old banner')).toEqual(['Buy button', 'Cart', 'Newsletter form', 'Old banner']);
    expect(elementNameChoices(two, '{{trigger.payload.x}}')).toEqual(['Buy button', 'Cart', 'Newsletter form']);
    expect(elementNameChoices(null)).toEqual([]);
  });
});
