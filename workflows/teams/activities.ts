// The Teams file-upload activities (registered on the case worker, workflows/worker.ts): read the
// accepted file from Parley's store, PUT it to Teams' upload URL, post the FileInfoCard, and keep
// the file's state in the case timeline (engine/teams/file-consents.ts). A provider refusal is
// non-retryable; timeouts, 429 and 5xx are retried by the workflow's policy (after Retry-After).
import { ApplicationFailure, Context } from '@temporalio/activity';
import { SendError, type ConnectorDeps } from '../../connectors/connector';
import { fileInfoActivity, postActivity, uploadToTeams, type TeamsConfig, type UploadInfo } from '../../connectors/teams';
import { attachmentsDir, readAttachmentBytes, storedFileOf } from '../../engine/attachments/attachment-store';
import type { ChannelStore } from '../../engine/channels/channel-store';
import type { Db } from '../../engine/db/open-database';
import { fileUploadFacts, markFileDelivered, markFileFailed } from '../../engine/teams/file-consents';
import { teamsReplyContext } from '../../engine/teams/teams-conversations';
import { keepAlive } from '../activities/keep-alive';
import type { TeamsFileActivities, TeamsFileUploadInput } from './contract';

export interface TeamsFileActivityDeps {
  db: Db;
  channels: ChannelStore;
  fetch?: typeof fetch;
  now?: () => number;
}

const MAX_RETRY_AFTER_MS = 15 * 60_000;

/** A SendError as Temporal should see it: permanent ones stop the retries, Retry-After sets the next one. */
function asActivityFailure(err: unknown): unknown {
  if (!(err instanceof SendError)) return err;
  if (!err.transient) return ApplicationFailure.nonRetryable(err.message, 'SendError');
  if (err.retryAfterMs !== undefined) {
    return ApplicationFailure.create({ message: err.message, type: 'SendError', nextRetryDelay: Math.min(Math.max(err.retryAfterMs, 1_000), MAX_RETRY_AFTER_MS) });
  }
  return err;
}

const refuse = (message: string) => ApplicationFailure.nonRetryable(message, 'FileUnavailable');

export function createTeamsFileActivities(deps: TeamsFileActivityDeps): TeamsFileActivities {
  const { db, channels } = deps;
  const connectorDeps: ConnectorDeps = { fetch: deps.fetch ?? fetch, now: deps.now ?? Date.now };

  const load = (input: TeamsFileUploadInput) => {
    const facts = fileUploadFacts(db, input);
    if (!facts) throw refuse(`the message ${input.messageId} or its file ${input.attachmentId} no longer exists.`);
    const channel = channels.context(facts.channelId);
    if (!channel || channel.row.type !== 'teams') throw refuse('the Teams channel no longer exists.');
    if (!channel.row.enabled) throw refuse('the Teams channel is disabled.');
    return { facts, config: channel.ctx.config as TeamsConfig };
  };

  return {
    async uploadTeamsFile(input) {
      const { facts, config } = load(input);
      if (facts.state === 'delivered') return 'already-delivered';
      const stored = facts.file.url ? storedFileOf(db, facts.accountId, facts.file.url) : undefined;
      if (!stored) throw refuse(`the file ${facts.file.name ?? ''} is not stored in Parley.`.trimStart());
      let bytes: Buffer;
      try {
        bytes = readAttachmentBytes(attachmentsDir(db), stored);
      } catch {
        throw refuse(`the file ${stored.name} is no longer stored in Parley.`);
      }
      const stop = keepAlive();
      try {
        // A retry goes on from what the upload session already holds (a large file's earlier chunks).
        const resume = Context.current().info.attempt > 1;
        await uploadToTeams(input.upload.uploadUrl, bytes, connectorDeps, { timeoutMs: Math.max(config.timeoutMs ?? 10_000, 30_000), resume });
      } catch (err) {
        throw asActivityFailure(err);
      } finally {
        stop();
      }
      return 'uploaded';
    },

    async announceTeamsFile(input) {
      const { facts, config } = load(input);
      if (facts.state === 'delivered') return;
      const serviceUrl = teamsReplyContext(db, facts.caseId).serviceUrl;
      if (!serviceUrl) throw refuse(`no serviceUrl is known for Teams conversation ${facts.threadId}.`);
      const info: UploadInfo = {
        uploadUrl: input.upload.uploadUrl, contentUrl: input.upload.contentUrl ?? '', name: input.upload.name || (facts.file.name ?? 'file'),
        uniqueId: input.upload.uniqueId ?? '', fileType: input.upload.fileType ?? '',
      };
      try {
        await postActivity(config, serviceUrl, facts.threadId, fileInfoActivity(info), connectorDeps);
      } catch (err) {
        throw asActivityFailure(err);
      }
      markFileDelivered(db, input);
    },

    async recordTeamsFileFailure(input, reason) {
      markFileFailed(db, input, reason);
    },
  };
}
