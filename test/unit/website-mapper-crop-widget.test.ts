// @vitest-environment happy-dom
// Mapping mode sends the element's picture with it, and never lets the picture fail the save: a
// picture Parley refuses (too big) is dropped and the element saved again without it; a picture
// that cannot be taken, or takes over 3 s, is simply left out.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const cropElement = vi.fn<(el: Element) => Promise<string | null>>();
vi.mock('../../widget/src/mapper/crop', () => ({ cropElement: (el: Element) => cropElement(el) }));
const { startMapper } = await import('../../widget/src/mapper/overlay');

const PICTURE = 'data:image/webp;base64,UklGRgAAAABXRUJQ';

describe('mapping mode and the element\'s picture', () => {
  let posted: Record<string, unknown>[];
  let answers: Response[];
  beforeEach(() => {
    posted = [];
    answers = [];
    history.replaceState(null, '', '/shop/cafe');
    document.body.innerHTML = '<main><button data-sku="cafe">Buy</button></main>';
    vi.stubGlobal('fetch', vi.fn(async (_url: string, init: RequestInit) => {
      posted.push(JSON.parse(String(init.body)));
      return answers.shift() ?? new Response(JSON.stringify({ id: 'el_1', name: 'Buy button' }), { status: 201 });
    }));
  });
  afterEach(() => { vi.unstubAllGlobals(); vi.useRealTimers(); document.getElementById('parley-mapper')?.remove(); });

  const mapBuy = () => {
    const mapper = startMapper({ base: 'https://parley.example/w/site_1', token: 'tok.sig' });
    document.querySelector('button')!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    const shadow = document.getElementById('parley-mapper')!.shadowRoot!;
    (shadow.querySelector('input[aria-label="Element name"]') as HTMLInputElement).value = 'Buy button';
    return { mapper, shadow, save: () => shadow.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true })) };
  };

  it('previews the picture and sends it with the element', async () => {
    cropElement.mockResolvedValue(PICTURE);
    const { mapper, shadow, save } = mapBuy();
    expect(cropElement).toHaveBeenCalledWith(document.querySelector('button'));
    await vi.waitFor(() => expect((shadow.querySelector('img.crop') as HTMLImageElement).hidden).toBe(false));
    expect(shadow.querySelector('img.crop')!.getAttribute('src')).toBe(PICTURE);
    save();
    await vi.waitFor(() => expect(shadow.querySelector('.saved')!.textContent).toContain('Buy button'));
    expect(posted).toEqual([expect.objectContaining({ name: 'Buy button', crop: PICTURE })]);
    mapper.stop();
  });

  it('saves the element without the picture when Parley refuses the picture', async () => {
    cropElement.mockResolvedValue(PICTURE);
    answers.push(new Response(JSON.stringify({ code: 'crop_too_large', detail: 'The element\'s picture is 90 KB: at most 60 KB is kept.' }), { status: 413 }));
    const { mapper, shadow, save } = mapBuy();
    save();
    await vi.waitFor(() => expect(shadow.querySelector('.saved')!.textContent).toContain('Buy button'));
    expect(posted.map((p) => 'crop' in p)).toEqual([true, false]);
    expect(shadow.querySelector('.msg')!.classList.contains('error')).toBe(false);
    mapper.stop();
  });

  it('does not wait more than 3 s for a picture, and saves without one when none can be taken', async () => {
    vi.useFakeTimers();
    cropElement.mockReturnValue(new Promise(() => {}));
    const first = mapBuy();
    first.save();
    await vi.advanceTimersByTimeAsync(2_900);
    expect(posted).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(posted).toEqual([expect.not.objectContaining({ crop: expect.anything() })]);
    first.mapper.stop();
    vi.useRealTimers();

    cropElement.mockResolvedValue(null);
    const second = mapBuy();
    second.save();
    await vi.waitFor(() => expect(second.shadow.querySelector('.saved')!.textContent).toContain('Buy button'));
    expect(posted[1]).not.toHaveProperty('crop');
    second.mapper.stop();
  });
});
