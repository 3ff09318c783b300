// Engagement Mapper locators on a real DOM (happy-dom): a mapped element is found again after the
// page changes around it — by id, then data attribute, then a short CSS path with its text as the
// tie-breaker — and a page where it is gone (or ambiguous) says so instead of guessing.
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { findElement, locatorFor, type ElementLike, type RootLike } from '../../model/website/element-locator';

function page(html: string) {
  const window = new Window({ url: 'https://shop.example/checkout' });
  window.document.body.innerHTML = html;
  const doc = window.document as unknown as RootLike & { querySelector(s: string): ElementLike | null };
  return { doc, el: (selector: string) => doc.querySelector(selector)! };
}

describe('mapped elements are found again', () => {
  it('prefers a stable id, and ignores generated ones', () => {
    const { el } = page('<button id="checkout-btn">Pagar</button><button id="a1b2c3d4e5">Otro</button>');
    expect(locatorFor(el('#checkout-btn'))).toEqual({ id: 'checkout-btn', css: 'button:nth-of-type(1)', text: 'Pagar' });
    expect(locatorFor(el('#a1b2c3d4e5')).id).toBeUndefined();
  });

  it('uses a data attribute when there is no id, and survives the element moving', () => {
    const before = page('<main><div><button data-testid="buy">Comprar</button></div></main>');
    const locator = locatorFor(before.el('button'));
    expect(locator.data).toEqual({ name: 'data-testid', value: 'buy' });
    const after = page('<header></header><main><section><p>Nuevo</p><button data-testid="buy">Comprar ahora</button></section></main>');
    expect(findElement(after.doc, locator)?.textContent).toBe('Comprar ahora');
  });

  it('falls back to a short CSS path anchored at the nearest ancestor with an id, with the text as tie-breaker', () => {
    const { doc, el } = page('<div id="pricing"><ul><li><a>Basic</a></li><li><a>Pro</a></li></ul></div>');
    const locator = locatorFor(el('li:nth-of-type(2) a'));
    expect(locator).toEqual({ css: '#pricing > ul > li:nth-of-type(2) > a', text: 'Pro' });
    expect(findElement(doc, locator)?.textContent).toBe('Pro');
    // Same path, several matches: the text decides; no text match means no guess.
    const ambiguous = page('<div class="card"><a>Pro</a></div><div class="card"><a>Team</a></div>');
    expect(findElement(ambiguous.doc, { css: 'div > a', text: 'Team' })?.textContent).toBe('Team');
    expect(findElement(ambiguous.doc, { css: 'div > a', text: 'Enterprise' })).toBeNull();
  });

  it('says the element is gone when nothing matches, and survives a broken selector', () => {
    const { doc } = page('<p>Nada</p>');
    expect(findElement(doc, { id: 'checkout-btn', css: '#cart > button', text: 'Pagar' })).toBeNull();
    expect(findElement(doc, { css: 'div >>> nope' })).toBeNull();
  });
});
