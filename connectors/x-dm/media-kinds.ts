// What an X direct message can carry, by file type: the `media_category` X's upload needs for DMs
// and the size X allows. One table, read by the manifest (its attachment rules, which Parley checks
// on upload and on a customer's file) and by the connector (which refuses anything else before
// calling X), so the two cannot disagree. Pure data: no I/O, safe to import anywhere.
//
// Sources (docs.x.com, X API v2 media):
// - types: "Best practices" names JPG, PNG, GIF and WEBP for images; of the video types
//   `POST /2/media/upload/initialize` lists, MP4 and MOV (QuickTime) are the ones Parley recognises
//   in a file's bytes (engine/attachments/sniff-type.ts). X also lists BMP, TIFF, WebM and MPEG-TS,
//   which Parley's upload does not recognise, so they are left out here too.
// - sizes: "Best practices" → Size and duration limits, default accounts: image 5 MB (dm_image),
//   animated GIF 15 MB (dm_gif), video in a DM 512 MB (dm_video; 1 GB for X Premium accounts, which
//   X itself enforces). A PDF, audio or an Office document has no DM media category at all.

const MB = 1024 * 1024;

export type XDmMediaCategory = 'dm_image' | 'dm_gif' | 'dm_video';

export interface XDmMediaKind {
  category: XDmMediaCategory;
  /** Largest file of this kind X takes in a DM (default accounts). */
  maxBytes: number;
  /** Video and GIF go through the chunked upload (initialize / append / finalize / status). */
  chunked: boolean;
}

const IMAGE: XDmMediaKind = { category: 'dm_image', maxBytes: 5 * MB, chunked: false };
const GIF: XDmMediaKind = { category: 'dm_gif', maxBytes: 15 * MB, chunked: true };
const VIDEO: XDmMediaKind = { category: 'dm_video', maxBytes: 512 * MB, chunked: true };

export const X_DM_MEDIA_KINDS: Readonly<Record<string, XDmMediaKind>> = {
  'image/jpeg': IMAGE,
  'image/png': IMAGE,
  'image/webp': IMAGE,
  'image/gif': GIF,
  'video/mp4': VIDEO,
  'video/quicktime': VIDEO,
};

/** The MIME types an X DM carries, for the manifest's attachment rules. */
export const X_DM_MEDIA_TYPES = Object.keys(X_DM_MEDIA_KINDS);

/** Per-type size limits for the manifest (the GIF entry before the generic image one: first match wins). */
export const X_DM_MAX_BYTES_BY_TYPE: Record<string, number> = {
  'image/gif': GIF.maxBytes,
  'image/*': IMAGE.maxBytes,
  'video/*': VIDEO.maxBytes,
};

export const X_DM_MAX_BYTES = VIDEO.maxBytes;

/** The kind of a file by its MIME type (parameters and case ignored); undefined when X DMs cannot carry it. */
export function xDmMediaKind(contentType: string): XDmMediaKind | undefined {
  return X_DM_MEDIA_KINDS[contentType.split(';')[0].trim().toLowerCase()];
}

export const megabytes = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;
