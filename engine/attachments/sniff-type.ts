// What a file really is, read from its first bytes (magic numbers), never from the name or the
// type the sender declared: a page could call a script `photo.png` and say `image/png`. Only the
// common image, document, audio and video types are recognised; anything else is unknown and refused.

export interface SniffedType {
  mime: string;
  /** The extensions a file of this type may carry (the first is the one Parley gives it). */
  extensions: string[];
}

const ascii = (bytes: Uint8Array, from: number, length: number) => String.fromCharCode(...bytes.subarray(from, from + length));
const startsWith = (bytes: Uint8Array, magic: number[], at = 0) => magic.every((b, i) => bytes[at + i] === b);

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const EBML = [0x1a, 0x45, 0xdf, 0xa3];

const type = (mime: string, ...extensions: string[]): SniffedType => ({ mime, extensions });

/** The ISO base media brands (bytes 8–11 after `ftyp`): MP4 video, M4A audio, QuickTime, HEIC/AVIF images. */
function isoMediaType(brand: string): SniffedType {
  if (brand === 'M4A ' || brand === 'M4B ') return type('audio/mp4', 'm4a');
  if (brand === 'qt  ') return type('video/quicktime', 'mov');
  if (['heic', 'heix', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return type('image/heic', 'heic', 'heif');
  if (brand === 'avif' || brand === 'avis') return type('image/avif', 'avif');
  if (brand.startsWith('3gp')) return type('video/3gpp', '3gp');
  return type('video/mp4', 'mp4', 'm4v');
}

/** Office Open XML documents are ZIP files whose first entries name their part folders. */
function zipType(bytes: Uint8Array): SniffedType {
  const head = ascii(bytes, 0, Math.min(bytes.length, 4_096));
  if (head.includes('word/')) return type('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx');
  if (head.includes('xl/')) return type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx');
  if (head.includes('ppt/')) return type('application/vnd.openxmlformats-officedocument.presentationml.presentation', 'pptx');
  if (head.includes('mimetypeapplication/vnd.oasis.opendocument.text')) return type('application/vnd.oasis.opendocument.text', 'odt');
  return type('application/zip', 'zip');
}

/** Plain text: valid UTF-8 without control characters other than tab, line feed, carriage return and form feed. */
function isPlainText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  for (const b of bytes) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The file's type from its content, or null when Parley does not recognise it. */
export function sniffType(bytes: Uint8Array): SniffedType | null {
  if (startsWith(bytes, PNG)) return type('image/png', 'png');
  if (startsWith(bytes, JPEG)) return type('image/jpeg', 'jpg', 'jpeg');
  const first4 = ascii(bytes, 0, 4);
  const first6 = ascii(bytes, 0, 6);
  if (first6 === 'GIF87a' || first6 === 'GIF89a') return type('image/gif', 'gif');
  if (first4 === 'RIFF' && bytes.length >= 12) {
    const form = ascii(bytes, 8, 4);
    if (form === 'WEBP') return type('image/webp', 'webp');
    if (form === 'WAVE') return type('audio/wav', 'wav');
    if (form === 'AVI ') return type('video/x-msvideo', 'avi');
  }
  if (first4 === '%PDF') return type('application/pdf', 'pdf');
  if (startsWith(bytes, ZIP)) return zipType(bytes);
  // The pre-2007 Office formats share one container; which of Word, Excel or PowerPoint it holds is not in the header.
  if (startsWith(bytes, OLE2)) return type('application/vnd.ms-office', 'doc', 'xls', 'ppt');
  if (bytes.length >= 12 && ascii(bytes, 4, 4) === 'ftyp') return isoMediaType(ascii(bytes, 8, 4));
  if (startsWith(bytes, EBML)) return ascii(bytes, 0, 64).includes('webm') ? type('video/webm', 'webm') : type('video/x-matroska', 'mkv');
  if (first4 === 'OggS') return type('audio/ogg', 'ogg', 'oga', 'opus');
  if (first4 === 'fLaC') return type('audio/flac', 'flac');
  if (ascii(bytes, 0, 3) === 'ID3' || (bytes[0] === 0xff && bytes.length > 1 && (bytes[1] & 0xe0) === 0xe0 && (bytes[1] & 0x06) !== 0)) {
    // An ID3 tag, or an MPEG audio frame sync (11 set bits, a layer other than "reserved").
    return type('audio/mpeg', 'mp3');
  }
  if (first6 === '#!AMR\n') return type('audio/amr', 'amr');
  if (isPlainText(bytes.subarray(0, 8_192))) return type('text/plain', 'txt', 'csv', 'log', 'md');
  return null;
}
