// An uploaded file's name as Parley keeps and serves it: no folders, no control or reserved
// characters, a bounded length, and an extension that matches the type found in the content
// (`invoice.html` holding a PNG is served as `invoice.html.png`).
import type { SniffedType } from './sniff-type';

const MAX_LENGTH = 120;

export function sanitiseFileName(declared: string | undefined | null, type: SniffedType): string {
  const base = (declared ?? '').split(/[\\/]/).pop() ?? '';
  let name = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '') // zero-width and direction overrides ("gpj.exe")
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (!name) name = 'attachment';
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (!type.extensions.includes(ext)) name = `${name}.${type.extensions[0]}`;
  if (name.length > MAX_LENGTH) {
    const suffix = name.slice(name.lastIndexOf('.'));
    name = name.slice(0, MAX_LENGTH - suffix.length) + suffix;
  }
  return name;
}

/** A Content-Disposition value: an ASCII fallback name and the exact one (RFC 6266 / 5987). */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
