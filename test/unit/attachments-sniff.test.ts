// What a file is, from its content (real files made by Chromium's encoders, container formats and
// classic headers), whatever its name says; which files a channel takes; the names Parley keeps.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AttachmentRules } from '../../connectors/manifest';
import { webchatManifest } from '../../connectors/webchat/manifest';
import { checkAttachment, DEFAULT_ATTACHMENT_MAX_BYTES, sizeLimit } from '../../engine/attachments/attachment-rules';
import { contentDisposition, sanitiseFileName } from '../../engine/attachments/file-name';
import { sniffType } from '../../engine/attachments/sniff-type';

const fixture = (name: string) => new Uint8Array(readFileSync(join(__dirname, '..', 'fixtures', 'attachments', name)));
const bytes = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

describe('sniffing a file\'s type from its first bytes', () => {
  it('recognises real images, documents and audio', () => {
    expect(sniffType(fixture('photo.png'))?.mime).toBe('image/png');
    expect(sniffType(fixture('photo.jpg'))?.mime).toBe('image/jpeg');
    expect(sniffType(fixture('photo.webp'))?.mime).toBe('image/webp');
    expect(sniffType(fixture('pixel.gif'))?.mime).toBe('image/gif');
    expect(sniffType(fixture('invoice.pdf'))?.mime).toBe('application/pdf');
    expect(sniffType(fixture('letter.docx'))?.mime).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(sniffType(fixture('voice.wav'))?.mime).toBe('audio/wav');
    expect(sniffType(fixture('order.csv'))?.mime).toBe('text/plain');
  });

  it('recognises video and other audio containers by their headers', () => {
    expect(sniffType(bytes([0, 0, 0, 0x20], 'ftypisom', [0, 0, 2, 0], 'isomiso2avc1mp41'))?.mime).toBe('video/mp4');
    expect(sniffType(bytes([0, 0, 0, 0x20], 'ftypM4A ', [0, 0, 0, 0]))?.mime).toBe('audio/mp4');
    expect(sniffType(bytes([0, 0, 0, 0x14], 'ftypqt  ', [0, 0, 0, 0]))?.mime).toBe('video/quicktime');
    expect(sniffType(bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0]))?.mime).toBe('image/heic');
    expect(sniffType(bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84], 'webm'))?.mime).toBe('video/webm');
    expect(sniffType(bytes('OggS', [0, 2, 0, 0, 0, 0, 0, 0, 0, 0]))?.mime).toBe('audio/ogg');
    expect(sniffType(bytes('ID3', [4, 0, 0, 0, 0, 0, 0]))?.mime).toBe('audio/mpeg');
    expect(sniffType(bytes([0xff, 0xfb, 0x90, 0x64, 0, 0]))?.mime).toBe('audio/mpeg');
    expect(sniffType(bytes('#!AMR\n', [0x3c]))?.mime).toBe('audio/amr');
  });

  it('does not recognise executables or arbitrary binary data', () => {
    expect(sniffType(fixture('program.bin'))).toBeNull();
    expect(sniffType(bytes('MZ', [0x90, 0, 3, 0, 0, 0]))).toBeNull();
    expect(sniffType(new Uint8Array(0))).toBeNull();
  });
});

describe('which files a channel takes', () => {
  const rules = (over: Partial<AttachmentRules> = {}): AttachmentRules => ({ inbound: true, outbound: true, types: [], maxBytes: null, ...over });
  const png = sniffType(fixture('photo.png'));

  it('takes any recognised type when the manifest lists none (web chat), up to the deployment limit', () => {
    expect(webchatManifest.capabilities.attachments.types).toEqual([]);
    expect(checkAttachment(webchatManifest.capabilities.attachments, png, 1_400, DEFAULT_ATTACHMENT_MAX_BYTES).mime).toBe('image/png');
    expect(() => checkAttachment(rules(), png, DEFAULT_ATTACHMENT_MAX_BYTES + 1, DEFAULT_ATTACHMENT_MAX_BYTES)).toThrow(/the limit is 10 MB/);
  });

  it('refuses types outside the manifest\'s list, families included', () => {
    const imagesOnly = rules({ types: ['image/*', 'application/pdf'] });
    expect(checkAttachment(imagesOnly, png, 10, 1_000).mime).toBe('image/png');
    expect(checkAttachment(imagesOnly, sniffType(fixture('invoice.pdf')), 10, 1_000).mime).toBe('application/pdf');
    expect(() => checkAttachment(imagesOnly, sniffType(fixture('voice.wav')), 10, 1_000)).toThrow(expect.objectContaining({ status: 415, code: 'attachment_type_refused' }));
    expect(() => checkAttachment(rules(), null, 10, 1_000)).toThrow(expect.objectContaining({ status: 415, code: 'attachment_type_unknown' }));
    expect(() => checkAttachment(rules({ inbound: false }), png, 10, 1_000)).toThrow(expect.objectContaining({ code: 'attachments_not_accepted' }));
  });

  it('applies the tightest of the type\'s, the channel\'s and the deployment\'s size limits', () => {
    const r = rules({ maxBytes: 16_000_000, maxBytesByType: { 'image/*': 5_000_000 } });
    expect(sizeLimit(r, 'image/png', 10_000_000)).toBe(5_000_000);
    expect(sizeLimit(r, 'video/mp4', 10_000_000)).toBe(10_000_000);
    expect(sizeLimit(r, 'video/mp4', 50_000_000)).toBe(16_000_000);
    expect(() => checkAttachment(r, png, 5_000_001, 10_000_000)).toThrow(expect.objectContaining({ status: 413, code: 'attachment_too_large' }));
  });
});

describe('the file name Parley keeps', () => {
  const png = sniffType(fixture('photo.png'))!;
  const pdf = sniffType(fixture('invoice.pdf'))!;

  it('drops folders, control and reserved characters, and direction tricks', () => {
    expect(sanitiseFileName('../../etc/passwd.png', png)).toBe('passwd.png');
    expect(sanitiseFileName('C:\\Users\\ana\\foto <1>.png', png)).toBe('foto 1.png');
    expect(sanitiseFileName('fact\u202Efdp.exe', pdf)).toBe('factfdp.exe.pdf');
    expect(sanitiseFileName('  ..hidden.png. ', png)).toBe('hidden.png');
  });

  it('gives the file the extension of its real type', () => {
    expect(sanitiseFileName('photo.html', png)).toBe('photo.html.png');
    expect(sanitiseFileName('Factura 1042.PDF', pdf)).toBe('Factura 1042.PDF');
    expect(sanitiseFileName('', pdf)).toBe('attachment.pdf');
    expect(sanitiseFileName(`${'a'.repeat(300)}.png`, png)).toHaveLength(120);
  });

  it('is served with an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('attachment', 'Presupuesto año "2026".pdf'))
      .toBe('attachment; filename="Presupuesto a_o _2026_.pdf"; filename*=UTF-8\'\'Presupuesto%20a%C3%B1o%20%222026%22.pdf');
  });
});
