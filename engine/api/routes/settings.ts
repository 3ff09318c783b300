// Automation settings API: business hours, SMTP for notification emails, the `Call a URL` policy
// and its signing secret. Admins change them; supervisors read them without secrets.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { BusinessHoursSchema } from '../../rules/store/business-hours-schema';
import { getAutomationSettings, putAutomationSettings } from '../../rules/store/settings-store';
import { accountDefaultLanguage, BUILT_IN_LANGUAGE, setAccountDefaultLanguage } from '../../contacts/account-language';
import { LanguageTag, storedLanguage } from '../../contacts/language-tag-schema';
import { requireRole, type AuthEnv } from '../auth';
import { json, problemResponses } from '../schemas';
import type { RulesDeps } from './rules-deps';

const tags = ['Settings'];

const Smtp = {
  host: z.string().min(1).max(255).openapi({ example: 'smtp.example.com' }),
  port: z.number().int().min(1).max(65_535).openapi({ example: 587 }),
  secure: z.boolean().openapi({ description: 'TLS from the start (port 465); otherwise STARTTLS when offered.' }),
  user: z.string().max(255).nullable(),
  from: z.string().min(3).max(320).openapi({ example: 'Parley <parley@example.com>' }),
};

const SettingsSchema = z.object({
  businessHours: BusinessHoursSchema.nullable().openapi({ description: 'The account calendar the business-hours condition reads; null: always open.' }),
  smtp: z.object({ ...Smtp, passwordSet: z.boolean() }).nullable().openapi({ description: 'Where notification emails go out; the password is never returned.' }),
  allowPrivateUrls: z.boolean().openapi({ description: '`Call a URL` may reach private and loopback addresses (link-local and cloud metadata stay refused).' }),
  urlSigningSecret: z.string().nullable().openapi({ description: 'Receivers verify `Call a URL` requests with it (Standard Webhooks). Shown to admins only.' }),
  slaFirstResponseMinutes: z.number().int().openapi({ description: 'SLA target for the first agent reply, in minutes from the case being opened (the inbox colours its timer).' }),
  slaNextResponseMinutes: z.number().int().openapi({ description: "SLA target for the next agent reply, in minutes from the customer's message after an agent's reply." }),
  defaultLanguage: z.string().openapi({ example: 'en', description: 'BCP 47: the language of the words Parley adds to customer messages (reply hints, confirmations, dates) when neither the contact nor the channel has one. Default en.' }),
  updatedAt: z.string(),
}).openapi('AutomationSettings');

const SettingsPatch = z.object({
  businessHours: BusinessHoursSchema.nullable().optional(),
  smtp: z.object({
    ...Smtp, secure: Smtp.secure.optional(), user: Smtp.user.optional(),
    password: z.string().max(1000).nullable().optional().openapi({ description: 'Set it; null clears it; absent keeps it.' }),
  }).nullable().optional(),
  allowPrivateUrls: z.boolean().optional(),
  rotateUrlSigningSecret: z.boolean().optional().openapi({ description: 'Replace the URL signing secret (give receivers the new one).' }),
  defaultLanguage: LanguageTag.nullable().optional().openapi({ description: 'The account\'s default customer language (BCP 47); null: back to English.' }),
  slaFirstResponseMinutes: z.number().int().min(1).max(10_080).optional(),
  slaNextResponseMinutes: z.number().int().min(1).max(10_080).optional(),
}).openapi('AutomationSettingsPatch');

export function settingsRoutes(deps: RulesDeps) {
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: 'get', path: '/settings/automation', tags, summary: 'Automation settings of this account',
      responses: { 200: json(SettingsSchema, 'The settings'), ...problemResponses(401, 403) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'supervisor');
      const view = getAutomationSettings(deps.db, deps.box, principal.accountId, { includeSecrets: principal.role === 'admin' });
      return c.json({ ...view, defaultLanguage: accountDefaultLanguage(deps.db, principal.accountId) ?? BUILT_IN_LANGUAGE } as any, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put', path: '/settings/automation', tags, summary: 'Change automation settings (fields left out keep their value)',
      request: { body: { content: { 'application/json': { schema: SettingsPatch } }, required: true } },
      responses: { 200: json(SettingsSchema, 'The updated settings'), ...problemResponses(400, 401, 403, 422) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'admin');
      const { defaultLanguage, ...patch } = c.req.valid('json');
      const view = putAutomationSettings(deps.db, deps.box, principal.accountId, patch);
      // After the rest is accepted (a refused patch changes nothing); the automation store keeps keys it does not know.
      if (defaultLanguage !== undefined) setAccountDefaultLanguage(deps.db, principal.accountId, storedLanguage(defaultLanguage));
      return c.json({ ...view, defaultLanguage: accountDefaultLanguage(deps.db, principal.accountId) ?? BUILT_IN_LANGUAGE } as any, 200);
    },
  );

  return app;
}
