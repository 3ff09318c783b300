// Mapped elements' pictures (crops): mapping mode sends a small PNG or WebP with the element; Parley
// checks it by content and keeps it only within 60 KB and 480 px a side, refusing anything else
// with a clear error and nothing saved; admins and supervisors read it with their key (never
// visitors); the console's list says where each picture is; forgetting the element forgets it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { imageSize, MAX_CROP_BYTES, parseCrop } from '../../engine/website/mapped-elements-crop';
import { cropScale, MAX_CROP_BYTES as WIDGET_MAX_BYTES, MAX_CROP_SIDE } from '../../widget/src/mapper/crop';
import { dataUrl, png } from '../support/png';
import { testApp } from '../support/test-app';

const ORIGIN = 'https://shop.example';
const locator = { css: 'main > div.product > button', data: { name: 'data-sku', value: 'cafe-250' }, text: 'Buy' };

/** A WebP (lossless) header of the given size: enough for the size check. */
function webpHeader(width: number, height: number): Buffer {
  const b = Buffer.alloc(40);
  b.write('RIFF', 0, 'latin1'); b.writeUInt32LE(32, 4); b.write('WEBP', 8, 'latin1'); b.write('VP8L', 12, 'latin1'); b.writeUInt32LE(20, 16);
  b[20] = 0x2f;
  b.writeUInt32LE(((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14), 21);
  return b;
}

describe('mapped element pictures', () => {
  it('reads PNG and WebP sizes from the image itself, and refuses what is too big or not what it says', () => {
    expect(imageSize(png(120, 40))).toEqual({ mime: 'image/png', width: 120, height: 40 });
    expect(imageSize(webpHeader(300, 90))).toEqual({ mime: 'image/webp', width: 300, height: 90 });
    expect(imageSize(Buffer.from('GIF89a not a png or webp'))).toBeNull();

    expect(parseCrop(dataUrl(png(480, 200)))).toMatchObject({ mime: 'image/png', width: 480, height: 200 });
    const tooWide = () => parseCrop(dataUrl(png(600, 20)));
    expect(tooWide).toThrow(/600×20 px: at most 480×480 px/);
    const noise = png(200, 200, 'noise');
    expect(noise.length).toBeGreaterThan(MAX_CROP_BYTES);
    expect(() => parseCrop(dataUrl(noise))).toThrow(/at most 60 KB/);
    expect(() => parseCrop(dataUrl(png(10, 10), 'image/webp'))).toThrow(/not a WebP image/);
    expect(() => parseCrop('data:image/svg+xml;base64,PHN2Zy8+')).toThrow(/PNG or WebP data URL/);
    expect(() => parseCrop('https://evil.example/x.png')).toThrow(/PNG or WebP data URL/);
  });

  it('mapping mode draws within the same limits: small buttons sharper (2×), big sections scaled down to 480 px', () => {
    expect(WIDGET_MAX_BYTES).toBe(MAX_CROP_BYTES);
    expect(cropScale(120, 40)).toBe(2);
    expect(cropScale(960, 300) * 960).toBe(MAX_CROP_SIDE);
    expect(cropScale(300, 1200) * 1200).toBe(MAX_CROP_SIDE);
  });

  describe('over HTTP', () => {
    let t: ReturnType<typeof testApp>;
    let siteId: string;
    beforeEach(async () => {
      t = testApp({ bodyLimitBytes: 1024 * 1024 });
      siteId = (await (await t.request('/api/v1/sites', { method: 'POST', json: { name: 'Tienda', allowedOrigins: [ORIGIN], entryPoints: [{ type: 'webchat' }] } })).json()).id;
    });
    afterEach(() => t.close());

    const pub = (body: unknown) => t.app.request(`/w/${siteId}/elements`, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'text/plain' }, body: JSON.stringify(body) });
    const mapperToken = async () => (await (await t.request(`/api/v1/sites/${siteId}/mapper-token`, { method: 'POST' })).json()).token as string;

    it('mapping mode saves the element with its picture; the console reads it with admin auth', async () => {
      const picture = png(160, 48);
      const saved = await pub({ token: await mapperToken(), name: 'Buy button', locator, pageUrlPattern: '/shop/*', crop: dataUrl(picture) });
      expect(saved.status).toBe(201);
      const el = await saved.json();
      expect(el.crop).toMatchObject({ width: 160, height: 48, url: expect.stringMatching(new RegExp(`^/api/v1/sites/${siteId}/elements/${el.id}/crop\\?v=\\d+$`)) });

      const list = await (await t.request(`/api/v1/sites/${siteId}/elements`, { key: t.supervisorKey })).json();
      expect(list.items[0].crop.url).toBe(el.crop.url);
      const image = await t.request(el.crop.url, { key: t.supervisorKey });
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await image.arrayBuffer()).equals(picture)).toBe(true);
      expect((await t.request(el.crop.url, { key: null })).status).toBe(401);
      // Visitors' configuration carries locators, never pictures.
      const config = await (await t.app.request(`/w/${siteId}/config`, { headers: { origin: ORIGIN } })).json();
      expect(JSON.stringify(config)).not.toContain('base64');

      expect((await t.request(`/api/v1/sites/${siteId}/elements/${el.id}`, { method: 'DELETE' })).status).toBe(204);
      expect(t.count('mapped_element_crops')).toBe(0);
    });

    it('a picture over the limits is refused by name and nothing is saved; without a picture the element saves with none', async () => {
      const token = await mapperToken();
      const big = await pub({ token, name: 'Pricing table', locator, crop: dataUrl(png(220, 220, 'noise')) });
      expect(big.status).toBe(413);
      expect(big.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(await big.json()).toMatchObject({ code: 'crop_too_large', detail: expect.stringContaining('at most 60 KB') });
      const wide = await pub({ token, name: 'Banner', locator, crop: dataUrl(png(900, 30)) });
      expect((await wide.json()).code).toBe('crop_too_large');
      expect(t.count('mapped_elements')).toBe(0);
      expect(t.count('mapped_element_crops')).toBe(0);

      const plain = await pub({ token, name: 'Pricing table', locator });
      expect(plain.status).toBe(201);
      const el = await plain.json();
      expect(el.crop).toBeNull();
      expect((await t.request(`/api/v1/sites/${siteId}/elements/${el.id}/crop`)).status).toBe(404);
    });

    it('admins may attach a picture through the API too; renaming keeps it', async () => {
      const created = await (await t.request(`/api/v1/sites/${siteId}/elements`, { method: 'POST', json: { name: 'Buy', locator, crop: dataUrl(png(40, 20)) } })).json();
      expect(created.crop).toMatchObject({ width: 40, height: 20 });
      const renamed = await (await t.request(`/api/v1/sites/${siteId}/elements/${created.id}`, { method: 'PATCH', json: { name: 'Buy button' } })).json();
      expect(renamed.crop).toEqual(created.crop);
    });
  });
});
