// Where X's chunked upload keeps its progress between attempts of one send (chunked-upload.ts):
// - in the send's SendProgress when the delivery activity gives one (ConnectorDeps.progress: Temporal
//   heartbeat details, so a retry on another worker continues the upload), as `{ xUploads: { [file key]: … } }`;
// - otherwise in this process, by file key (a connector called outside the activity, e.g. from a test),
//   the oldest dropped past a cap.
// One book serves all files of a send, so saving one file's progress keeps the others'.
import type { ConnectorDeps } from '../connector';

export interface XUploadProgress {
  mediaId: string;
  totalBytes: number;
  /** The segment size the upload started with: a continuation cuts the file the same way. */
  segmentBytes: number;
  /** Segments X has acknowledged (0…n): the next APPEND is segment_index `segments`. */
  segments: number;
  finalized: boolean;
  /** Epoch ms after which the media id is not trusted (X's expires_after_secs, less a minute). */
  expiresAt: number;
}

export interface UploadBook {
  get(key: string): XUploadProgress | undefined;
  set(key: string, progress: XUploadProgress): void;
  drop(key: string): void;
}

const inProcess = new Map<string, XUploadProgress>();
const MAX_IN_PROCESS = 500;

const processBook: UploadBook = {
  get: (key) => inProcess.get(key),
  set(key, progress) {
    inProcess.delete(key);
    inProcess.set(key, progress);
    if (inProcess.size > MAX_IN_PROCESS) inProcess.delete(inProcess.keys().next().value!);
  },
  drop: (key) => void inProcess.delete(key),
};

/** Saved details are whatever an earlier attempt (maybe an older Parley) left: keep only well-formed entries. */
function isProgress(value: unknown): value is XUploadProgress {
  const p = value as Partial<XUploadProgress> | null;
  return typeof p === 'object' && p !== null && typeof p.mediaId === 'string' && Number.isInteger(p.totalBytes) && Number.isInteger(p.segmentBytes)
    && (p.segmentBytes ?? 0) > 0 && Number.isInteger(p.segments) && (p.segments ?? -1) >= 0 && typeof p.finalized === 'boolean' && typeof p.expiresAt === 'number';
}

/** The book of one send: its SendProgress when there is one, else this process's. */
export function uploadBook(deps: ConnectorDeps): UploadBook {
  const progress = deps.progress;
  if (!progress) return processBook;
  const saved = (progress.saved as { xUploads?: Record<string, unknown> } | undefined)?.xUploads ?? {};
  const entries: Record<string, XUploadProgress> = Object.fromEntries(Object.entries(saved).filter(([, v]) => isProgress(v))) as Record<string, XUploadProgress>;
  const commit = () => progress.save({ xUploads: { ...entries } });
  return {
    get: (key) => entries[key],
    set(key, value) { entries[key] = value; commit(); },
    drop(key) { delete entries[key]; commit(); },
  };
}
