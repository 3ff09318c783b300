// The campaign API's `template` shortcut with a media header: what the console's template picker
// sends for a WhatsApp template approved with an IMAGE, VIDEO or DOCUMENT header. It becomes the
// content model's header component, and each recipient's copy keeps the file while the body
// variables are filled from their list row.
import { describe, expect, it } from 'vitest';
import { renderForRecipient, toCampaignMessage } from '../../engine/outreach/campaign-content';
import { ParleyError } from '../../engine/errors';

const IMAGE = 'https://parley.example/api/v1/attachments/att_1/Lookbook.jpg?sig=abc';

describe('a campaign template with a header file', () => {
  it('an image header becomes the header component before the body, and each recipient gets their own name with the same image', () => {
    const message = toCampaignMessage({ template: { name: 'autumn_lookbook', language: 'es', variables: ['{{name}}'], header: { type: 'image', url: IMAGE } } });
    expect(message.content).toEqual({
      type: 'template', name: 'autumn_lookbook', language: 'es',
      components: [
        { type: 'header', parameters: [{ type: 'image', url: IMAGE }] },
        { type: 'body', parameters: [{ type: 'text', text: '{{name}}' }] },
      ],
    });
    const lucia = renderForRecipient(message, { name: 'Lucía' }).content;
    expect(lucia.content).toMatchObject({ components: [{ parameters: [{ type: 'image', url: IMAGE }] }, { parameters: [{ text: 'Lucía' }] }] });
  });

  it('a document keeps its file name; a video ignores one; a template with only a header has no body component', () => {
    const doc = toCampaignMessage({ template: { name: 'invoice_ready', language: 'es', header: { type: 'document', url: IMAGE, filename: 'Factura 4711.pdf' } } });
    expect(doc.content).toEqual({ type: 'template', name: 'invoice_ready', language: 'es', components: [{ type: 'header', parameters: [{ type: 'document', url: IMAGE, filename: 'Factura 4711.pdf' }] }] });
    const video = toCampaignMessage({ template: { name: 'teaser', language: 'en', header: { type: 'video', url: IMAGE, filename: 'x.mp4' } } });
    expect(video.content).toEqual({ type: 'template', name: 'teaser', language: 'en', components: [{ type: 'header', parameters: [{ type: 'video', url: IMAGE }] }] });
  });

  it('without a header the shortcut is unchanged (body only, or no components at all)', () => {
    expect(toCampaignMessage({ template: { name: 'hello', language: 'en', variables: ['Ana'] } }).content)
      .toEqual({ type: 'template', name: 'hello', language: 'en', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] });
    expect(toCampaignMessage({ template: { name: 'hello', language: 'en' } }).content).toEqual({ type: 'template', name: 'hello', language: 'en' });
  });

  it('a header URL that is not an absolute http(s) link is refused, naming message.template.header.url', () => {
    let error: unknown;
    try { toCampaignMessage({ template: { name: 'autumn_lookbook', language: 'es', header: { type: 'image', url: '/attachments/att_1' } } }); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ParleyError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_content', errors: [{ path: 'message.template.header.url', message: 'Must be an absolute http(s) URL' }] });
  });
});
