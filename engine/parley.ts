// Assembles a running Parley from its config: database, Temporal (embedded dev server or an
// existing cluster), worker, dispatcher and HTTP server. `npm start` and the integration tests
// both go through here, so what the tests exercise is what users run.
import { serve, type ServerType } from '@hono/node-server';
import type { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { join } from 'node:path';
import { rulesTaskQueue } from '../workflows/task-queues';
import { createWorkers } from '../workflows/worker';
import { bootstrap, type BootstrapCredentials } from './accounts/bootstrap';
import { createApp } from './api/app';
import type { CaseCommandDeps } from './cases/case-commands';
import { ChannelStore } from './channels/channel-store';
import type { ParleyConfig } from './config/resolve-config';
import { openDatabase, type Db } from './db/open-database';
import { enrichContactProfiles } from './contacts/profile-enrichment';
import { Dispatcher } from './ingest/dispatcher';
import { BacklogSweeper } from './routing/backlog-sweeper';
import { ingestEvents, type IngestChannel } from './ingest/ingest-events';
import type { InboundEvent } from '../connectors/connector';
import { RuleDispatcher } from './rules/dispatch/rule-dispatcher';
import { createRuleSchedules } from './rules/dispatch/rule-schedules';
import { onRuleEventRecorded } from './rules/events/event-signal';
import { HistoryPurger } from './rules/privacy/history-purger';
import { createSecretBox, loadSecretKey } from './security/secret-box';
import { createLiveSocketServer, dropLiveSockets } from './website/visitor-live-server';
import { createStepRegistry } from './steps/step-registry';
import { connectClient, connectWorkerConnection } from './temporal/connect';
import { startDevServer, type DevServer } from './temporal/dev-server';
import { startSmtpEndpoint } from './email/smtp-endpoint';
import { ImapReaders } from './email/imap-readers';
import { waitForTemporal } from './temporal/wait-for-temporal';

export interface Parley {
  url: string;
  port: number;
  temporalAddress: string;
  temporalUiUrl: string | null;
  db: Db;
  client: Client | null;
  app: ReturnType<typeof createApp> | null;
  dispatcher: Dispatcher | null;
  /** Relays recorded rule events to rule runs (API role). */
  ruleDispatcher: RuleDispatcher | null;
  credentials: BootstrapCredentials | null;
  /** The inbound SMTP endpoint's port, when it runs. */
  smtpPort: number | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Injected fetch for outbound connector calls (tests). */
  fetch?: typeof fetch;
  log?: (msg: string) => void;
}

export async function startParley(config: ParleyConfig, opts: StartOptions = {}): Promise<Parley> {
  const log = opts.log ?? (() => {});
  const stops: (() => Promise<void> | void)[] = [];
  // Last started, first stopped; each step runs once even if stop() is called again.
  const stopAll = async () => { while (stops.length) await stops.pop()!(); };
  try {
    let devServer: DevServer | null = null;
    let address = config.temporal.address;
    if (!address) {
      log('starting the embedded Temporal dev server…');
      devServer = await startDevServer({
        port: config.temporal.devServer.port,
        uiPort: config.temporal.devServer.ui ? config.temporal.devServer.uiPort : null,
        dbFile: join(config.dataDir, 'temporal.sqlite'),
        namespace: config.temporal.namespace,
      });
      stops.push(() => devServer!.stop());
      address = devServer.address;
    }

    const db = openDatabase(join(config.dataDir, 'parley.sqlite'));
    stops.push(() => { db.$client.close(); });
    const credentials = bootstrap(db);
    const box = createSecretBox(loadSecretKey({ secretKey: config.secretKey, keyFile: join(config.dataDir, 'secret.key') }));
    const channels = new ChannelStore(db, box, config.publicUrl);
    // The developer's custom steps: checked now, so a broken step stops start-up with its reason.
    const steps = createStepRegistry(config.steps);

    const client = await connectClient(config.temporal, address);
    stops.push(() => client.connection.close());
    await waitForTemporal(client, config.temporal.namespace);

    // The dispatcher is created after the worker; activities that queue work wake it through this.
    let wakeDispatcher = () => {};
    if (config.role !== 'api') {
      const connection: NativeConnection = await connectWorkerConnection(config.temporal, address);
      const workers = await createWorkers({
        connection, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue, maxCachedWorkflows: config.workerMaxCachedWorkflows,
        deps: {
          db, channels, fetch: opts.fetch, onDispatchQueued: () => wakeDispatcher(),
          // Rule actions: status changes through the case workflow, messages like agent replies, custom steps.
          client, taskQueue: config.temporal.taskQueue, autoCloseAfterMs: config.caseAutoCloseAfterMs, box, steps,
        },
      });
      const running = workers.map((w) => w.run());
      stops.push(async () => {
        for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
        await Promise.all(running);
        await connection.close();
      });
    }

    let app: ReturnType<typeof createApp> | null = null;
    let dispatcher: Dispatcher | null = null;
    let ruleDispatcher: RuleDispatcher | null = null;
    let port = config.port;
    let smtpPort: number | null = null;
    if (config.role !== 'worker') {
      dispatcher = new Dispatcher({ db, client, taskQueue: config.temporal.taskQueue, autoCloseAfterMs: config.caseAutoCloseAfterMs, log });
      dispatcher.start();
      stops.push(() => dispatcher!.stop());
      const d = dispatcher;
      wakeDispatcher = () => d.wake();
      // Routing (issue #10): waiting cases are offered again once an agent with free capacity is available.
      const sweeper = new BacklogSweeper({ db, client, log });
      sweeper.start();
      stops.push(() => sweeper.stop());
      const rd = new RuleDispatcher({ db, client, taskQueue: rulesTaskQueue(config.temporal.taskQueue), steps, log });
      ruleDispatcher = rd;
      rd.start();
      stops.push(() => rd.stop());
      // Events recorded in this process (ingest, agent actions, the worker's activities) go out at once.
      stops.push(onRuleEventRecorded(() => rd.wake()));
      // Privacy: rule-run histories that quote masked or deleted text are deleted once the runs end.
      const purger = new HistoryPurger({ db, client, namespace: config.temporal.namespace, log });
      purger.start();
      stops.push(() => purger.stop());
      const ruleHooks = createRuleSchedules({ db, client, taskQueue: rulesTaskQueue(config.temporal.taskQueue), log });
      ruleHooks.syncAll().catch((err) => log(`rule schedules: ${(err as Error).message}`));
      // Inbound messages from every path (webhooks, the website, mail) wake the dispatcher at once.
      const ingestAndWake = (channel: IngestChannel, events: InboundEvent[]) => {
        const result = ingestEvents(db, channel, events);
        if (result.caseIds.length) {
          d.wake();
          // Names and languages the webhook did not carry, from the provider's profile: after the commit, never awaited.
          setImmediate(() => void enrichContactProfiles({ db, channels, fetch: opts.fetch, log }, channel, result.caseIds));
        }
        return result;
      };
      const commands: CaseCommandDeps = {
        db, channels, client, taskQueue: config.temporal.taskQueue, autoCloseAfterMs: config.caseAutoCloseAfterMs, wakeDispatcher,
      };
      app = createApp({
        db, channels, commands, bodyLimitBytes: config.bodyLimitBytes, adminToken: config.adminToken,
        publicUrl: config.publicUrl, trustProxy: config.trustProxy,
        box, steps, ruleHooks,
        ingest: ingestAndWake,
        // A health check must answer quickly, not wait out the client's reconnect retries.
        checkTemporal: () => client.connection.withDeadline(Date.now() + 2_000, () => client.workflowService.getSystemInfo({})).then(() => undefined),
      });
      const liveSockets = createLiveSocketServer();
      const server: ServerType = await new Promise((resolve, reject) => {
        // Visitors' live web chat sockets (GET /w/:siteId/live) are upgraded through this server.
        const s = serve({ fetch: app!.fetch, port: config.port, hostname: config.host, websocket: { server: liveSockets } }, () => resolve(s));
        s.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE'
          ? new Error(`Port ${config.port} on ${config.host} is already in use: stop what runs there or set PORT to another port.`)
          : err));
      });
      const addr = server.address();
      port = typeof addr === 'object' && addr ? addr.port : config.port;
      if (config.email.smtpPort !== null) {
        const smtp = await startSmtpEndpoint({
          db, port: config.email.smtpPort, host: config.email.smtpHost, maxBytes: config.email.maxMessageBytes, log, ingest: ingestAndWake,
        }).catch((err: NodeJS.ErrnoException) => {
          throw err.code === 'EADDRINUSE' ? new Error(`SMTP port ${config.email.smtpPort} is already in use: set PARLEY_SMTP_PORT to another port.`) : err;
        });
        smtpPort = smtp.port;
        stops.push(() => smtp.stop());
      }
      // Email channels that name an IMAP mailbox are read from it.
      const imap = new ImapReaders({
        db, channels, log, pollMs: config.email.imapPollMs, syncMs: config.email.channelSyncMs,
        ingest: ingestAndWake,
      });
      imap.start();
      stops.push(() => imap.stop());
      stops.push(() => new Promise<void>((resolve) => { server.close(() => resolve()); (server as any).closeAllConnections?.(); dropLiveSockets(liveSockets); }));
    }

    return {
      url: `http://127.0.0.1:${port}`, port, temporalAddress: address, temporalUiUrl: devServer?.uiUrl ?? null,
      db, client, app, dispatcher, ruleDispatcher, credentials, smtpPort,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
