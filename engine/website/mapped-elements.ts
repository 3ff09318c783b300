// Engagement Mapper: the elements of a site an admin mapped ("Checkout button"), each with the
// locator the snippet finds it by and the pages it lives on. Visitors' snippets report whether a
// mapped element was found on a matching page, so the console can say when one no longer matches.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/open-database';
import { mappedElements } from '../db/schema-website';
import { ParleyError } from '../errors';
import { newId } from '../ids';
import type { MappedElementConfig } from '../../model/website/site-settings';
import { cropSizes, deleteCrops, parseCrop, saveCrop } from './mapped-elements-crop';

export type MappedElementRow = typeof mappedElements.$inferSelect;

export const ElementLocatorSchema = z.object({
  id: z.string().min(1).max(200).optional(),
  data: z.object({ name: z.string().regex(/^data-[a-z0-9_.:-]{1,60}$/i, { message: 'A data-* attribute name' }), value: z.string().min(1).max(200) }).optional(),
  css: z.string().min(1).max(500),
  text: z.string().max(80).optional(),
});

/** A path with `*` wildcards, e.g. `/shop/*`; empty (or `*`) means every page. */
export const PageUrlPatternSchema = z.string().max(300).regex(/^(\*|\/\S*)?$/, { message: 'A path such as /shop/* (empty: every page)' });

export const MappedElementInputSchema = z.object({
  name: z.string().trim().min(1).max(80),
  locator: ElementLocatorSchema,
  pageUrlPattern: PageUrlPatternSchema.default(''),
  /** A small picture of the element (mapping mode takes it): a PNG or WebP data URL, ≤ 60 KB and 480 px a side. */
  crop: z.string().max(400_000).optional(),
});
export type MappedElementInput = z.infer<typeof MappedElementInputSchema>;

/** A change: only the fields given (no defaults, or a rename would reset the pages). */
export const MappedElementPatchSchema = z.object({
  name: z.string().trim().min(1).max(80).optional(),
  locator: ElementLocatorSchema.optional(),
  pageUrlPattern: PageUrlPatternSchema.optional(),
});

export type MatchStatus = 'matches' | 'no_longer_matches' | 'not_checked';

