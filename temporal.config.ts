// Parley's settings file. Every value here can be overridden by the environment variable named
// beside it (see README "Configuration"). Leave `temporal.address` empty to run the embedded
// default: a local `temporal server start-dev` with its SQLite file under the data directory.
import { defineConfig } from './engine/config/define-config';
import { createTicket } from './steps/create-ticket';
import { lookupOrder } from './steps/lookup-order';

export default defineConfig({
  dataDir: './data', // PARLEY_DATA_DIR
  http: {
    port: 8080, // PORT
    host: '0.0.0.0', // HOST
    publicUrl: '', // PARLEY_PUBLIC_URL (default http://localhost:<port>): base of channel webhook URLs
    bodyLimitBytes: 1024 * 1024, // PARLEY_BODY_LIMIT_BYTES
  },
  temporal: {
    address: '', // TEMPORAL_ADDRESS: connect to an existing cluster instead of the embedded dev server
    namespace: 'default', // TEMPORAL_NAMESPACE
    apiKey: '', // TEMPORAL_API_KEY
    tls: false, // TEMPORAL_TLS=true (or set the cert/key paths for mTLS)
    tlsCertPath: '', // TEMPORAL_TLS_CERT_PATH
    tlsKeyPath: '', // TEMPORAL_TLS_KEY_PATH
    taskQueue: 'parley-cases', // TEMPORAL_TASK_QUEUE
    devServer: {
      port: 7233, // TEMPORAL_DEV_PORT
      uiPort: 8233, // TEMPORAL_UI_PORT
      ui: true, // TEMPORAL_UI=false to run headless
    },
  },
  worker: {
    // Case workflows kept in memory between events. Evicted ones are replayed from history on
    // their next event, so a smaller cache trades throughput for memory. null = the SDK's default
    // (about 600 per GB of heap). PARLEY_WORKER_MAX_CACHED_WORKFLOWS
    maxCachedWorkflows: null,
  },
  cases: {
    autoCloseAfter: '24h', // PARLEY_CASE_AUTO_CLOSE_AFTER: a resolved case closes itself after this
  },
  email: {
    // Parley's inbound SMTP endpoint for email channels: point your MX or a forwarding rule at it.
    smtpPort: null, // PARLEY_SMTP_PORT (e.g. 2525; off when empty)
    smtpHost: '0.0.0.0', // PARLEY_SMTP_HOST
    maxMessageBytes: 25 * 1024 * 1024, // PARLEY_SMTP_MAX_BYTES: bigger mail is refused (552)
    imapPollSeconds: 60, // PARLEY_IMAP_POLL_SECONDS: IMAP mailboxes are re-checked this often besides IDLE
  },
  // Which parts this process runs: 'all' (default), or 'api' / 'worker' for scale-out
  // behind one shared Temporal cluster and database. PARLEY_ROLE
  role: 'all',
  // Custom steps (see docs/writing-a-custom-step.md): each one becomes a palette entry in the rule
  // editor and runs on the worker. The two examples only run when a rule uses them.
  steps: [lookupOrder, createTicket],
});
