// `npm start`: brings Parley up on the embedded default (SQLite + a local Temporal dev server),
// or against TEMPORAL_ADDRESS, and shuts everything down cleanly on SIGINT/SIGTERM.
import settings from '../temporal.config';
import { resolveConfig } from './config/resolve-config';
import { consoleBuilt } from './api/routes/console';
import { startParley } from './parley';

async function main() {
  const config = resolveConfig(settings);
  const log = (msg: string) => console.log(`[parley] ${msg}`);
  const parley = await startParley(config, { log });

  const base = config.publicUrl;
  log(`ready (${config.role === 'all' ? 'API + worker' : config.role})`);
  if (parley.app) {
    log(consoleBuilt()
      ? `console      ${base}/  (sign in to draw automation rules)`
      : `console      not built: run \`npm run build:editor\`, then open ${base}/`);
    log(`API          ${base}/api/v1`);
    log(`API docs     ${base}/api/docs  (OpenAPI: ${base}/api/openapi.json)`);
    log(`health       ${base}/healthz`);
  }
  log(`Temporal     ${parley.temporalAddress}${config.temporal.address ? '' : ' (embedded dev server)'}`);
  if (parley.temporalUiUrl) log(`Temporal UI  ${parley.temporalUiUrl}`);
  log(`data         ${config.dataDir}`);
  if (parley.credentials) {
    const c = parley.credentials;
    console.log(
      `\n  First start: an account and its administrator were created. Save these now, they are not shown again.\n` +
        `    admin login     ${c.email}\n    admin password  ${c.password}   (sign in at ${base}/ , or POST ${base}/api/v1/auth/login)\n` +
        `    admin API key   ${c.apiKey}   (for scripts and integrations)\n` +
        `  Try:  curl -H "Authorization: Bearer ${c.apiKey}" ${base}/api/v1/cases\n`,
    );
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received: draining the worker, closing the database, stopping Temporal…`);
    const force = setTimeout(() => { console.error('[parley] shutdown took too long; exiting.'); process.exit(1); }, 30_000);
    force.unref();
    await parley.stop();
    log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error(`[parley] failed to start: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
