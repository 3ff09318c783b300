// A website where the Parley snippet runs: which origins may load it, the entry points its Guide
// launcher can show (and where each leads), branding, language, whether visitors must consent
// before anything is stored or sent, and the Guide rules. One schema for the API, the console and
// the snippet (which receives the public part).
import { z } from 'zod';
import { ENTRY_POINTS, GuideRuleSchema } from './guide-rules';
import type { ElementLocator } from './element-locator';

/** `https://shop.example` or `http://localhost:5173`: scheme, host and optional port, nothing else. */
export const OriginSchema = z.string().regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, { message: 'An origin such as https://shop.example (no path)' });

const Phone = z.string().regex(/^\+[1-9]\d{6,14}$/, { message: 'A phone number in international format, e.g. +34600111222' });

export const EntryPointConfigSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('webchat'), label: z.string().max(40).optional() }),
  z.object({ type: z.literal('whatsapp'), label: z.string().max(40).optional(), phone: Phone, text: z.string().max(200).optional() }),
  z.object({ type: z.literal('messenger'), label: z.string().max(40).optional(), page: z.string().regex(/^[A-Za-z0-9.]{5,50}$/, { message: 'The Facebook page username or id' }) }),
  z.object({ type: z.literal('apple_messages'), label: z.string().max(40).optional(), businessId: z.string().regex(/^[0-9a-f-]{36}$/i, { message: 'The Messages for Business account id (a UUID)' }) }),
  z.object({ type: z.literal('sms'), label: z.string().max(40).optional(), phone: Phone }),
  z.object({ type: z.literal('email'), label: z.string().max(40).optional(), address: z.string().email() }),
  z.object({ type: z.literal('phone'), label: z.string().max(40).optional(), phone: Phone }),
]);
export type EntryPointConfig = z.infer<typeof EntryPointConfigSchema>;

export const BrandingSchema = z.object({
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, { message: 'A colour such as #2563eb' }).default('#2563eb'),
  position: z.enum(['bottom-right', 'bottom-left']).default('bottom-right'),
  title: z.string().min(1).max(60).default('¿Hablamos?'),
  logoUrl: z.string().url().max(2_000).optional(),
});
export type Branding = z.infer<typeof BrandingSchema>;

/** The web chat's pre-chat form: name and email asked before the first message (they fill the contact). */
export const PreChatSchema = z.object({ enabled: z.boolean().default(false), requireEmail: z.boolean().default(false) });
export type PreChat = z.infer<typeof PreChatSchema>;

export const SiteSettingsSchema = z.object({
  name: z.string().min(1).max(120),
  allowedOrigins: z.array(OriginSchema).min(1).max(20),
  entryPoints: z.array(EntryPointConfigSchema).max(ENTRY_POINTS.length).default([{ type: 'webchat' }])
    .refine((eps) => new Set(eps.map((e) => e.type)).size === eps.length, { message: 'Each entry point at most once' }),
  branding: BrandingSchema.default({ colour: '#2563eb', position: 'bottom-right', title: '¿Hablamos?' }),
  language: z.enum(['es', 'en']).default('es'),
  requireConsent: z.boolean().default(false),
  preChat: PreChatSchema.default({ enabled: false, requireEmail: false }),
  /** While nobody can answer, web chat stays in the launcher as a form (name, email, message). */
  offlineForm: z.boolean().default(true),
  /** The email channel that answers offline messages (its case is an email thread); without one they are answered in the chat. */
  offlineReplyChannelId: z.string().min(1).max(64).optional(),
  guideRules: z.array(GuideRuleSchema).max(50).default([])
    .refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, { message: 'Rule ids must be unique' }),
});
export type SiteSettings = z.infer<typeof SiteSettingsSchema>;

/** What the snippet receives: everything it needs to draw the launcher and run Guide rules. */
export interface PublicSiteConfig {
  siteId: string;
  entryPoints: EntryPointConfig[];
  branding: Branding;
  language: 'es' | 'en';
  requireConsent: boolean;
  guideRules: SiteSettings['guideRules'];
  /** Whether an agent could answer a chat now (until routing exists: any signed-in agent). */
  chatOnline: boolean;
  /** The web chat forms (absent = off, in configs from before they existed). */
  preChat?: PreChat;
  offlineForm?: boolean;
  /** Offline messages are answered by email (the form says so). */
  offlineByEmail?: boolean;
  /** Engagement Mapper: the elements whose interactions the snippet reports. */
  mappedElements?: MappedElementConfig[];
}

/** A mapped element as the snippet watches it: on pages matching the pattern (a path with `*`; empty = all). */
export interface MappedElementConfig {
  id: string;
  locator: ElementLocator;
  pageUrlPattern: string;
}
