// The enabled Meta messaging channels (Messenger, Instagram Direct, WhatsApp) that name one Meta app
// id in their config: the channels the app-level webhook endpoint may hand entries to. The app id is
// a plain (non-secret) config field, so the lookup is one indexed-by-type query plus a JSON read.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { ChannelContext, Connector } from '../../connectors/connector';
import { META_APP_CHANNEL_TYPES } from '../../connectors/shared/meta/meta-app';
import type { Db } from '../db/open-database';
import { channels } from '../db/schema';
import type { ChannelStore } from './channel-store';

export interface MetaAppChannel {
  type: string;
  connector: Connector;
  /** Decrypted config: the app secret and verify token are in it. */
  ctx: ChannelContext;
}

const META_TYPES = Object.values(META_APP_CHANNEL_TYPES);

export function metaAppChannels(db: Db, store: ChannelStore, appId: string): MetaAppChannel[] {
  const ids = db.select({ id: channels.id }).from(channels)
    .where(and(
      inArray(channels.type, META_TYPES),
      eq(channels.enabled, true),
      sql`json_extract(${channels.config}, '$.appId') = ${appId}`,
    ))
    .orderBy(channels.id).all();
  const found: MetaAppChannel[] = [];
  for (const { id } of ids) {
    const context = store.context(id);
    if (context) found.push({ type: context.row.type, connector: context.connector, ctx: context.ctx });
  }
  // A channel being connected: Parley sets the app's callback URL during its set-up, and Meta checks
  // that URL (hub.challenge) before the channel is stored.
  for (const pending of store.connectingChannels()) {
    if (META_TYPES.includes(pending.row.type as (typeof META_TYPES)[number]) && pending.ctx.config.appId === appId) {
      found.push({ type: pending.row.type, connector: pending.connector, ctx: pending.ctx });
    }
  }
  return found;
}
