// Resolves the effective configuration: temporal.config.ts, then environment variables on top.
import { isAbsolute, resolve } from 'node:path';
import type { StepDefinition } from '../steps/define-step';
import type { ParleySettings } from './define-config';
import { parseDuration } from './duration';

export interface ParleyConfig {
  dataDir: string;
  port: number;
  host: string;
  publicUrl: string;
  /** Behind a reverse proxy that sets X-Forwarded-Proto/-For (PARLEY_TRUST_PROXY): Secure cookies and sign-in throttling by the client's address. */
  trustProxy: boolean;
  bodyLimitBytes: number;
  adminToken?: string;
  /** base64 32-byte key for channel secrets; when absent a key file in dataDir is used. */
  secretKey?: string;
  temporal: {
    /** null = run the embedded dev server. */
    address: string | null;
    namespace: string;
    apiKey?: string;
    tls: boolean;
    tlsCertPath?: string;
    tlsKeyPath?: string;
    taskQueue: string;
    devServer: { port: number; uiPort: number; ui: boolean };
  };
  caseAutoCloseAfterMs: number;
  /** Inbound SMTP for email channels; port null = not started (0 = any free port, for tests). */
  email: { smtpPort: number | null; smtpHost: string; maxMessageBytes: number; imapPollMs: number; channelSyncMs: number };
  /** undefined = the Temporal SDK's default. */
  workerMaxCachedWorkflows?: number;
  role: 'all' | 'api' | 'worker';
  /** The developer's custom steps from temporal.config.ts (createStepRegistry checks them at start-up). */
  steps: StepDefinition[];
}

type Env = Record<string, string | undefined>;

function int(env: Env, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${key}: "${raw}" is not a non-negative integer.`);
  return n;
}

function bool(env: Env, key: string, fallback: boolean): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new Error(`${key}: "${raw}" is not a boolean (use true or false).`);
}

const str = (env: Env, key: string, fallback: string) => (env[key] !== undefined && env[key] !== '' ? env[key]! : fallback);

export function resolveConfig(settings: ParleySettings, env: Env = process.env, cwd = process.cwd()): ParleyConfig {
  const dataDirRaw = str(env, 'PARLEY_DATA_DIR', settings.dataDir);
  const port = int(env, 'PORT', settings.http.port);
  const role = str(env, 'PARLEY_ROLE', settings.role);
  if (role !== 'all' && role !== 'api' && role !== 'worker') {
    throw new Error(`PARLEY_ROLE: "${role}" must be one of all, api, worker.`);
  }
  const address = str(env, 'TEMPORAL_ADDRESS', settings.temporal.address);
  const certPath = str(env, 'TEMPORAL_TLS_CERT_PATH', settings.temporal.tlsCertPath);
  const keyPath = str(env, 'TEMPORAL_TLS_KEY_PATH', settings.temporal.tlsKeyPath);
  return {
    dataDir: isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw),
    port,
    host: str(env, 'HOST', settings.http.host),
    publicUrl: str(env, 'PARLEY_PUBLIC_URL', settings.http.publicUrl || `http://localhost:${port}`).replace(/\/+$/, ''),
    bodyLimitBytes: int(env, 'PARLEY_BODY_LIMIT_BYTES', settings.http.bodyLimitBytes),
    trustProxy: bool(env, 'PARLEY_TRUST_PROXY', false),
    adminToken: env.PARLEY_ADMIN_TOKEN || undefined,
    secretKey: env.PARLEY_SECRET_KEY || undefined,
    temporal: {
      address: address || null,
      namespace: str(env, 'TEMPORAL_NAMESPACE', settings.temporal.namespace),
      apiKey: str(env, 'TEMPORAL_API_KEY', settings.temporal.apiKey) || undefined,
      tls: bool(env, 'TEMPORAL_TLS', settings.temporal.tls) || Boolean(certPath && keyPath),
      tlsCertPath: certPath || undefined,
      tlsKeyPath: keyPath || undefined,
      taskQueue: str(env, 'TEMPORAL_TASK_QUEUE', settings.temporal.taskQueue),
      devServer: {
        port: int(env, 'TEMPORAL_DEV_PORT', settings.temporal.devServer.port),
        uiPort: int(env, 'TEMPORAL_UI_PORT', settings.temporal.devServer.uiPort),
        ui: bool(env, 'TEMPORAL_UI', settings.temporal.devServer.ui),
      },
    },
    workerMaxCachedWorkflows: env.PARLEY_WORKER_MAX_CACHED_WORKFLOWS
      ? int(env, 'PARLEY_WORKER_MAX_CACHED_WORKFLOWS', 0)
      : (settings.worker.maxCachedWorkflows ?? undefined),
    caseAutoCloseAfterMs: parseDuration(str(env, 'PARLEY_CASE_AUTO_CLOSE_AFTER', settings.cases.autoCloseAfter), 'PARLEY_CASE_AUTO_CLOSE_AFTER'),
    email: {
      smtpPort: env.PARLEY_SMTP_PORT !== undefined && env.PARLEY_SMTP_PORT !== '' ? int(env, 'PARLEY_SMTP_PORT', 0) : (settings.email?.smtpPort ?? null),
      smtpHost: str(env, 'PARLEY_SMTP_HOST', settings.email?.smtpHost ?? '0.0.0.0'),
      maxMessageBytes: int(env, 'PARLEY_SMTP_MAX_BYTES', settings.email?.maxMessageBytes ?? 25 * 1024 * 1024),
      imapPollMs: int(env, 'PARLEY_IMAP_POLL_SECONDS', settings.email?.imapPollSeconds ?? 60) * 1000,
      // How soon a new, changed or removed IMAP mailbox is picked up (tests shorten it).
      channelSyncMs: int(env, 'PARLEY_EMAIL_CHANNEL_SYNC_MS', 30_000),
    },
    role,
    steps: settings.steps ?? [],
  };
}
