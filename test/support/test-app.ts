// The HTTP app over a real SQLite file, without Temporal: for app.request() tests of everything
// that does not need a workflow (validation, auth, webhooks, inbox reads, replies queued).
import type { Client } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap, createApiKey } from '../../engine/accounts/bootstrap';
import { createApp } from '../../engine/api/app';
import type { RuleHooks } from '../../engine/api/routes/rules-deps';
import type { CustomStepCatalogue } from '../../model/rules/catalogue';
import { ChannelStore } from '../../engine/channels/channel-store';
import { openDatabase } from '../../engine/db/open-database';
import { ingestEvents } from '../../engine/ingest/ingest-events';
import { createSecretBox } from '../../engine/security/secret-box';
import { onRuleEventRecorded } from '../../engine/rules/events/event-signal';

export function testApp(opts: { bodyLimitBytes?: number; adminToken?: string; steps?: CustomStepCatalogue; ruleHooks?: RuleHooks } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-app-'));
  const db = openDatabase(join(dir, 'parley.sqlite'));
  const creds = bootstrap(db)!;
  const agentKey = createApiKey(db, creds.accountId, 'agent');
  const supervisorKey = createApiKey(db, creds.accountId, 'supervisor');
  const box = createSecretBox(randomBytes(32));
  const channels = new ChannelStore(db, box, 'https://parley.example.com');
  let wakes = 0;
  let ruleEventWakes = 0;
  const noTemporal = new Proxy({}, { get() { throw new Error('Temporal is not running in this test'); } }) as Client;
  const app = createApp({
    db, channels, bodyLimitBytes: opts.bodyLimitBytes ?? 64 * 1024, adminToken: opts.adminToken,
    commands: { db, channels, client: noTemporal, taskQueue: 'unused', autoCloseAfterMs: 1000, wakeDispatcher: () => { wakes++; } },
    ingest: (channel, events) => ingestEvents(db, channel, events),
    checkTemporal: async () => { throw new Error('down'); },
    log: () => {},
    box, steps: opts.steps, ruleHooks: opts.ruleHooks,
  });
  // Rule events recorded in this process wake its rule dispatchers; count the wake-ups.
  const unsubscribe = onRuleEventRecorded(() => { ruleEventWakes++; });
  const request = (path: string, init: RequestInit & { json?: unknown; key?: string | null } = {}) => {
    const headers = new Headers(init.headers);
    if (init.key !== null) headers.set('authorization', `Bearer ${init.key ?? creds.apiKey}`);
    let body = init.body;
    if (init.json !== undefined) { headers.set('content-type', 'application/json'); body = JSON.stringify(init.json); }
    return app.request(path, { ...init, headers, body });
  };
  const count = (table: string) => (db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  return {
    app, db, request, count, adminKey: creds.apiKey, agentKey, supervisorKey, accountId: creds.accountId, credentials: creds,
    box,
    get wakes() { return wakes; },
    get ruleEventWakes() { return ruleEventWakes; },
    close() { unsubscribe(); db.$client.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}
