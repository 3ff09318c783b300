// Meta's inbound attachments carry a CDN URL but no MIME type (Messenger, Instagram): guess it from
// the URL's file extension, else name the family (`image/*`) so the agent still sees what it is.
const BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', heic: 'image/heic',
  mp4: 'video/mp4', mov: 'video/quicktime', '3gp': 'video/3gpp', webm: 'video/webm',
  mp3: 'audio/mpeg', m4a: 'audio/mp4', aac: 'audio/aac', ogg: 'audio/ogg', wav: 'audio/wav', amr: 'audio/amr',
  pdf: 'application/pdf', txt: 'text/plain', csv: 'text/csv', zip: 'application/zip',
  doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const FAMILY: Record<string, string> = { image: 'image/*', video: 'video/*', audio: 'audio/*', file: 'application/octet-stream' };

export function guessMime(url: string, type: string): string {
  let extension: string | undefined;
  try {
    extension = /\.([a-z0-9]{2,5})$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  } catch {
    extension = undefined;
  }
  const byExtension = extension ? BY_EXTENSION[extension] : undefined;
  if (byExtension && (type === 'file' || byExtension.startsWith(`${type}/`))) return byExtension;
  return FAMILY[type] ?? 'application/octet-stream';
}
