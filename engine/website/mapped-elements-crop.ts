// A mapped element's crop: the small picture mapping mode takes of it, so admins recognise the
// element in the console's list and in the rule editor's picker. Sent as a data URL (PNG or WebP),
// checked by content (signature and the size in the image's own header), at most 60 KB and 480 px
// on each side; anything else is refused with a clear error. Stored beside the element, served to
// the console with admin auth (never to visitors).
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { mappedElementCrops } from '../db/schema-website';
import { ParleyError } from '../errors';

export const MAX_CROP_BYTES = 60 * 1024;
export const MAX_CROP_SIDE = 480;
/** A data URL of MAX_CROP_BYTES in base64, with room for its prefix. */
export const MAX_CROP_DATA_URL = Math.ceil(MAX_CROP_BYTES / 3) * 4 + 64;

export interface Crop { mime: 'image/png' | 'image/webp'; width: number; height: number; bytes: Buffer }

/** The image's own width and height, when the bytes are a PNG or a WebP (lossy, lossless or extended). */
export function imageSize(b: Buffer): { mime: Crop['mime']; width: number; height: number } | null {
  if (b.length >= 24 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) && b.toString('latin1', 12, 16) === 'IHDR') {
    return { mime: 'image/png', width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  }
  if (b.length >= 30 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') {
    const chunk = b.toString('latin1', 12, 16);
    if (chunk === 'VP8 ' && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) {
      return { mime: 'image/webp', width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
    }
    if (chunk === 'VP8L' && b[20] === 0x2f) {
      const bits = b.readUInt32LE(21);
      return { mime: 'image/webp', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
    if (chunk === 'VP8X') return { mime: 'image/webp', width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1 };
  }
  return null;
}

/** Reads a crop sent as `data:image/png;base64,…` or `data:image/webp;base64,…`, or refuses it saying why. */
export function parseCrop(dataUrl: string): Crop {
  const m = /^data:(image\/(?:png|webp));base64,([A-Za-z0-9+/]+=*)$/.exec(dataUrl);
  if (!m) throw new ParleyError(400, 'crop_invalid', 'The element\'s picture must be a PNG or WebP data URL (data:image/png;base64,…).');
  const bytes = Buffer.from(m[2], 'base64');
  if (bytes.length > MAX_CROP_BYTES) {
    throw new ParleyError(413, 'crop_too_large', `The element's picture is ${Math.ceil(bytes.length / 1024)} KB: at most ${MAX_CROP_BYTES / 1024} KB is kept. Send a smaller one, or none.`);
  }
  const size = imageSize(bytes);
  if (!size || size.mime !== m[1]) throw new ParleyError(400, 'crop_invalid', `The element's picture is not a ${m[1] === 'image/png' ? 'PNG' : 'WebP'} image.`);
  if (size.width < 1 || size.height < 1 || size.width > MAX_CROP_SIDE || size.height > MAX_CROP_SIDE) {
    throw new ParleyError(413, 'crop_too_large', `The element's picture is ${size.width}×${size.height} px: at most ${MAX_CROP_SIDE}×${MAX_CROP_SIDE} px is kept.`);
  }
  return { ...size, bytes };
}

type Tx = Pick<Db, 'insert' | 'delete'>;

export function saveCrop(db: Tx, siteId: string, elementId: string, crop: Crop, now = Date.now()) {
  const row = { elementId, siteId, mime: crop.mime, width: crop.width, height: crop.height, bytes: crop.bytes, createdAt: now };
  db.insert(mappedElementCrops).values(row).onConflictDoUpdate({ target: mappedElementCrops.elementId, set: row }).run();
}

export function getCrop(db: Db, siteId: string, elementId: string) {
  return db.select().from(mappedElementCrops).where(and(eq(mappedElementCrops.siteId, siteId), eq(mappedElementCrops.elementId, elementId))).get() ?? null;
}

/** The crops' sizes (not their bytes) for a list of elements. */
export function cropSizes(db: Db, siteId: string): Map<string, { width: number; height: number; createdAt: number }> {
  const rows = db.select({ elementId: mappedElementCrops.elementId, width: mappedElementCrops.width, height: mappedElementCrops.height, createdAt: mappedElementCrops.createdAt })
    .from(mappedElementCrops).where(eq(mappedElementCrops.siteId, siteId)).all();
  return new Map(rows.map((r) => [r.elementId, r]));
}

export function deleteCrops(db: Tx, siteId: string, elementIds?: string[]) {
  const where = elementIds ? and(eq(mappedElementCrops.siteId, siteId), inArray(mappedElementCrops.elementId, elementIds)) : eq(mappedElementCrops.siteId, siteId);
  db.delete(mappedElementCrops).where(where).run();
}
