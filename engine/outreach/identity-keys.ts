// Which identity of a contact-list row reaches a contact on a channel type, and what a valid
// identity looks like. Phone channels (SMS, WhatsApp, Viber) share the `phone` column; e-mail uses
// `email`; every other channel type (BYOC, LINE, Telegram, …) has its own key named after the type,
// holding the channel's external user id (for BYOC: the middleware's sender externalId).
const SHARED_KEYS: Record<string, string> = { sms: 'phone', whatsapp: 'phone', viber: 'phone', email: 'email' };

/** The identity key a channel type reads: `phone`, `email`, or the type itself. */
export const identityKeyFor = (channelType: string) => SHARED_KEYS[channelType] ?? channelType;

/** The channel types an identity key can reach (`phone` → sms, whatsapp, viber). */
export function channelTypesFor(key: string): string[] {
  const shared = Object.entries(SHARED_KEYS).filter(([, k]) => k === key).map(([type]) => type);
  return shared.length ? shared : [key];
}

const PHONE_NOISE = /[\s().-]/g;
const E164 = /^\+[1-9]\d{6,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const OPAQUE_ID = /^[^\s\p{Cc}]{1,256}$/u;

export type IdentityCheck = { ok: true; value: string } | { ok: false; reason: string };

/** Normalizes and checks one identity value (already trimmed and non-empty). */
export function checkIdentity(key: string, raw: string): IdentityCheck {
  if (key === 'phone') {
    const value = raw.replace(PHONE_NOISE, '');
    if (E164.test(value)) return { ok: true, value };
    return { ok: false, reason: `"${raw}" is not a phone number in international format (+ and country code, e.g. +34600111222)` };
  }
  if (key === 'email') {
    const value = raw.toLowerCase();
    return EMAIL.test(value) ? { ok: true, value } : { ok: false, reason: `"${raw}" is not an e-mail address` };
  }
  return OPAQUE_ID.test(raw) ? { ok: true, value: raw } : { ok: false, reason: 'an id must be 1–256 characters without spaces' };
}

/** Identity keys a mapping may use: a known channel type, `phone` or `email`. */
export const IDENTITY_KEY = /^[a-z][a-z0-9-]{1,39}$/;
