// Account settings for automation: the business-hours calendar, SMTP for notification emails, the
// `Call a URL` policy and its signing secret. Secrets (SMTP password, signing secret) are sealed
// at rest like channel secrets and never returned except the signing secret, to admins.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/open-database';
import { accountSettings } from '../../db/schema';
import type { SecretBox } from '../../security/secret-box';
import type { AccountRuleSettings, BusinessHours } from '../../../model/rules/event';
import { parseBusinessHours } from './business-hours-schema';

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  from: string;
}

interface StoredSettings {
  businessHours: BusinessHours | null;
  smtp: SmtpSettings | null;
  allowPrivateUrls: boolean;
  /** SLA targets the agent inbox colours its timers against (minutes). */
  slaFirstResponseMinutes: number;
  slaNextResponseMinutes: number;
}

interface StoredSecrets {
  smtpPassword?: string | null;
  urlSigningSecret?: string;
}

export interface AutomationSettingsView {
  businessHours: BusinessHours | null;
  smtp: (SmtpSettings & { passwordSet: boolean }) | null;
  allowPrivateUrls: boolean;
  /** Receivers verify `Call a URL` requests with it (Standard Webhooks). Admins only; null for others. */
  urlSigningSecret: string | null;
  slaFirstResponseMinutes: number;
  slaNextResponseMinutes: number;
  updatedAt: string;
}

export interface AutomationSettingsPatch {
  businessHours?: unknown;
  /** `password`: a string sets it, null clears it, absent keeps it. */
  smtp?: (Omit<SmtpSettings, 'secure' | 'user'> & { secure?: boolean; user?: string | null; password?: string | null }) | null;
  allowPrivateUrls?: boolean;
  /** Replaces the URL signing secret (receivers must be given the new one). */
  rotateUrlSigningSecret?: boolean;
  slaFirstResponseMinutes?: number;
  slaNextResponseMinutes?: number;
}

/** What the worker needs to send emails and call URLs. */
export interface IntegrationSettings {
  smtp: (SmtpSettings & { password: string | null }) | null;
  allowPrivateUrls: boolean;
  urlSigningSecret: string;
}

const DEFAULTS: StoredSettings = { businessHours: null, smtp: null, allowPrivateUrls: false, slaFirstResponseMinutes: 60, slaNextResponseMinutes: 30 };

export const generateUrlSigningSecret = () => 'whsec_' + randomBytes(32).toString('base64');

function readSettings(raw: Record<string, unknown> | undefined): StoredSettings {
  return { ...DEFAULTS, ...(raw ?? {}) } as StoredSettings;
}

/** The row, created (with a fresh signing secret) the first time anyone reads it. */
function ensureRow(db: Db, box: SecretBox, accountId: string) {
  const existing = db.select().from(accountSettings).where(eq(accountSettings.accountId, accountId)).get();
  if (existing?.secrets && box.open<StoredSecrets>(existing.secrets).urlSigningSecret) return existing;
  return db.transaction((tx) => {
    const row = tx.select().from(accountSettings).where(eq(accountSettings.accountId, accountId)).get();
    const secrets: StoredSecrets = row?.secrets ? box.open<StoredSecrets>(row.secrets) : {};
    if (row && secrets.urlSigningSecret) return row;
    const sealed = box.seal({ ...secrets, urlSigningSecret: generateUrlSigningSecret() });
    const now = Date.now();
    return row
      ? tx.update(accountSettings).set({ secrets: sealed, updatedAt: now }).where(eq(accountSettings.accountId, accountId)).returning().get()
      : tx.insert(accountSettings).values({ accountId, settings: { ...DEFAULTS }, secrets: sealed, updatedAt: now }).returning().get();
  }, { behavior: 'immediate' });
}

export function getAutomationSettings(db: Db, box: SecretBox, accountId: string, opts: { includeSecrets: boolean }): AutomationSettingsView {
  const row = ensureRow(db, box, accountId);
  const settings = readSettings(row.settings);
  const secrets = box.open<StoredSecrets>(row.secrets!);
  return {
    businessHours: settings.businessHours,
    smtp: settings.smtp ? { ...settings.smtp, passwordSet: Boolean(secrets.smtpPassword) } : null,
    allowPrivateUrls: settings.allowPrivateUrls,
    urlSigningSecret: opts.includeSecrets ? secrets.urlSigningSecret! : null,
    slaFirstResponseMinutes: settings.slaFirstResponseMinutes,
    slaNextResponseMinutes: settings.slaNextResponseMinutes,
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

export function putAutomationSettings(db: Db, box: SecretBox, accountId: string, patch: AutomationSettingsPatch): AutomationSettingsView {
  const row = ensureRow(db, box, accountId);
  const settings = readSettings(row.settings);
  const secrets = box.open<StoredSecrets>(row.secrets!);
  if (patch.businessHours !== undefined) {
    settings.businessHours = patch.businessHours === null ? null : parseBusinessHours(patch.businessHours);
  }
  if (patch.smtp !== undefined) {
    if (patch.smtp === null) { settings.smtp = null; secrets.smtpPassword = null; }
    else {
      const { password, ...smtp } = patch.smtp;
      settings.smtp = { host: smtp.host, port: smtp.port, secure: smtp.secure ?? smtp.port === 465, user: smtp.user ?? null, from: smtp.from };
      if (password !== undefined) secrets.smtpPassword = password;
    }
  }
  if (patch.allowPrivateUrls !== undefined) settings.allowPrivateUrls = patch.allowPrivateUrls;
  if (patch.rotateUrlSigningSecret) secrets.urlSigningSecret = generateUrlSigningSecret();
  if (patch.slaFirstResponseMinutes !== undefined) settings.slaFirstResponseMinutes = patch.slaFirstResponseMinutes;
  if (patch.slaNextResponseMinutes !== undefined) settings.slaNextResponseMinutes = patch.slaNextResponseMinutes;
  db.update(accountSettings).set({ settings: { ...settings }, secrets: box.seal(secrets), updatedAt: Date.now() })
    .where(eq(accountSettings.accountId, accountId)).run();
  return getAutomationSettings(db, box, accountId, { includeSecrets: true });
}

/** What the interpreter needs (business hours); no secrets, so no box. */
export function getRuleSettings(db: Db, accountId: string): AccountRuleSettings {
  const row = db.select({ settings: accountSettings.settings }).from(accountSettings).where(eq(accountSettings.accountId, accountId)).get();
  return { businessHours: readSettings(row?.settings).businessHours };
}

/** For the worker's `Send notification email` and `Call a URL`: SMTP with its password, the URL policy and signing secret. */
export function getIntegrationSettings(db: Db, box: SecretBox, accountId: string): IntegrationSettings {
  const row = ensureRow(db, box, accountId);
  const settings = readSettings(row.settings);
  const secrets = box.open<StoredSecrets>(row.secrets!);
  return {
    smtp: settings.smtp ? { ...settings.smtp, password: secrets.smtpPassword ?? null } : null,
    allowPrivateUrls: settings.allowPrivateUrls,
    urlSigningSecret: secrets.urlSigningSecret!,
  };
}

/** The SLA targets every agent's inbox reads (no secrets, any role). */
export function getSlaTargets(db: Db, accountId: string): { slaFirstResponseMinutes: number; slaNextResponseMinutes: number } {
  const row = db.select({ settings: accountSettings.settings }).from(accountSettings).where(eq(accountSettings.accountId, accountId)).get();
  const { slaFirstResponseMinutes, slaNextResponseMinutes } = readSettings(row?.settings);
  return { slaFirstResponseMinutes, slaNextResponseMinutes };
}
