// One upload per stored file, not one per recipient: a campaign of thousands that shows the same
// stored photo in every template header uploads it once and sends each recipient the same media id.
// Meta keeps uploaded media for 30 days; Parley reuses an id for a day (a campaign's span), per
// phone number (a media id belongs to the number that uploaded it). Stored files never change under
// their path (a new upload is a new file), so the path names the bytes. An upload that failed is
// forgotten at once, so the next attempt uploads again.

/** How long an uploaded stored file's media id is reused. */
export const STORED_UPLOAD_TTL_MS = 24 * 60 * 60_000;
/** At most this many ids are remembered; the oldest go first. */
const MAX_ENTRIES = 1000;

const uploads = new Map<string, { id: Promise<string>; until: number }>();

/** The media id of `key`'s upload, uploading with `upload` when none is remembered (concurrent sends share one upload). */
export function uploadStoredOnce(key: string, now: number, upload: () => Promise<string>): Promise<string> {
  const known = uploads.get(key);
  if (known && known.until > now) return known.id;
  uploads.delete(key);
  const id = upload();
  uploads.set(key, { id, until: now + STORED_UPLOAD_TTL_MS });
  id.catch(() => { if (uploads.get(key)?.id === id) uploads.delete(key); });
  while (uploads.size > MAX_ENTRIES) uploads.delete(uploads.keys().next().value as string);
  return id;
}

/** Forgets every remembered upload (tests). */
export const forgetStoredUploads = () => uploads.clear();
