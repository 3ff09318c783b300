// Guide rules (CXone's Guide rule builder): what the website snippet shows a visitor. A rule is
// actions plus conditions; all conditions of a set must hold (AND), any set may (OR). Conditions
// read the visitor's page, time on page, scroll depth, page views, tags, device, language and
// whether chat is online; a custom condition asks a URL of the business (from the visitor's
// browser; see guide-custom.ts). Actions choose the launcher template (which entry points show), display a proactive
// offer, set branding, and add or remove visitor tags. One schema for the console, the API and the
// snippet, which evaluates rules in the browser at load, on events and every minute.
import { z } from 'zod';
import { checkRegex } from '../rules/safe-regex';
import { CUSTOM_TIMEOUT_MS, customUrlProblem } from './guide-custom';

export const ENTRY_POINTS = ['webchat', 'whatsapp', 'messenger', 'apple_messages', 'sms', 'email', 'phone'] as const;
export type EntryPoint = (typeof ENTRY_POINTS)[number];

export const GuideConditionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('page'), op: z.enum(['equals', 'not_equals', 'contains', 'not_contains', 'regex']), value: z.string().min(1).max(2_000) })
    .superRefine((c, ctx) => {
      const check = c.op === 'regex' ? checkRegex(c.value) : { ok: true as const };
      if (!check.ok) ctx.addIssue({ code: 'custom', path: ['value'], message: check.message });
    }),
  z.object({ type: z.literal('time_on_page'), atLeastSeconds: z.number().int().min(1).max(86_400) }),
  z.object({ type: z.literal('scroll_depth'), atLeastPercent: z.number().int().min(1).max(100) }),
  z.object({ type: z.literal('page_views'), op: z.enum(['at_least', 'at_most']), value: z.number().int().min(0).max(10_000) }),
  z.object({ type: z.literal('visitor_tag'), op: z.enum(['has', 'has_not']), tag: z.string().min(1).max(64) }),
  z.object({ type: z.literal('returning_visitor'), value: z.boolean() }),
  z.object({ type: z.literal('device'), value: z.enum(['mobile', 'tablet', 'desktop']) }),
  z.object({ type: z.literal('language'), value: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, { message: 'A language tag such as es or en-GB' }) }),
  z.object({ type: z.literal('chat_online'), value: z.boolean() }),
  // Asked by visitors' browsers (guide-custom.ts): GET url?page&visitor&language&tags → { "result": true | false }.
  z.object({
    type: z.literal('custom'),
    url: z.string().url().max(2_000).superRefine((url, ctx) => {
      const problem = customUrlProblem(url);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    timeoutMs: z.number().int().min(100).max(5_000).default(CUSTOM_TIMEOUT_MS),
    /** How long an answer is kept (seconds); absent: for the page load. */
    cacheSeconds: z.number().int().min(1).max(86_400).optional(),
  }),
]);
export type GuideCondition = z.infer<typeof GuideConditionSchema>;

const OfferButtonSchema = z.discriminatedUnion('action', [
  z.object({ label: z.string().min(1).max(40), action: z.literal('chat'), message: z.string().max(1_000).optional() }),
  z.object({ label: z.string().min(1).max(40), action: z.literal('url'), url: z.string().url().max(2_000) }),
  z.object({ label: z.string().min(1).max(40), action: z.literal('dismiss') }),
]);

const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, { message: 'A colour such as #2563eb' });

export const GuideActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('set_template'), entryPoints: z.array(z.enum(ENTRY_POINTS)).min(1).max(ENTRY_POINTS.length) }),
  z.object({
    type: z.literal('show_offer'),
    offerId: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: 'Lowercase letters, digits, - and _' }),
    title: z.string().min(1).max(80),
    text: z.string().max(500).default(''),
    buttons: z.array(OfferButtonSchema).min(1).max(3),
  }),
  z.object({
    type: z.literal('set_branding'),
    colour: Colour.optional(), position: z.enum(['bottom-right', 'bottom-left']).optional(),
    title: z.string().max(60).optional(), logoUrl: z.string().url().max(2_000).optional(),
  }),
  z.object({ type: z.literal('add_visitor_tag'), tag: z.string().min(1).max(64) }),
  z.object({ type: z.literal('remove_visitor_tag'), tag: z.string().min(1).max(64) }),
]);
export type GuideAction = z.infer<typeof GuideActionSchema>;

export const GuideRuleSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(120),
  enabled: z.boolean().default(true),
  /** Any set may hold; within a set all conditions must. No sets: the rule always applies. */
  conditionSets: z.array(z.array(GuideConditionSchema).min(1).max(20)).max(10).default([]),
  actions: z.array(GuideActionSchema).min(1).max(10),
});
export type GuideRule = z.infer<typeof GuideRuleSchema>;