/** Missing when the last report of it was a miss (a later sighting, or a new locator, clears it). */
export function matchStatus(row: Pick<MappedElementRow, 'lastSeenAt' | 'lastMissAt'>): MatchStatus {
  if (row.lastMissAt !== null && (row.lastSeenAt === null || row.lastMissAt > row.lastSeenAt)) return 'no_longer_matches';
  return row.lastSeenAt !== null ? 'matches' : 'not_checked';
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The element as the API shows it; `crop` says where its picture is (admin auth), or null without one. */
export const mappedElementView = (row: MappedElementRow, crop?: { width: number; height: number; createdAt: number } | null) => ({
  id: row.id, siteId: row.siteId, name: row.name, locator: row.locator, pageUrlPattern: row.pageUrlPattern,
  status: matchStatus(row), lastSeenAt: iso(row.lastSeenAt), lastMissAt: iso(row.lastMissAt), lastMissUrl: row.lastMissUrl,
  createdBy: row.createdBy, createdAt: iso(row.createdAt)!, updatedAt: iso(row.updatedAt)!,
  crop: crop ? { width: crop.width, height: crop.height, url: `/api/v1/sites/${row.siteId}/elements/${row.id}/crop?v=${crop.createdAt}` } : null,
});

/** One element with where its picture is. */
export function mappedElementViewWithCrop(db: Db, row: MappedElementRow) {
  return mappedElementView(row, cropSizes(db, row.siteId).get(row.id));
}

/** The site's elements with where their pictures are. */
export function listMappedElementViews(db: Db, siteId: string) {
  const crops = cropSizes(db, siteId);
  return listMappedElements(db, siteId).map((row) => mappedElementView(row, crops.get(row.id)));
}

export const MAX_ELEMENTS_PER_SITE = 200;

export function listMappedElements(db: Db, siteId: string): MappedElementRow[] {
  return db.select().from(mappedElements).where(eq(mappedElements.siteId, siteId)).orderBy(asc(mappedElements.createdAt), asc(mappedElements.id)).all();
}

export function getMappedElement(db: Db, siteId: string, elementId: string): MappedElementRow {
  const row = db.select().from(mappedElements).where(and(eq(mappedElements.siteId, siteId), eq(mappedElements.id, elementId))).get();
  if (!row) throw new ParleyError(404, 'element_not_found', `No mapped element ${elementId} on this site.`);
  return row;
}

export function createMappedElement(db: Db, site: { id: string; accountId: string }, input: MappedElementInput, createdBy: string | null, now = Date.now()): MappedElementRow {
  // Checked before anything is stored: a refused picture saves nothing.
  const crop = input.crop ? parseCrop(input.crop) : null;
  return db.transaction((tx) => {
    const count = tx.select({ id: mappedElements.id }).from(mappedElements).where(eq(mappedElements.siteId, site.id)).all().length;
    if (count >= MAX_ELEMENTS_PER_SITE) throw new ParleyError(409, 'too_many_elements', `A site maps at most ${MAX_ELEMENTS_PER_SITE} elements: remove some first.`);
    const row: MappedElementRow = {
      id: newId('el', now), siteId: site.id, accountId: site.accountId, name: input.name, locator: input.locator, pageUrlPattern: input.pageUrlPattern,
      lastSeenAt: null, lastMissAt: null, lastMissUrl: null, createdBy, createdAt: now, updatedAt: now,
    };
    tx.insert(mappedElements).values(row).run();
    if (crop) saveCrop(tx, site.id, row.id, crop, now);
    return row;
  });
}

export function updateMappedElement(db: Db, siteId: string, elementId: string, patch: Partial<Omit<MappedElementInput, 'crop'>>, now = Date.now()): MappedElementRow {
  getMappedElement(db, siteId, elementId);
  // A new locator or page pattern has not been checked by any visitor yet.
  const rechecked = patch.locator !== undefined || patch.pageUrlPattern !== undefined ? { lastSeenAt: null, lastMissAt: null, lastMissUrl: null } : {};
  db.update(mappedElements).set({ ...patch, ...rechecked, updatedAt: now }).where(and(eq(mappedElements.siteId, siteId), eq(mappedElements.id, elementId))).run();
  return getMappedElement(db, siteId, elementId);
}

export function deleteMappedElement(db: Db, siteId: string, elementId: string) {
  getMappedElement(db, siteId, elementId);
  db.transaction((tx) => {
    tx.delete(mappedElements).where(and(eq(mappedElements.siteId, siteId), eq(mappedElements.id, elementId))).run();
    deleteCrops(tx, siteId, [elementId]);
  });
}

/** What the snippet needs to watch the site's mapped elements. */
export function mappedElementsConfig(db: Db, siteId: string): MappedElementConfig[] {
  return db.select({ id: mappedElements.id, locator: mappedElements.locator, pageUrlPattern: mappedElements.pageUrlPattern })
    .from(mappedElements).where(eq(mappedElements.siteId, siteId)).orderBy(asc(mappedElements.id)).all();
}

/** A visitor's snippet looked for elements on a matching page: found ones are seen, the others missed there. */
export function recordElementChecks(db: Db, siteId: string, check: { url: string; found: string[]; missing: string[] }, now = Date.now()) {
  db.transaction((tx) => {
    if (check.found.length) {
      tx.update(mappedElements).set({ lastSeenAt: now }).where(and(eq(mappedElements.siteId, siteId), inArray(mappedElements.id, check.found))).run();
    }
    if (check.missing.length) {
      tx.update(mappedElements).set({ lastMissAt: now, lastMissUrl: check.url })
        .where(and(eq(mappedElements.siteId, siteId), inArray(mappedElements.id, check.missing))).run();
    }
  });
}

export const ElementCheckSchema = z.object({
  url: z.string().url().max(2_000),
  found: z.array(z.string().min(1).max(64)).max(MAX_ELEMENTS_PER_SITE).default([]),
  missing: z.array(z.string().min(1).max(64)).max(MAX_ELEMENTS_PER_SITE).default([]),
});

export function deleteSiteElements(db: Db, siteId: string) {
  db.delete(mappedElements).where(eq(mappedElements.siteId, siteId)).run();
  deleteCrops(db, siteId);
}
