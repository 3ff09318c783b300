// The account's default customer language (BCP 47), kept in account_settings.settings.defaultLanguage
// beside the automation settings (whose store keeps keys it does not know). Absent: English.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { accountSettings } from '../db/schema';

export const BUILT_IN_LANGUAGE = 'en';

/** The stored default, or null when the account never chose one (Parley's English then). */
export function accountDefaultLanguage(db: Db, accountId: string): string | null {
  const row = db.select({ settings: accountSettings.settings }).from(accountSettings).where(eq(accountSettings.accountId, accountId)).get();
  const value = row?.settings?.defaultLanguage;
  return typeof value === 'string' && value ? value : null;
}

/** Stores the default (already canonical); null clears it back to English. */
export function setAccountDefaultLanguage(db: Db, accountId: string, language: string | null): void {
  db.transaction((tx) => {
    const row = tx.select().from(accountSettings).where(eq(accountSettings.accountId, accountId)).get();
    const now = Date.now();
    if (!row) {
      tx.insert(accountSettings).values({ accountId, settings: language ? { defaultLanguage: language } : {}, secrets: null, updatedAt: now }).run();
      return;
    }
    const { defaultLanguage: _old, ...rest } = row.settings ?? {};
    tx.update(accountSettings).set({ settings: language ? { ...rest, defaultLanguage: language } : rest, updatedAt: now })
      .where(eq(accountSettings.accountId, accountId)).run();
  }, { behavior: 'immediate' });
}
