// What a channel type must remember of an inbound event beyond the message itself, because a later
// reply needs it and the raw event is not stored (Teams: the conversation's serviceUrl; LINE: the
// event's reply token). Runs in
// the ingest transaction for every accepted message or postback.
import type { InboundEvent } from '../../connectors/connector';
import type { Db } from '../db/open-database';
import { rememberLineReplyToken } from '../line/line-reply-tokens';
import { rememberTeamsConversation } from '../teams/teams-conversations';

const MEMORIES: Record<string, (db: Db, channelId: string, event: InboundEvent, now: number) => void> = {
  teams: rememberTeamsConversation,
  line: rememberLineReplyToken,
};

export function rememberInbound(db: Db, channel: { id: string; type?: string }, event: InboundEvent, now: number): void {
  if (channel.type) MEMORIES[channel.type]?.(db, channel.id, event, now);
}
