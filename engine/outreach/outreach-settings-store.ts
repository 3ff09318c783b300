// Per-account outreach settings: which inbound words opt a customer out, and what Parley answers.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { outreachSettings } from '../db/schema-outreach';

/** English and Spanish by default; matched as the whole message, case and accents ignored. */
export const DEFAULT_STOP_KEYWORDS = ['STOP', 'UNSUBSCRIBE', 'STOP ALL', 'CANCEL', 'BAJA', 'DARSE DE BAJA', 'PARAR', 'ALTO'];
export const DEFAULT_STOP_REPLY = 'You will not receive more messages from us. / No recibirá más mensajes nuestros.';

export interface OutreachSettings {
  stopKeywords: string[];
  stopReply: string;
}

export function getOutreachSettings(db: Db, accountId: string): OutreachSettings {
  const row = db.select().from(outreachSettings).where(eq(outreachSettings.accountId, accountId)).get();
  return row ? { stopKeywords: row.stopKeywords, stopReply: row.stopReply } : { stopKeywords: DEFAULT_STOP_KEYWORDS, stopReply: DEFAULT_STOP_REPLY };
}

export function putOutreachSettings(db: Db, accountId: string, patch: Partial<OutreachSettings>, now = Date.now()): OutreachSettings {
  const next = { ...getOutreachSettings(db, accountId), ...patch };
  db.insert(outreachSettings).values({ accountId, ...next, updatedAt: now })
    .onConflictDoUpdate({ target: outreachSettings.accountId, set: { ...next, updatedAt: now } }).run();
  return next;
}
