// Where each Guide entry point leads: WhatsApp click-to-chat, m.me, Apple Messages for Business,
// sms:, mailto:, tel:. Its own module (types only) so the snippet does not bundle the schemas.
import type { EntryPointConfig } from './site-settings';

/** Where an entry point leads (webchat opens the chat in the page instead). */
export function entryPointHref(ep: EntryPointConfig): string | null {
  switch (ep.type) {
    case 'webchat': return null;
    case 'whatsapp': return `https://wa.me/${ep.phone.slice(1)}${ep.text ? `?text=${encodeURIComponent(ep.text)}` : ''}`;
    case 'messenger': return `https://m.me/${ep.page}`;
    case 'apple_messages': return `https://bcrs.apple.com/urn:biz:${ep.businessId}`;
    case 'sms': return `sms:${ep.phone}`;
    case 'email': return `mailto:${ep.address}`;
    case 'phone': return `tel:${ep.phone}`;
  }
}
