// A site that lists web chat among its entry points gets a `webchat` channel: its visitors'
// conversations become cases there, like any channel's. Made once, the first time it is needed.
import type { ChannelStore } from '../channels/channel-store';
import type { Db } from '../db/open-database';
import { setWebchatChannel, type SiteRow } from './site-store';

export function ensureWebchatChannel(db: Db, channels: ChannelStore, site: SiteRow): SiteRow {
  const wanted = site.settings.entryPoints.some((e) => e.type === 'webchat');
  if (!wanted || site.webchatChannelId) return site;
  const { channel } = channels.create(site.accountId, { type: 'webchat', name: `Web chat · ${site.settings.name}`, config: { siteId: site.id } });
  setWebchatChannel(db, site.id, channel.id);
  return { ...site, webchatChannelId: channel.id };
}
