// A campaign's message to one recipient gets the outbound context a reply gets on its channel
// (engine/outreach/campaign-outbound.ts over engine/channels/outbound-context.ts), though it has no
// row in `messages`: stored files become signed links where the provider fetches a URL, and
// attachments read from the data directory where the connector uploads.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PublicMediaContext } from '../../connectors/shared/public-media';
import { attachmentsDir } from '../../engine/attachments/attachment-store';
import { accounts } from '../../engine/db/schema';
import { attachmentFiles } from '../../engine/db/schema-attachments';
import { campaignOutbound } from '../../engine/outreach/campaign-outbound';
import type { ContentMessage } from '../../model/content/model';
import { tempDb } from '../support/temp-db';

const PUBLIC_URL = 'https://parley.acme.test';

describe('campaignOutbound', () => {
  let t: ReturnType<typeof tempDb>;
  let url: string;
  const facts = (content: unknown, publicUrl = PUBLIC_URL) =>
    ({ accountId: t.accountId, messageId: 'cmp_1-r2', publicUrl, content: content as ContentMessage, text: 'fallback' });
  const photo = (caption?: string) => ({ type: 'attachment', kind: 'image', url, mime: 'image/jpeg', ...(caption ? { caption } : {}) });

  beforeEach(() => {
    t = tempDb();
    const path = `${t.accountId}/file_0a1b2c`;
    mkdirSync(dirname(join(attachmentsDir(t.db), path)), { recursive: true });
    writeFileSync(join(attachmentsDir(t.db), path), Buffer.from('ffd8ffe0', 'hex'));
    t.db.insert(attachmentFiles).values({
      id: 'file_0a1b2c', accountId: t.accountId, channelId: null, messageId: null, uploader: null,
      mime: 'image/jpeg', name: 'otono.jpg', size: 4, sha256: '0'.repeat(64), path, createdAt: Date.now(),
    }).run();
    url = `${PUBLIC_URL}/api/v1/attachments/file_0a1b2c`;
  });
  afterEach(() => t.close());

  it('Viber: the content keeps the file, and the context gives it a signed /media/ link', () => {
    const out = campaignOutbound(t.db, 'viber', facts({ content: [{ type: 'text', text: 'Hola' }, photo()] }));
    expect(out.content).toEqual({ content: [{ type: 'text', text: 'Hola' }, photo()] });
    expect(out.attachments).toEqual([]);
    const media = out.context?.publicMedia as PublicMediaContext;
    expect(media.unreachable).toBeUndefined();
    expect(media.files[url]).toMatchObject({ mime: 'image/jpeg', name: 'otono.jpg', size: 4, path: join(attachmentsDir(t.db), t.accountId, 'file_0a1b2c') });
    expect(media.files[url].link).toMatch(/^https:\/\/parley\.acme\.test\/media\/file_0a1b2c\.[0-9a-z]+\.[A-Za-z0-9_-]{43}\/otono\.jpg$/);
  });

  it('WhatsApp without PARLEY_PUBLIC_URL: no link, and the reason the connector refuses with', () => {
    const out = campaignOutbound(t.db, 'whatsapp', facts({ content: photo() }, 'http://localhost:3000'));
    const media = out.context?.publicMedia as PublicMediaContext;
    expect(media.files[url].link).toBeUndefined();
    expect(media.unreachable).toMatch(/^PARLEY_PUBLIC_URL is not set \(Parley's address is http:\/\/localhost:3000/);
  });

  it('Slack: the stored file leaves the content for the attachments, uploaded from the data directory; its caption stays as text', () => {
    const out = campaignOutbound(t.db, 'slack', facts({ content: [{ type: 'text', text: 'Hola Ana' }, photo('El catálogo')] }));
    expect(out.content).toEqual({ content: [{ type: 'text', text: 'Hola Ana' }, { type: 'text', text: 'El catálogo', format: 'plain' }] });
    expect(out.text).toContain('El catálogo');
    expect(out.attachments).toEqual([{ url, mime: 'image/jpeg', name: 'otono.jpg', size: 4 }]);
    expect(out.context).toEqual({ slack: { files: [{ filename: 'otono.jpg', path: join(attachmentsDir(t.db), t.accountId, 'file_0a1b2c'), contentType: 'image/jpeg' }] } });
  });

  it('email: a message of only the file is a blank text with the file attached, and no answer links for a campaign', () => {
    const out = campaignOutbound(t.db, 'email', facts({ content: photo() }));
    expect(out.content).toEqual({ content: { type: 'text', text: ' ', format: 'plain' } });
    expect(out.text).toBe('');
    expect(out.context?.email).toMatchObject({ answerLinks: {}, files: [{ filename: 'otono.jpg', contentType: 'image/jpeg' }] });
  });

  it('another account\'s file is neither linked nor moved: the connector refuses the signed-in address', () => {
    t.db.insert(accounts).values({ id: 'acct_other', name: 'Other', createdAt: Date.now() }).run();
    t.db.$client.prepare('update attachment_files set account_id = ?').run('acct_other');
    const viber = campaignOutbound(t.db, 'viber', facts({ content: photo() }));
    expect((viber.context?.publicMedia as PublicMediaContext).files).toEqual({});
    const slack = campaignOutbound(t.db, 'slack', facts({ content: photo() }));
    expect(slack.content).toEqual({ content: photo() });
    expect(slack.attachments).toEqual([]);
  });
});
