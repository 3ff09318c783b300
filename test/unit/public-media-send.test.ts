// How a connector whose provider fetches media by URL sends a file Parley stores
// (connectors/shared/public-media.ts): the signed-in download URL never leaves Parley; the public
// link from the outbound context replaces it, in `attachments` and in the content's URL fields;
// other URLs pass unchanged; without a link the send fails permanently naming the file and the fix.
import { describe, expect, it } from 'vitest';
import { SendError, type OutboundMessage } from '../../connectors/connector';
import type { PublicMediaContext } from '../../connectors/shared/public-media';
import { withPublicMediaLinks } from '../../connectors/shared/public-media';
import { viberBodiesFor } from '../../connectors/viber/send';
import { messagingSendBodies } from '../../connectors/shared/meta/messaging-send';
import { renderMessenger } from '../../connectors/messenger/render';
import type { ViberConfig } from '../../connectors/viber/config';

const STORED = 'http://127.0.0.1:8080/api/v1/attachments/file_0mhz3k2a9000a1b2c3d4e5f6';
const LINK = 'https://parley.acme.test/media/file_0mhz3k2a9000a1b2c3d4e5f6.mhzabc.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/Plano%20tienda.pdf';
const file = { link: LINK, mime: 'application/pdf', name: 'Plano tienda.pdf', size: 52_113, path: '/data/attachments/acc/file_0mhz3k2a9000a1b2c3d4e5f6' };

const message = (extra: Partial<OutboundMessage>, publicMedia?: PublicMediaContext): OutboundMessage => ({
  id: 'msg_1', caseId: 'case_1', threadId: 'u1', recipient: { externalId: 'u1' }, content: { content: { type: 'text', text: 'Aquí está el plano', format: 'plain' } },
  text: 'Aquí está el plano', attachments: [], ...(publicMedia ? { context: { publicMedia } } : {}), ...extra,
});

describe('stored files become public links', () => {
  it('an attachment: the link, with the stored type, name and size (the agent\'s declared ones are not trusted)', () => {
    const out = withPublicMediaLinks(message({ attachments: [{ url: STORED, mime: 'image/png', name: 'x.png' }] }, { files: { [STORED]: file } }), 'Viber');
    expect(out.attachments).toEqual([{ url: LINK, mime: 'application/pdf', name: 'Plano tienda.pdf', size: 52_113 }]);
    // Viber: a file with its size and name, fetched from the link.
    const bodies = viberBodiesFor(out, { senderName: 'Acme' } as ViberConfig);
    expect(bodies.at(-1)).toMatchObject({ type: 'file', media: LINK, size: 52_113, file_name: 'Plano tienda.pdf' });
  });

  it('an attachment block inside rich content: replaced in the Messenger body too', () => {
    const content = { content: [{ type: 'text', text: 'El plano:', format: 'plain' }, { type: 'attachment', kind: 'file', url: STORED, mime: 'application/pdf', name: 'Plano tienda.pdf' }] };
    const out = withPublicMediaLinks(message({ content }, { files: { [STORED]: file } }), 'Facebook Messenger');
    const bodies = messagingSendBodies(out, renderMessenger);
    expect(JSON.stringify(bodies)).not.toContain('/api/v1/attachments/');
    expect(bodies.at(-1)?.message).toMatchObject({ attachment: { type: 'file', payload: { url: LINK } } });
    // Text is not a URL field: a message that merely quotes the address is left alone.
    const quoted = withPublicMediaLinks(message({ content: { content: { type: 'text', text: STORED, format: 'plain' } } }), 'Viber');
    expect(quoted.content).toEqual({ content: { type: 'text', text: STORED, format: 'plain' } });
  });

  it('a public URL passes through unchanged', () => {
    const out = withPublicMediaLinks(message({ attachments: [{ url: 'https://cdn.acme.test/a.jpg', mime: 'image/jpeg' }] }, { files: {} }), 'Viber');
    expect(out.attachments).toEqual([{ url: 'https://cdn.acme.test/a.jpg', mime: 'image/jpeg' }]);
  });

  it('no link (PARLEY_PUBLIC_URL unset): a permanent error that names the file and the fix', () => {
    const unreachable = 'PARLEY_PUBLIC_URL is not set (Parley\'s address is http://localhost:8080, which the provider cannot reach). Set PARLEY_PUBLIC_URL …';
    const err = (() => { try { withPublicMediaLinks(message({ attachments: [{ url: STORED, mime: 'application/pdf' }] }, { files: { [STORED]: { ...file, link: undefined } }, unreachable }), 'Instagram'); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(SendError);
    expect((err as SendError).transient).toBe(false);
    expect((err as SendError).message).toBe(`Instagram fetches attachments from a public URL, so the file Plano tienda.pdf cannot be sent: ${unreachable}`);
  });

  it('Parley\'s signed-in address with no stored file behind it (deleted, another account\'s) is refused, not sent', () => {
    expect(() => withPublicMediaLinks(message({ attachments: [{ url: STORED, mime: 'application/pdf' }] }, { files: {} }), 'WhatsApp'))
      .toThrow(/^WhatsApp fetches attachments from a public URL, so the file at .* cannot be sent: It is Parley's signed-in download address/);
    expect(() => withPublicMediaLinks(message({ attachments: [{ url: '/api/v1/attachments/att_0mhz3k2a9000', mime: 'image/png' }] }), 'Viber')).toThrow(SendError);
  });
});
